import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareKeys, sortByKey } from './key-order.js'

describe('sortByKey', () => {
  it('orders as Array#sort orders strings, whatever the keys', () => {
    const key = fc.oneof(
      fc.uuid(),
      fc.string({ maxLength: 4 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
      fc.constantFrom('', 'a', '\u007f', '\u0080', '\uffff', 'a\u0080', 'a\u007f', '\ud800', '\u{1f600}'),
    )
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), (keys) => {
        const items = keys.map((k, i) => ({ k, i }))
        const sorted = sortByKey(items, (x) => x.k)
        expect(sorted.map((x) => x.k)).toEqual([...keys].sort())
        // Stable, like Array#sort: equal keys keep their order.
        expect(sorted).toEqual([...items].sort((a, b) => compareKeys(a.k, b.k)))
      }),
      { numRuns: 3000 },
    )
  })

  it('orders thousands of keys that share long prefixes (runs decided by the key)', () => {
    const keys = fc.sample(
      fc.oneof(
        fc.nat(99_999).map((n) => `slip-${n}`),
        fc.nat(999).map((n) => `~~~~~~~~${n}`),
        fc.uuid(),
      ),
      { numRuns: 20_000, seed: 3 },
    )
    const sorted = sortByKey(
      keys.map((k, i) => ({ k, i })),
      (x) => x.k,
    )
    expect(sorted.map((x) => x.k)).toEqual([...keys].sort())
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i]!.k === sorted[i - 1]!.k) expect(sorted[i]!.i).toBeGreaterThan(sorted[i - 1]!.i)
  })
})
