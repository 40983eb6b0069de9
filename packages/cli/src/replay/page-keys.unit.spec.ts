import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { keyCodes } from './page-keys.js'

describe('keyCodes', () => {
  it('gives each key back, as bytes when all are Latin-1 and as UTF-16 code units otherwise', () => {
    const keyArb = fc.oneof(
      fc.uuid(),
      fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)) }),
      fc.string({ unit: 'binary' }),
    )
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 40 }), (keys) => {
        const { keyCodes: codes, keyEnds } = keyCodes(keys)
        const latin1 = keys.every((k) => [...k].every((c) => c.charCodeAt(0) <= 0xff && c.length === 1))
        expect(codes instanceof Uint8Array).toBe(latin1)
        expect(keyEnds).toHaveLength(keys.length)
        keys.forEach((key, i) => {
          const start = i === 0 ? 0 : keyEnds[i - 1]!
          expect(String.fromCharCode(...codes.subarray(start, keyEnds[i]!))).toBe(key)
        })
        // A moved buffer holds exactly the codes.
        expect(codes.byteOffset).toBe(0)
      }),
    )
  })
})
