/**
 * Layout and check digits of any accepted input, without the due-date window (which depends on the day one
 * asks): what `decode` builds on, and all that `toBarcode`, `toDigitableLine` and `format` need. Which layout
 * applies follows from the digit count alone (44, 47, 48) and, for 44, from the product digit 8.
 */
import { BANK_LINE_LENGTH, BARCODE_LENGTH, checkBankFields, checkBankGeneral } from './bank.js'
import {
  CONVENIO_LINE_LENGTH,
  checkConvenioBlocks,
  checkConvenioGeneral,
  checkValueIdentifier,
} from './convenio.js'
import type { DecodeError } from './errors.js'
import type { BoletoForm, BoletoKind } from './result.js'
import { scan, scanned } from './scan.js'

/** What the last successful `parse` read. Module scratch like `scanned`, for the same reason: read it at once. */
export const parsed = {
  kind: 'bank' as BoletoKind,
  form: 'digitableLine' as BoletoForm,
  /** The input's digits, no separators, in its own form (44, 47 or 48 digits). */
  text: '',
}

const lengthError = (count: number, expected: string): DecodeError => ({
  code: 'INVALID_LENGTH',
  field: 'length',
  message: `Got ${count} digits; a barcode has 44, a bank line 47 and a convênio line (starting with 8) 48.`,
  expected,
  actual: `${count}`,
})

/** Pure apart from filling `parsed`. Layout and check digits of `count` digits `text`; the first error, or `null`. */
const check = (text: string, count: number): DecodeError | null => {
  // Barcode digit 1 = 8 is how FEBRABAN marks a convênio; bank codes never start with 8.
  const convenio = text.charCodeAt(0) === 56
  parsed.text = text
  if (count === BANK_LINE_LENGTH) {
    // A 47-digit line starting with 8 is a convênio line with a digit missing: its length is what to report.
    if (convenio) return lengthError(count, '48 (a line starting with 8 is a convênio line)')
    parsed.kind = 'bank'
    parsed.form = 'digitableLine'
    return checkBankFields(text) ?? checkBankGeneral(text, 'digitableLine')
  }
  if (count === CONVENIO_LINE_LENGTH) {
    if (!convenio) {
      return {
        code: 'INVALID_PRODUCT',
        field: 'product',
        message: `A 48-digit line is a convênio line and starts with 8 (product), not ${text[0]}; a bank line has 47 digits.`,
        expected: '8',
        actual: text[0]!,
        position: 1,
      }
    }
    parsed.kind = 'convenio'
    parsed.form = 'digitableLine'
    return (
      checkValueIdentifier(text) ?? checkConvenioBlocks(text) ?? checkConvenioGeneral(text, 'digitableLine')
    )
  }
  if (count === BARCODE_LENGTH) {
    parsed.form = 'barcode'
    if (convenio) {
      parsed.kind = 'convenio'
      return checkValueIdentifier(text) ?? checkConvenioGeneral(text, 'barcode')
    }
    parsed.kind = 'bank'
    return checkBankGeneral(text, 'barcode')
  }
  return lengthError(count, '44 (barcode), 47 (bank line) or 48 (convênio line)')
}

/** Pure apart from filling `parsed`. Structure and check digits of `input`; the first error found, or `null`. */
export const parse = (input: unknown): DecodeError | null => {
  // Fast path for input that is exactly a line or barcode, the common case: the check-digit loops read every
  // position and answer NaN at a non-digit (check-digits.ts), so success proves every character a digit and
  // no separate validation pass is needed. Any failure is derived again below, where errors keep their order
  // (characters, then length, then layout and check digits).
  if (typeof input === 'string') {
    const n = input.length
    if (
      (n === BARCODE_LENGTH || n === BANK_LINE_LENGTH || n === CONVENIO_LINE_LENGTH) &&
      check(input, n) === null
    ) {
      return null
    }
  }
  const scanError = scan(input)
  return scanError ?? check(scanned.text, scanned.count)
}
