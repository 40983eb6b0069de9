/**
 * @boleto/barcode: Brazilian boleto digitable lines and barcodes (bank and convênio). Decode with precise
 * errors, the 2025 due-date-factor reset, conversions and printed masks, check digits, QI's error envelope.
 */
export { bankMod11, convenioMod11, mod10, mod11Remainder } from './check-digits.js'
export { decode } from './decode.js'
export {
  dueDateFromFactor,
  type FactorResolution,
  factorFromDueDate,
  WINDOW_FUTURE_DAYS,
  WINDOW_PAST_DAYS,
} from './due-date.js'
export {
  DECODE_ERROR_CODES,
  type DecodeError,
  type DecodeErrorCode,
  type DecodeErrorField,
  InvalidBoletoError,
} from './errors.js'
export { format, toBarcode, toDigitableLine } from './format.js'
export { QI_CODE_FOR, QI_ERRORS, type QiError, type QiErrorCode, qiErrorFor } from './qi-errors.js'
export type {
  BoletoForm,
  BoletoKind,
  ConvenioSegment,
  ConvenioSegmentName,
  DecodedBank,
  DecodedBoleto,
  DecodedConvenio,
  DecodeFailure,
  DecodeOptions,
  DecodeResult,
  DueDateHeuristic,
} from './result.js'
