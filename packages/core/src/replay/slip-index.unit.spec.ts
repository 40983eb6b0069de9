import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NO_RECORD } from './packed.js'
import { keyHash, keyHashOfBytes, NO_SLIP, SlipIndex } from './slip-index.js'

const asciiKey = fc.oneof(
  fc.uuid(),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
)
/** Keys QI might send that are not ASCII: accents, lone surrogates, DEL and past. */
const anyKey = fc.oneof(
  asciiKey,
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.constantFrom('\u007f', '\u0080', 'a\u00e9', '\ud800', '\u{1f600}', ''),
)

const isAscii = (key: string): boolean => [...key].every((c) => c.charCodeAt(0) < 0x80)

describe('SlipIndex', () => {
  it('behaves as a Map by key, found by text or by bytes, even when every hash collides', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), key: anyKey, bytes: fc.boolean() }),
      fc.record({ kind: fc.constant('remove' as const), key: anyKey }),
      fc.record({ kind: fc.constant('count' as const), key: anyKey, by: fc.nat(5) }),
      fc.record({ kind: fc.constant('clear' as const), release: fc.boolean() }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.constantFrom(1, 4, 2 ** 32), (ops, buckets) => {
        // A tiny hash range forces collisions; 2^32 is the real one.
        const hashOf = (key: string) => keyHash(key) % buckets
        const index = new SlipIndex()
        const model = new Map<string, { id: number; count: number; newest: number }>()
        const encoder = new TextEncoder()
        for (const [n, o] of ops.entries()) {
          if (o.kind === 'clear') {
            index.clear(o.release)
            model.clear()
            continue
          }
          const { key } = o
          const held = model.get(key)
          if (o.kind === 'add' && held === undefined) {
            let id: number
            if (o.bytes && isAscii(key)) {
              const bytes = encoder.encode(`"${key}"`)
              id = index.addBytes(bytes, 1, bytes.length - 1, hashOf(key))
            } else id = index.add(key, hashOf(key))
            expect(index.newest(id)).toBe(NO_RECORD)
            index.setNewest(id, n)
            model.set(key, { id, count: 0, newest: n })
          } else if (o.kind === 'remove' && held !== undefined) {
            index.remove(held.id)
            model.delete(key)
          } else if (o.kind === 'count' && held !== undefined) {
            index.addCount(held.id, o.by)
            held.count += o.by
          }
          expect(index.find(key, hashOf(key))).toBe(model.get(key)?.id ?? NO_SLIP)
          if (isAscii(key)) {
            const bytes = encoder.encode(`..${key}..`)
            expect(index.findBytes(bytes, 2, bytes.length - 2, hashOf(key))).toBe(
              model.get(key)?.id ?? NO_SLIP,
            )
          }
          expect(index.size).toBe(model.size)
        }
        const entries = [...model.entries()]
        // Insertion order (ids are handed out in order).
        expect([...index.ids()]).toEqual(entries.map(([, v]) => v.id).sort((a, b) => a - b))
        for (const [key, { id, count, newest }] of entries) {
          expect(index.key(id)).toBe(key)
          expect(index.hash(id)).toBe(hashOf(key))
          expect(index.count(id)).toBe(count)
          expect(index.newest(id)).toBe(newest)
          expect(index.withHash(hashOf(key))).toContain(id)
          for (const other of index.withHash(hashOf(key))) expect(hashOf(index.key(other))).toBe(hashOf(key))
        }
        const byNumber = (a: number, b: number) => a - b
        expect([...index.hashes()].sort(byNumber)).toEqual(
          [...new Set(entries.map(([k]) => hashOf(k)))].sort(byNumber),
        )
        for (const o of ops)
          if (o.kind !== 'clear')
            expect(index.holds(hashOf(o.key))).toBe(entries.some(([k]) => hashOf(k) === hashOf(o.key)))
        expect([...index.sortedIds()].map((id) => index.key(id))).toEqual(entries.map(([k]) => k).sort())
      }),
      { numRuns: 2000 },
    )
  })

  it('holds a hundred thousand keys, removed and added again, through its growth', () => {
    const index = new SlipIndex()
    const keys = Array.from({ length: 100_000 }, (_, i) => `slip-${i}`)
    for (const key of keys) index.add(key)
    for (let i = 0; i < keys.length; i += 2) index.remove(index.find(keys[i]!))
    for (let i = 0; i < keys.length; i += 4) index.add(keys[i]!)
    expect(index.size).toBe(75_000)
    for (const [i, key] of keys.entries())
      expect(index.find(key) !== NO_SLIP).toBe(i % 2 === 1 || i % 4 === 0)
    const sorted = [...index.sortedIds()].map((id) => index.key(id))
    expect(sorted).toEqual(keys.filter((_, i) => i % 2 === 1 || i % 4 === 0).sort())
  })

  it('takes any size hint, nonsense and huge ones included, without changing what it holds', () => {
    for (const hint of [Number.NaN, Number.POSITIVE_INFINITY, -5, 0.5, 1e12, 3]) {
      const index = new SlipIndex(hint)
      const keys = Array.from({ length: 40 }, (_, i) => `k${i}`)
      for (const key of keys) index.add(key)
      for (const [i, key] of keys.entries()) {
        expect(index.find(key)).toBe(i)
        expect(index.key(i)).toBe(key)
      }
      expect(index.size).toBe(40)
    }
  })

  it('hashes a key from its ASCII bytes as from its text', () => {
    fc.assert(
      fc.property(asciiKey, (key) => {
        const bytes = new TextEncoder().encode(`..${key}..`)
        expect(keyHashOfBytes(bytes, 2, bytes.length - 2)).toBe(keyHash(key))
      }),
      { numRuns: 2000 },
    )
    expect(keyHash('')).toBe(0x811c9dc5)
    expect(keyHash('a')).toBe(0xe40c292c)
  })
})
