/**
 * What the check digits of a valid line can and cannot detect, stated precisely and checked on thousands of
 * generated lines. Positions are 0-based digits of the line (no separators).
 *
 * Bank line (47): fields 1–3 are 0–9, 10–20, 21–31 (DV last); 32 is the general DV; 33–46 is field 5
 * (factor and amount), protected by the general DV only. A first digit turned into 8 makes the line read as a
 * convênio line one digit short: INVALID_LENGTH, before any check digit.
 * - B1. A single-digit change inside fields 1–3 is always detected by that field's modulo-10 DV.
 * - B2. A change to the general DV is always detected.
 * - B3. A change in field 5 is detected by the general DV unless the barcode's modulo-11 remainder moves
 *   within {0, 1, 10}: the bank rule maps all three to DV 1.
 * - B4. Swapping two different adjacent digits inside one of fields 1–3 is detected by that field's DV, except
 *   0↔9 (modulo 10's blind spot).
 * - B5. A swap across two fields (9|10, 20|21, 31|32) is always detected by the first field's DV.
 * - B6. A swap inside field 5 is detected by the general DV unless the remainder moves within {0, 1, 10}.
 * - B7. The swap 32|33 (general DV ↔ first factor digit) has no guarantee: it is missed exactly when the digit
 *   moved into position 32 happens to be the right DV for the changed barcode.
 *
 * Convênio line (48): blocks are 0–11, 12–23, 24–35, 36–47 (DV last). Position 0 must be the product digit 8:
 * any change there is INVALID_PRODUCT. Position 2, the value identifier, chooses the modulus for every DV, so a
 * change there is left out below (see decode.unit.spec.ts).
 * - C1. Modulo 10 (identifier 6 or 7): a single-digit change is always detected by its block's DV.
 * - C2. Modulo 11 (8 or 9): a single-digit change is detected by its block's DV unless the block's remainder
 *   moves between 0 and 1 (the convênio rule maps both to 0); a change to the DV itself is always detected.
 * - C3. A swap inside a block: modulo 10 misses only 0↔9 (DV included); modulo 11, for two data digits, misses
 *   only a remainder moving between 0 and 1 (a swap with the DV itself is missed when the digit moved into the
 *   DV's place happens to be the right DV, as in B7).
 * - C4. A swap across two blocks (11|12, 23|24, 35|36) is always detected by the first block's DV.
 * - C5. Whatever a block DV misses, the general DV sees again over the whole barcode.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  bankMod11,
  convenioMod11,
  type DecodeResult,
  decode,
  mod10,
  mod11Remainder,
  toDigitableLine,
} from './index.js'
import { digitableLineArb } from './testing/arbitraries.js'
import { buildBankBarcode } from './testing/generate.js'

const REF = { referenceDate: '2025-06-01' }
const RUNS = { numRuns: 3000 }

const put = (s: string, i: number, c: string): string => s.slice(0, i) + c + s.slice(i + 1)
const swap = (s: string, i: number): string => s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2)
const change = (line: string, at: number, delta: number): string =>
  put(line, at, `${(Number(line[at]) + delta) % 10}`)
const failure = (r: DecodeResult): { code: string; field: string } | null =>
  r.valid ? null : { code: r.error.code, field: r.error.field }

/** The 43 barcode digits under a bank line's general DV, gathered here independently of the library. */
const bankGeneralDigits = (line: string): string =>
  line.slice(0, 4) + line.slice(33, 47) + line.slice(4, 9) + line.slice(10, 20) + line.slice(21, 31)
const inOneDv = (r: number): boolean => r === 0 || r === 1 || r === 10

const BANK_FIELDS = [
  { field: 'field1', from: 0, to: 9 },
  { field: 'field2', from: 10, to: 20 },
  { field: 'field3', from: 21, to: 31 },
] as const
const bankFieldOf = (i: number) => BANK_FIELDS.find((f) => i >= f.from && i <= f.to)
/** What a change inside fields 1–3 must give: a length error when the line now starts with 8. */
const fieldFailure = (changed: string, at: number) =>
  changed[0] === '8'
    ? { code: 'INVALID_LENGTH', field: 'length' }
    : { code: 'FIELD_CHECK_DIGIT', field: bankFieldOf(at)!.field }

const bankLines = digitableLineArb({ kind: 'bank', referenceDate: REF.referenceDate })
const convenioLines = (valueIdentifiers: readonly (6 | 7 | 8 | 9)[]) =>
  digitableLineArb({ kind: 'convenio', valueIdentifiers })

describe('bank line: single-digit changes', () => {
  it('B1. inside fields 1–3: always FIELD_CHECK_DIGIT naming the field', () => {
    fc.assert(
      fc.property(
        bankLines,
        fc.integer({ min: 0, max: 31 }),
        fc.integer({ min: 1, max: 9 }),
        (line, at, delta) => {
          const changed = change(line, at, delta)
          expect(failure(decode(changed, REF))).toEqual(fieldFailure(changed, at))
        },
      ),
      RUNS,
    )
  })

  it('B2. the general DV: always GENERAL_CHECK_DIGIT', () => {
    fc.assert(
      fc.property(bankLines, fc.integer({ min: 1, max: 9 }), (line, delta) => {
        expect(failure(decode(change(line, 32, delta), REF))).toEqual({
          code: 'GENERAL_CHECK_DIGIT',
          field: 'generalCheckDigit',
        })
      }),
      RUNS,
    )
  })

  it('B3. in field 5: GENERAL_CHECK_DIGIT unless the remainder moves within {0, 1, 10}', () => {
    let missed = 0
    fc.assert(
      fc.property(
        bankLines,
        fc.integer({ min: 33, max: 46 }),
        fc.integer({ min: 1, max: 9 }),
        (line, at, delta) => {
          const changed = change(line, at, delta)
          const blind =
            inOneDv(mod11Remainder(bankGeneralDigits(line))) &&
            inOneDv(mod11Remainder(bankGeneralDigits(changed)))
          const f = failure(decode(changed, REF))
          if (blind) {
            missed++
            expect(f?.code ?? 'valid').not.toMatch(/CHECK_DIGIT/)
          } else {
            expect(f).toEqual({ code: 'GENERAL_CHECK_DIGIT', field: 'generalCheckDigit' })
          }
        },
      ),
      RUNS,
    )
    // Rare (both remainders among 3 of 11 values), but real.
    expect(missed).toBeLessThan(RUNS.numRuns / 10)
  })
})

describe('bank line: adjacent transpositions', () => {
  it('B4. inside one of fields 1–3: FIELD_CHECK_DIGIT for that field, except 0↔9', () => {
    fc.assert(
      fc.property(bankLines, fc.integer({ min: 0, max: 30 }), (line, at) => {
        const f = bankFieldOf(at)!
        fc.pre(at + 1 <= f.to && line[at] !== line[at + 1])
        const zeroNine =
          new Set([line[at], line[at + 1]]).has('0') && new Set([line[at], line[at + 1]]).has('9')
        const changed = swap(line, at)
        const result = failure(decode(changed, REF))
        if (zeroNine) expect(result?.field).not.toBe(f.field)
        else expect(result).toEqual(fieldFailure(changed, at))
      }),
      RUNS,
    )
  })

  it('B4. the 0↔9 blind spot is real; the general DV then still sees the swap', () => {
    // Free-field digits 6–7 are the first two digits of field 2 (line positions 10 and 11).
    const barcode = buildBankBarcode({
      bankCode: '341',
      dueDateFactor: 1100,
      amountCents: 5000,
      freeField: '0000090123456789012345678',
    })
    const line = toDigitableLine(barcode)
    expect(line.slice(10, 12)).toBe('90')
    const swapped = swap(line, 10)
    expect(mod10(swapped.slice(10, 20))).toBe(Number(swapped[20])) // field 2's DV still matches
    expect(failure(decode(swapped, REF))).toEqual({ code: 'GENERAL_CHECK_DIGIT', field: 'generalCheckDigit' })
  })

  it('B5. across two fields: FIELD_CHECK_DIGIT for the first one', () => {
    fc.assert(
      fc.property(bankLines, fc.constantFrom(9, 20, 31), (line, at) => {
        fc.pre(line[at] !== line[at + 1])
        expect(failure(decode(swap(line, at), REF))).toEqual({
          code: 'FIELD_CHECK_DIGIT',
          field: bankFieldOf(at)!.field,
        })
      }),
      RUNS,
    )
  })

  it('B6. inside field 5: GENERAL_CHECK_DIGIT unless the remainder moves within {0, 1, 10}', () => {
    fc.assert(
      fc.property(bankLines, fc.integer({ min: 33, max: 45 }), (line, at) => {
        fc.pre(line[at] !== line[at + 1])
        const changed = swap(line, at)
        const blind =
          inOneDv(mod11Remainder(bankGeneralDigits(line))) &&
          inOneDv(mod11Remainder(bankGeneralDigits(changed)))
        const f = failure(decode(changed, REF))
        if (blind) expect(f?.code ?? 'valid').not.toMatch(/CHECK_DIGIT/)
        else expect(f).toEqual({ code: 'GENERAL_CHECK_DIGIT', field: 'generalCheckDigit' })
      }),
      RUNS,
    )
  })

  it('B7. general DV ↔ first factor digit: missed exactly when the moved digit is the right DV', () => {
    fc.assert(
      fc.property(bankLines, (line) => {
        fc.pre(line[32] !== line[33])
        const changed = swap(line, 32)
        const isRightDv = bankMod11(bankGeneralDigits(changed)) === Number(changed[32])
        const f = failure(decode(changed, REF))
        if (isRightDv) expect(f?.code ?? 'valid').not.toMatch(/CHECK_DIGIT/)
        else expect(f).toEqual({ code: 'GENERAL_CHECK_DIGIT', field: 'generalCheckDigit' })
      }),
      RUNS,
    )
  })
})

describe('convênio line', () => {
  const blockOf = (i: number): number => Math.floor(i / 12)
  const blockData = (line: string, block: number): string => line.slice(block * 12, block * 12 + 11)
  /** Positions other than the product digit (0) and the value identifier (2), which picks the modulus. */
  const position = fc.integer({ min: 1, max: 47 }).filter((i) => i !== 2)

  it('the product digit: any change is INVALID_PRODUCT', () => {
    fc.assert(
      fc.property(convenioLines([6, 7, 8, 9]), fc.integer({ min: 1, max: 9 }), (line, delta) => {
        expect(failure(decode(change(line, 0, delta), REF))).toEqual({
          code: 'INVALID_PRODUCT',
          field: 'product',
        })
      }),
      RUNS,
    )
  })

  it('C1. modulo 10: a single-digit change is always BLOCK_CHECK_DIGIT for its block', () => {
    fc.assert(
      fc.property(convenioLines([6, 7]), position, fc.integer({ min: 1, max: 9 }), (line, at, delta) => {
        expect(failure(decode(change(line, at, delta), REF))).toEqual({
          code: 'BLOCK_CHECK_DIGIT',
          field: `block${blockOf(at) + 1}`,
        })
      }),
      RUNS,
    )
  })

  it('C2/C5. modulo 11: BLOCK_CHECK_DIGIT unless the block remainder moves between 0 and 1; then the general DV', () => {
    fc.assert(
      fc.property(convenioLines([8, 9]), position, fc.integer({ min: 1, max: 9 }), (line, at, delta) => {
        const changed = change(line, at, delta)
        const block = blockOf(at)
        const isDv = at % 12 === 11
        const pair = new Set([
          mod11Remainder(blockData(line, block)),
          mod11Remainder(blockData(changed, block)),
        ])
        const blind = !isDv && pair.has(0) && pair.has(1)
        const f = failure(decode(changed, REF))
        if (!blind) {
          expect(f).toEqual({ code: 'BLOCK_CHECK_DIGIT', field: `block${block + 1}` })
          return
        }
        expect(convenioMod11(blockData(changed, block))).toBe(Number(changed[block * 12 + 11]))
        // The general DV covers the same digit with different weights: it sees the change unless its own
        // remainder also moves between 0 and 1.
        const general = (s: string): string => {
          const barcode = s.slice(0, 11) + s.slice(12, 23) + s.slice(24, 35) + s.slice(36, 47)
          return barcode.slice(0, 3) + barcode.slice(4)
        }
        const gPair = new Set([mod11Remainder(general(line)), mod11Remainder(general(changed))])
        const generalBlind = (gPair.has(0) && gPair.has(1)) || at === 3
        if (!generalBlind) expect(f).toEqual({ code: 'GENERAL_CHECK_DIGIT', field: 'generalCheckDigit' })
      }),
      RUNS,
    )
  })

  it('C3. a swap inside a block: modulo 10 misses only 0↔9, modulo 11 only a remainder moving between 0 and 1', () => {
    fc.assert(
      fc.property(convenioLines([6, 7, 8, 9]), fc.integer({ min: 0, max: 46 }), (line, at) => {
        fc.pre(at % 12 !== 11 && at > 2 && line[at] !== line[at + 1])
        const changed = swap(line, at)
        const block = blockOf(at)
        const mod11 = Number(line[2]) >= 8
        const digits = new Set([line[at], line[at + 1]])
        const pair = new Set([
          mod11Remainder(blockData(line, block)),
          mod11Remainder(blockData(changed, block)),
        ])
        fc.pre(!mod11 || at + 1 !== block * 12 + 11)
        const blind = mod11 ? pair.has(0) && pair.has(1) : digits.has('0') && digits.has('9')
        const f = failure(decode(changed, REF))
        if (blind) expect(f?.field).not.toBe(`block${block + 1}`)
        else expect(f).toEqual({ code: 'BLOCK_CHECK_DIGIT', field: `block${block + 1}` })
      }),
      RUNS,
    )
  })

  it('C4. a swap across two blocks: always BLOCK_CHECK_DIGIT for the first', () => {
    fc.assert(
      fc.property(convenioLines([6, 7, 8, 9]), fc.constantFrom(11, 23, 35), (line, at) => {
        fc.pre(line[at] !== line[at + 1])
        expect(failure(decode(swap(line, at), REF))).toEqual({
          code: 'BLOCK_CHECK_DIGIT',
          field: `block${blockOf(at) + 1}`,
        })
      }),
      RUNS,
    )
  })
})
