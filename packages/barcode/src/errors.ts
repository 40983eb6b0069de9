/**
 * What a failed decode says: a closed set of error codes, the exact field or block at fault, and, for check
 * digits, the digit expected. Callers switch on `code` and show `message`; nothing here is a guess.
 */

/** Every way `decode` can fail. Closed: a new code is a breaking change (README, "Error codes"). */
export const DECODE_ERROR_CODES = [
  /** No digits at all: empty string, only separators, `null` or `undefined`. */
  'EMPTY',
  /** A character that is neither a digit nor an accepted separator (dot, hyphen, whitespace). */
  'INVALID_CHARACTERS',
  /** Not 44 (barcode), 47 (bank line) or 48 (convênio line) digits; or 47 digits starting with 8. */
  'INVALID_LENGTH',
  /** A 48-digit line whose product digit (first digit) is not 8. */
  'INVALID_PRODUCT',
  /** A bank boleto whose currency code is not 9 (real). */
  'INVALID_CURRENCY',
  /** A convênio whose value identifier (3rd digit) is not 6, 7, 8 or 9: no modulus can be chosen. */
  'INVALID_VALUE_IDENTIFIER',
  /** A convênio whose segment (2nd digit) is 0 or 8, which FEBRABAN has not assigned. */
  'INVALID_SEGMENT',
  /** A bank line's field 1, 2 or 3 fails its modulo-10 check digit. */
  'FIELD_CHECK_DIGIT',
  /** A convênio line's block 1, 2, 3 or 4 fails its check digit (modulo 10 or 11, by value identifier). */
  'BLOCK_CHECK_DIGIT',
  /** The barcode's general check digit (bank: position 5, convênio: position 4) is wrong. */
  'GENERAL_CHECK_DIGIT',
  /** The due-date factor names no date within FEBRABAN's window (−3000/+5500 days) around the reference date. */
  'DUE_DATE_OUT_OF_RANGE',
] as const

export type DecodeErrorCode = (typeof DECODE_ERROR_CODES)[number]

/** The part of the input an error is about: a field or block of the line, a barcode position, or the input. */
export type DecodeErrorField =
  | 'input'
  | 'characters'
  | 'length'
  | 'product'
  | 'currencyCode'
  | 'valueIdentifier'
  | 'segment'
  | 'field1'
  | 'field2'
  | 'field3'
  | 'block1'
  | 'block2'
  | 'block3'
  | 'block4'
  | 'generalCheckDigit'
  | 'dueDateFactor'

export interface DecodeError {
  readonly code: DecodeErrorCode
  readonly field: DecodeErrorField
  /** English, one sentence, safe to show to a payer. */
  readonly message: string
  /** What the field should hold: the check digit expected, the accepted lengths, the date window. */
  readonly expected?: string
  /** What it holds. */
  readonly actual?: string
  /**
   * 1-based position: in the raw input for `INVALID_CHARACTERS`, otherwise in the digits (separators removed)
   * of the check digit or field at fault.
   */
  readonly position?: number
}

/**
 * Thrown by `toBarcode`, `toDigitableLine` and `format`, which convert values already known to be valid;
 * `decode` never throws for bad input, it answers `{ valid: false, error }` with the same `DecodeError`.
 */
export class InvalidBoletoError extends Error {
  override readonly name = 'InvalidBoletoError'
  readonly code: DecodeErrorCode
  readonly field: DecodeErrorField
  constructor(readonly error: DecodeError) {
    super(`${error.code} (${error.field}): ${error.message}`)
    this.code = error.code
    this.field = error.field
  }
}
