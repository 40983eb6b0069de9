import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { keyHash, keyHashOfBytes, ownerOf } from './partition.js'

describe('partition', () => {
  it('is FNV-1a over UTF-16 code units', () => {
    expect(keyHash('')).toBe(0x811c9dc5)
    expect(keyHash('a')).toBe(0xe40c292c)
  })

  it('spreads UUID keys evenly over the workers', () => {
    const keys = fc.sample(fc.uuid(), { numRuns: 20_000, seed: 1 })
    for (const workers of [2, 3, 4]) {
      const counts = new Array<number>(workers).fill(0)
      for (const key of keys) counts[ownerOf(key, workers)]!++
      for (const n of counts) expect(Math.abs(n - keys.length / workers)).toBeLessThan(keys.length * 0.03)
    }
  })

  it('hashes an ASCII key the same from its bytes', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }),
        (key) => {
          const bytes = Buffer.from(`..${key}..`, 'latin1')
          expect(keyHashOfBytes(bytes, 2, bytes.length - 2)).toBe(keyHash(key))
        },
      ),
      { numRuns: 2000 },
    )
  })
})
