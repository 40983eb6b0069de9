import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deliveryArb, validHistoriesArb, webhookBodyArb } from '../testing/arbitraries.js'
import { SEED_WEBHOOKS } from '../testing/seeds.js'
import { compactSlipReport, expandSlipReport } from './compact.js'
import { compactSlipJson } from './compact-json.js'
import { jsonString } from './json-bytes.js'
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

  it('writes the compact JSON by hand exactly as JSON.stringify writes the compact report', () => {
    let written = 0
    fc.assert(
      fc.property(bodiesArb, fc.boolean(), (bodies, strict) => {
        for (const slip of Object.values(replay(bodies, { strict }).slips)) {
          expect(compactSlipJson(slip)).toBe(JSON.stringify(compactSlipReport(slip)))
          written++
        }
      }),
      { numRuns: 1000 },
    )
    expect(written).toBeGreaterThan(1000)
    for (const slip of Object.values(replay(SEED_WEBHOOKS.map((s) => s.body)).slips))
      expect(compactSlipJson(slip)).toBe(JSON.stringify(compactSlipReport(slip)))
    // Odd values where the fold keeps what QI sent: an unknown payment method, an error, escapes.
    const [slip] = Object.values(replay(SEED_WEBHOOKS.map((s) => s.body)).slips)
    const odd = {
      ...slip!,
      bankSlipKey: 'k"\\\u0001é\ud800',
      payment: {
        paidAmountCents: 1,
        paidRebateAmountCents: null,
        paidDiscountAmountCents: 0,
        paidFineAmountCents: Number.NaN,
        paidInterestAmountCents: -0,
        paymentMethod: { _tag: 'Unknown' as const, raw: [1, { a: null }] },
        paymentOrigin: null,
        paymentCreditDate: '2024-01-01',
      },
      termChanges: { fine: 2 },
      error: 'stopped',
    }
    expect(compactSlipJson(odd)).toBe(JSON.stringify(compactSlipReport(odd)))
  })

  it('quotes strings exactly as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.uuid()), (text) => {
        expect(jsonString(text)).toBe(JSON.stringify(text))
      }),
      { numRuns: 5000 },
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
