import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deliveryArb, validHistoriesArb, webhookBodyArb } from '../testing/arbitraries.js'
import { SEED_WEBHOOKS } from '../testing/seeds.js'
import { compactSlipReport, expandSlipReport } from './compact.js'
import { replay } from './replay.js'

/** Delivered histories, plus arbitrary bodies (unknown values, payments) for the odd fields. */
const bodiesArb = fc.oneof(
  validHistoriesArb({ maxSlips: 4, maxLength: 6 }).chain((slips) =>
    deliveryArb(slips.flat().map((s) => s.body)),
  ),
  fc.array(webhookBodyArb({ bankSlipKey: 'k' }), { maxLength: 8 }),
)

describe('compact slip reports', () => {
  it('expanding the compact JSON gives back the report exactly, in its field order', () => {
    fc.assert(
      fc.property(bodiesArb, fc.boolean(), (bodies, strict) => {
        for (const slip of Object.values(replay(bodies, { strict }).slips)) {
          const compactJson = JSON.stringify(compactSlipReport(slip))
          const expanded = expandSlipReport(JSON.parse(compactJson))
          expect(JSON.stringify(expanded)).toBe(JSON.stringify(slip))
          expect(expanded).toStrictEqual(JSON.parse(JSON.stringify(slip)))
        }
      }),
      { numRuns: 500 },
    )
  })

  it('leaves out only fields at their initial value, and knows every field of the report', () => {
    const report = replay(
      SEED_WEBHOOKS.map((s) => s.body),
      { strict: true },
    )
    for (const slip of Object.values(report.slips)) {
      const compact = compactSlipReport(slip) as Record<string, unknown>
      const full = slip as unknown as Record<string, unknown>
      for (const field of Object.keys(full)) {
        if (field in compact) expect(compact[field]).toBe(full[field])
        else expect(JSON.stringify(full[field])).toMatch(/^(null|\[\]|\{\}|"none"|0)$/)
      }
      expect(Object.keys(expandSlipReport(compactSlipReport(slip)))).toEqual(Object.keys(full))
    }
  })

  it('a registered boleto is a short line', () => {
    const registration = SEED_WEBHOOKS[0]!.body
    const slip = Object.values(replay([registration]).slips)[0]!
    expect(JSON.stringify(compactSlipReport(slip)).length).toBeLessThan(JSON.stringify(slip).length / 2)
  })
})
