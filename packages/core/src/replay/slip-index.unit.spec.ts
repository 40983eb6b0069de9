import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { keyHash, keyHashOfBytes, SlipIndex } from './slip-index.js'

const asciiKey = fc.oneof(
  fc.uuid(),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
)

describe('SlipIndex', () => {
  it('behaves as a Map by key, found by text or by bytes, even when every hash collides', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), key: asciiKey }),
      fc.record({ kind: fc.constant('delete' as const), key: asciiKey }),
      fc.record({ kind: fc.constant('get' as const), key: asciiKey }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.constantFrom(1, 4, 2 ** 32), (ops, buckets) => {
        // A tiny hash range forces collisions; 2^32 is the real one.
        const hashOf = (key: string) => keyHash(key) % buckets
        const index = new SlipIndex<{ key: string; n: number }>()
        const model = new Map<string, { key: string; n: number }>()
        for (const [n, { kind, key }] of ops.entries()) {
          const bytes = new TextEncoder().encode(`"${key}"`)
          if (kind === 'add' && !model.has(key)) {
            const item = { key, n }
            index.add(item, hashOf(key))
            model.set(key, item)
          } else if (kind === 'delete') {
            index.delete(key, hashOf(key))
            model.delete(key)
          }
          expect(index.get(key, hashOf(key))).toBe(model.get(key))
          expect(index.getBytes(bytes, 1, bytes.length - 1, hashOf(key))).toBe(model.get(key))
          expect(index.size).toBe(model.size)
        }
        expect(new Set(index.values())).toEqual(new Set(model.values()))
      }),
      { numRuns: 2000 },
    )
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
