import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bankMod11, convenioMod11, mod10, mod11Remainder } from './index.js'
import { digitsArb } from './testing/arbitraries.js'

/** Replaces position `i` of `s` with `c`. */
const put = (s: string, i: number, c: string): string => s.slice(0, i) + c + s.slice(i + 1)
/** Swaps positions i and i+1. */
const swap = (s: string, i: number): string => s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2)
const bump = (digit: string, delta: number): string => `${(Number(digit) + delta) % 10}`

/** A digit string whose remainder modulo 11 (weights 2..9 from the right) is `r`, found by adjusting the last digit. */
const withRemainder = (r: number, prefix = '3189383350000083548000505050051213002116494'): string => {
  for (let d = 0; d < 10; d++) {
    for (let i = 0; i < prefix.length; i++) {
      const s = put(prefix, i, `${d}`)
      if (mod11Remainder(s) === r) return s
    }
  }
  throw new Error(`no string with remainder ${r}`)
}

describe('mod10', () => {
  it('computes the FEBRABAN modulo-10 digit (weights 2,1 from the right, digits of products summed)', () => {
    // Fields of QI's worked example 31890.00502 50500.512137 00211.649462.
    expect(mod10('318900050')).toBe(2)
    expect(mod10('5050051213')).toBe(7)
    expect(mod10('0021164946')).toBe(2)
    expect(mod10('')).toBe(0)
    expect(mod10('0000')).toBe(0)
  })

  it('rejects anything but digits with a RangeError naming the position', () => {
    expect(() => mod10('12a4')).toThrow(/position 3/)
    expect(() => mod10('1 2')).toThrow(RangeError)
  })

  it('detects every single-digit substitution in data or DV', () => {
    fc.assert(
      fc.property(digitsArb(20), fc.nat(20), fc.integer({ min: 1, max: 9 }), (data, at, delta) => {
        const protectedDigits = data + mod10(data)
        const changed = put(protectedDigits, at, bump(protectedDigits[at]!, delta))
        expect(mod10(changed.slice(0, -1))).not.toBe(Number(changed.at(-1)))
      }),
      { numRuns: 3000 },
    )
  })

  it('detects every adjacent transposition of different digits except 0↔9', () => {
    fc.assert(
      fc.property(digitsArb(20), fc.nat(19), (data, at) => {
        const protectedDigits = data + mod10(data)
        fc.pre(protectedDigits[at] !== protectedDigits[at + 1])
        const changed = swap(protectedDigits, at)
        const detected = mod10(changed.slice(0, -1)) !== Number(changed.at(-1))
        const zeroNine = new Set([protectedDigits[at], protectedDigits[at + 1]])
        expect(detected).toBe(!(zeroNine.has('0') && zeroNine.has('9')))
      }),
      { numRuns: 3000 },
    )
    // The exception exists: 2·0 and 1·9 sum like 2·9 (digits 1+8) and 1·0.
    expect(mod10('09')).toBe(mod10('90'))
  })
})

describe('modulo 11: bank and convênio rules', () => {
  it('computes the remainder with weights 2..9 repeating from the right', () => {
    expect(mod11Remainder('1')).toBe(2)
    expect(mod11Remainder('11')).toBe(5)
    expect(mod11Remainder('100000000')).toBe(2) // the 9th digit from the right wraps back to weight 2
    expect(mod11Remainder('3189833500000835480005050500512130021164946')).toBe(8) // worked example: DV 3
    expect(bankMod11('3189833500000835480005050500512130021164946')).toBe(3)
  })

  it('maps remainder 0 and 1 to 1 for banks but to 0 for convênios, and 10 to 1 for both (the classic bug)', () => {
    const r0 = withRemainder(0)
    const r1 = withRemainder(1)
    const r10 = withRemainder(10)
    expect([bankMod11(r0), bankMod11(r1), bankMod11(r10)]).toEqual([1, 1, 1])
    expect([convenioMod11(r0), convenioMod11(r1), convenioMod11(r10)]).toEqual([0, 0, 1])
    for (let r = 2; r < 10; r++) {
      const s = withRemainder(r)
      expect(bankMod11(s)).toBe(11 - r)
      expect(convenioMod11(s)).toBe(11 - r)
    }
  })

  it('never gives a bank DV of 0', () => {
    fc.assert(
      fc.property(digitsArb(43), (s) => {
        expect(bankMod11(s)).toBeGreaterThan(0)
      }),
      { numRuns: 2000 },
    )
  })

  it('bank rule: a single substitution is missed exactly when both remainders are among 0, 1 and 10 (all give DV 1)', () => {
    fc.assert(
      fc.property(digitsArb(43), fc.nat(42), fc.integer({ min: 1, max: 9 }), (data, at, delta) => {
        const changed = put(data, at, bump(data[at]!, delta))
        const before = mod11Remainder(data)
        const after = mod11Remainder(changed)
        const oneDv = (r: number): boolean => r === 0 || r === 1 || r === 10
        expect(after).not.toBe(before) // weights 2..9 are invertible mod 11, so the remainder always moves
        expect(bankMod11(changed) === bankMod11(data)).toBe(oneDv(before) && oneDv(after))
      }),
      { numRuns: 3000 },
    )
  })

  it('convênio rule: a single substitution is missed exactly when the remainder moves between 0 and 1', () => {
    fc.assert(
      fc.property(digitsArb(11), fc.nat(10), fc.integer({ min: 1, max: 9 }), (data, at, delta) => {
        const changed = put(data, at, bump(data[at]!, delta))
        const pair = new Set([mod11Remainder(data), mod11Remainder(changed)])
        expect(convenioMod11(changed) === convenioMod11(data)).toBe(pair.has(0) && pair.has(1))
      }),
      { numRuns: 3000 },
    )
  })

  it('an adjacent transposition always changes the remainder (adjacent weights differ by 1 or 7)', () => {
    fc.assert(
      fc.property(digitsArb(43), fc.nat(41), (data, at) => {
        fc.pre(data[at] !== data[at + 1])
        expect(mod11Remainder(swap(data, at))).not.toBe(mod11Remainder(data))
      }),
      { numRuns: 3000 },
    )
  })
})
