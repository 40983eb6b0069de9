/**
 * Bank boleto layout (domain.md §4.1). Barcode (1-based): 1–3 bank, 4 currency, 5 general DV, 6–9 due-date
 * factor, 10–19 amount, 20–44 free field. Line: field 1 = barcode 1–4 + 20–24 + DV, field 2 = 25–34 + DV,
 * field 3 = 35–44 + DV, field 4 = barcode 5, field 5 = barcode 6–19. Everything reads the digit string of
 * the form given; positions below are 0-based.
 */
import { bankDvFromRemainder, mod10OfRanges, mod11RemainderOfRanges, type Ranges } from './check-digits.js'
import type { DecodeError } from './errors.js'
import type { BoletoForm } from './result.js'

export const BANK_LINE_LENGTH = 47
export const BARCODE_LENGTH = 44

/** Line fields 1–3: the digits each DV protects, where the DV sits on the line, where the digits sit on the barcode. */
const FIELDS = [
  { field: 'field1', line: [0, 9], dv: 9, barcode: [0, 4, 19, 24] },
  { field: 'field2', line: [10, 20], dv: 20, barcode: [24, 34] },
  { field: 'field3', line: [21, 31], dv: 31, barcode: [34, 44] },
] as const

/** The 43 digits under the general DV, in barcode order: on a barcode, and spread over a line. */
const GENERAL: { readonly [F in BoletoForm]: Ranges } = {
  barcode: [0, 4, 5, 44],
  digitableLine: [0, 4, 33, 47, 4, 9, 10, 20, 21, 31],
}

/** Where the general DV sits, and how far barcode positions 6–19 (factor, amount) are shifted on a line. */
const GENERAL_DV_AT = { barcode: 4, digitableLine: 32 } as const
const FACTOR_SHIFT = { barcode: 0, digitableLine: 28 } as const

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48

/** Pure. The free field (barcode 20–44) of a 47-digit line. */
export const bankFreeFieldText = (line: string): string =>
  line.slice(4, 9) + line.slice(10, 20) + line.slice(21, 31)

/** Pure. The barcode of a 47-digit line (slices, no per-digit work), reusing its free field when already cut. */
export const bankBarcodeText = (line: string, freeField: string = bankFreeFieldText(line)): string =>
  line.slice(0, 4) + line.slice(32, 47) + freeField

/** Pure. The 47-digit line of a 44-digit barcode: fields 1–3 with their modulo-10 DVs, then barcode 5–19. */
export const bankLineText = (barcode: string): string => {
  let line = ''
  for (const f of FIELDS) {
    for (let r = 0; r < f.barcode.length; r += 2) line += barcode.slice(f.barcode[r], f.barcode[r + 1])
    line += mod10OfRanges(barcode, f.barcode)
  }
  return line + barcode.slice(4, 19)
}

/** Pure. The first field of a 47-digit line whose modulo-10 check digit fails. */
export const checkBankFields = (line: string): DecodeError | null => {
  for (const f of FIELDS) {
    const expected = mod10OfRanges(line, f.line)
    const actual = digit(line, f.dv)
    if (expected !== actual) {
      return {
        code: 'FIELD_CHECK_DIGIT',
        field: f.field,
        message: `Check digit of ${f.field} (position ${f.dv + 1}) is ${actual}; modulo 10 gives ${expected}.`,
        expected: `${expected}`,
        actual: `${actual}`,
        position: f.dv + 1,
      }
    }
  }
  return null
}

/** Pure. The general check digit (modulo 11, bank rule) and the currency of a bank line or barcode. */
export const checkBankGeneral = (s: string, form: BoletoForm): DecodeError | null => {
  const expected = bankDvFromRemainder(mod11RemainderOfRanges(s, GENERAL[form]))
  const at = GENERAL_DV_AT[form]
  const actual = digit(s, at)
  if (expected !== actual) {
    return {
      code: 'GENERAL_CHECK_DIGIT',
      field: 'generalCheckDigit',
      message: `General check digit (position ${at + 1}) is ${actual}; modulo 11 gives ${expected}.`,
      expected: `${expected}`,
      actual: `${actual}`,
      position: at + 1,
    }
  }
  if (digit(s, 3) !== 9) {
    return {
      code: 'INVALID_CURRENCY',
      field: 'currencyCode',
      message: `Currency code (position 4) is ${s[3]}; only 9 (real) is accepted.`,
      expected: '9',
      actual: s[3]!,
      position: 4,
    }
  }
  return null
}

/** Pure. The general check digit (barcode position 5) of a bank line or barcode. */
export const bankGeneralDv = (s: string, form: BoletoForm): number => digit(s, GENERAL_DV_AT[form])

/** Pure. 1-based position of the due-date factor's first digit in the form given. */
export const bankFactorPosition = (form: BoletoForm): number => FACTOR_SHIFT[form] + 6

/** Pure. Due-date factor (barcode 6–9). */
export const bankFactor = (s: string, form: BoletoForm): number => {
  const at = FACTOR_SHIFT[form] + 5
  return digit(s, at) * 1000 + digit(s, at + 1) * 100 + digit(s, at + 2) * 10 + digit(s, at + 3)
}

/** Pure. Amount in centavos (barcode 10–19). */
export const bankAmount = (s: string, form: BoletoForm): number => {
  const at = FACTOR_SHIFT[form] + 9
  let n = 0
  for (let i = at; i < at + 10; i++) n = n * 10 + digit(s, i)
  return n
}
