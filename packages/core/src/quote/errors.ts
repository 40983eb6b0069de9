/**
 * The one error type of payment quotes: invalid input is reported, never turned into NaN or a silent zero.
 * `field` is the path of the offending input (`terms.fine_data.fine_type`, `holidays[2]`, ...).
 */

export type QuoteErrorCode =
  /** not a real 'YYYY-MM-DD' date */
  | 'invalid_date'
  /** money or percentage that is not a finite, non-negative number (or cents that are not a safe integer) */
  | 'invalid_amount'
  /** a day count (`days_to_fine`, `max_payment_days`...) that is not a non-negative integer */
  | 'invalid_days'
  /** a value the charge type needs is absent (`fine_percentage` for a percentage fine...) */
  | 'missing_field'
  | 'unknown_fine_type'
  | 'unknown_interest_type'
  | 'unknown_discount_type'
  /** a value outside its allowed set (`calculationModel`...) */
  | 'invalid_value'
  /** a structurally invalid decoded line (`kind`, `barcode`...) */
  | 'invalid_line'
  /** a result too large to be represented exactly in centavos */
  | 'out_of_range'

export class QuoteError extends Error {
  override readonly name = 'QuoteError'
  readonly code: QuoteErrorCode
  readonly field: string

  constructor(code: QuoteErrorCode, field: string, message?: string) {
    super(message ?? `${code}: ${field}`)
    this.code = code
    this.field = field
  }
}

/** Pure. */
export const isQuoteError = (value: unknown): value is QuoteError => value instanceof QuoteError
