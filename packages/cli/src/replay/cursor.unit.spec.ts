import { createReplayAccumulator } from '@boleto/core/replay'
import { SEED_WEBHOOKS } from '@boleto/core/testing/seeds'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ReplayCursor } from './cursor.js'

/** Webhooks of `n` boletos, each delivered twice (a duplicate anomaly each), in key order. */
const bodies = (n: number): unknown[] => {
  const body = SEED_WEBHOOKS.map((w) => w.body as { data?: Record<string, unknown> }).find(
    (b) => typeof b.data?.bank_slip_key === 'string',
  )!
  return Array.from({ length: n }, (_, i) => {
    const key = `k${String(i).padStart(6, '0')}`
    return { ...body, data: { ...body.data, bank_slip_key: key } }
  }).flatMap((b) => [b, b])
}

const fed = (list: readonly unknown[]) => {
  const accumulator = createReplayAccumulator()
  for (const [i, body] of list.entries()) accumulator.add(body, i + 1)
  return accumulator
}

describe('ReplayCursor anomalies', () => {
  // ~12,000 boletos with anomalies: several megabytes, over several chunks.
  const list = bodies(12_000)
  const expected = fed(list)
    .finish()
    .anomalies.map((a) => JSON.stringify(a))
    .join(',')

  it('gives every boleto’s anomalies back in pages of any size, across chunks, byte for byte', () => {
    expect(expected.length).toBeGreaterThan(2 * 1024 * 1024)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 4_000 }), (visit, page) => {
        const cursor = new ReplayCursor(fed(list))
        // Pages of anomalies are read as boletos are folded, any number at a time.
        let text = ''
        let from = 0
        const take = (): void => {
          for (;;) {
            const p = cursor.anomaliesPage(from, page)
            const decoded = new TextDecoder().decode(p.bytes)
            // Each boleto's bytes start with a comma; `ends` say where each ends.
            expect(p.ends.length).toBe(p.keys.length)
            if (p.keys.length > 0) expect(p.ends[p.ends.length - 1]).toBe(p.bytes.length)
            text += decoded
            from += p.keys.length
            if (p.keys.length < page) return
          }
        }
        for (;;) {
          const keys = cursor.visit(visit, () => {})
          take()
          if (keys.length < visit) break
        }
        expect(text.slice(1)).toBe(expected)
      }),
      { numRuns: 12 },
    )
  })
})
