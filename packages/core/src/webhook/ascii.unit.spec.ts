import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ascii, built } from './ascii.js'

/** A byte array with a range inside it: short, usual (UUIDs, datetimes) and long strings. */
const bytesAndRange = fc
  .uint8Array({ minLength: 0, maxLength: 80 })
  .chain((bytes) =>
    fc
      .tuple(fc.nat({ max: bytes.length }), fc.nat({ max: bytes.length }))
      .map(([a, b]) => ({ bytes, s: Math.min(a, b), e: Math.max(a, b) })),
  )

/** The reference: one character per byte. */
const characters = (b: Uint8Array, s: number, e: number): string =>
  Array.from(b.subarray(s, e), (c) => String.fromCharCode(c)).join('')

describe('ascii', () => {
  it('gives one character per byte, natively or built, at any length and offset', () => {
    fc.assert(
      fc.property(bytesAndRange, ({ bytes, s, e }) => {
        const expected = characters(bytes, s, e)
        expect(ascii(bytes, s, e)).toBe(expected)
        expect(built(bytes, s, e)).toBe(expected)
      }),
    )
  })

  it('reads a UUID and a datetime from the middle of a line', () => {
    const line = new TextEncoder().encode(
      '{"k":"13eda44b-0ff3-4a00-a64b-6fc6d3e313d4","at":"2024-08-01T00:00:00.876Z"}',
    )
    expect(ascii(line, 6, 42)).toBe('13eda44b-0ff3-4a00-a64b-6fc6d3e313d4')
    expect(ascii(line, 50, 74)).toBe('2024-08-01T00:00:00.876Z')
    expect(ascii(line, 6, 6)).toBe('')
  })
})
