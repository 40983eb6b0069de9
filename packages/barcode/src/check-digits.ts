/**
 * The three check-digit rules of domain.md §4, computed straight from digit strings (`charCodeAt`, no arrays).
 * What a check digit protects is given as `Ranges`: [start, end) pairs in reading order, so one function
 * covers a contiguous field, a barcode without its own DV position, and a barcode's digits scattered over a
 * digitable line. The public string functions validate their input and delegate: one implementation.
 */

/** Digit positions in reading order, as flat [start, end) pairs: `[0, 4, 5, 44]` is 0–3 then 5–43. */
export type Ranges = readonly number[]

/**
 * Digit sum of 2·d, for d = 0..9: the modulo-10 rule adds the digits of each product. Padded to 16 entries
 * and read at `v & 15`, so a non-digit never reads past the end (which would deoptimise the loop).
 */
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9, 0, 0, 0, 0, 0, 0] as const

/** Weights 2..9, read cyclically from the right (a table beats a compare-and-wrap in the hot loop). */
const MOD11_WEIGHT = [2, 3, 4, 5, 6, 7, 8, 9] as const

/*
 * The loops below also check that every character they read is a digit: `v | (9 - v)` is negative exactly
 * when v is outside 0..9, and a non-digit makes the answer NaN, which equals no check digit. `decode` relies on
 * it to skip a separate validation pass on clean input (parse.ts).
 */

/**
 * Pure. Modulo-10 check digit of the digits of `s` at `ranges`: weights 2,1,2,1… from the right, digits of
 * the products summed, DV = (10 − sum mod 10) mod 10. NaN if any character there is not a digit.
 */
export const mod10OfRanges = (s: string, ranges: Ranges): number => {
  let sum = 0
  let bad = 0
  let double = true
  for (let r = ranges.length - 2; r >= 0; r -= 2) {
    const start = ranges[r]!
    for (let i = ranges[r + 1]! - 1; i >= start; i--) {
      const v = s.charCodeAt(i) - 48
      bad |= v | (9 - v)
      sum += double ? DOUBLED[v & 15]! : v
      double = !double
    }
  }
  return bad < 0 ? Number.NaN : (10 - (sum % 10)) % 10
}

/**
 * Pure. Remainder modulo 11 of the digits of `s` at `ranges`, weighted 2..9 repeating from the right. NaN if
 * any character there is not a digit (and NaN stays NaN through both DV rules below).
 */
export const mod11RemainderOfRanges = (s: string, ranges: Ranges): number => {
  let sum = 0
  let bad = 0
  let k = 0
  for (let r = ranges.length - 2; r >= 0; r -= 2) {
    const start = ranges[r]!
    for (let i = ranges[r + 1]! - 1; i >= start; i--) {
      const v = s.charCodeAt(i) - 48
      bad |= v | (9 - v)
      sum += v * MOD11_WEIGHT[k++ & 7]!
    }
  }
  return bad < 0 ? Number.NaN : sum % 11
}

/** Pure. Bank rule: DV = 11 − r, and 0, 10 or 11 become 1 (so remainders 0, 1 and 10 all give 1). */
export const bankDvFromRemainder = (r: number): number => (r < 2 ? 1 : 11 - r)

/** Pure. Convênio rule: DV = 11 − r, where r = 0 or 1 gives 0 and r = 10 gives 1. Not the bank rule. */
export const convenioDvFromRemainder = (r: number): number => (r < 2 ? 0 : 11 - r)

/** Pure. `[0, digits.length]`, after checking that `digits` holds only 0-9 (a RangeError names the first other). */
const allDigits = (digits: string): Ranges => {
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i)
    if (c < 48 || c > 57)
      throw new RangeError(`not a digit at position ${i + 1}: ${JSON.stringify(digits[i])}`)
  }
  return [0, digits.length]
}

/** Pure. Modulo-10 check digit of a digit string (bank fields 1–3; convênio with value identifier 6 or 7). */
export const mod10 = (digits: string): number => mod10OfRanges(digits, allDigits(digits))

/** Pure. Remainder modulo 11 of a digit string, weights 2..9 from the right: both modulo-11 rules start here. */
export const mod11Remainder = (digits: string): number => mod11RemainderOfRanges(digits, allDigits(digits))

/** Pure. Bank general check digit of the 43 barcode digits other than position 5 (never 0). */
export const bankMod11 = (digits: string): number => bankDvFromRemainder(mod11Remainder(digits))

/** Pure. Convênio modulo-11 check digit (value identifier 8 or 9): remainders 0 and 1 give 0, 10 gives 1. */
export const convenioMod11 = (digits: string): number => convenioDvFromRemainder(mod11Remainder(digits))
