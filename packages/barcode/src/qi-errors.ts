/**
 * QI Tech's error envelope for the payment query (`GET /bank_slip/payment?digitable_line=…`), spelled exactly as
 * QI's page spells it (seeds/digitable-line-query.zh.txt), and the mapping from `decode` failures to it, so a
 * service can answer a bad line the way QI would before spending a call on it.
 */
import type { DecodeErrorCode } from './errors.js'
import type { DecodeResult } from './result.js'

export type QiErrorCode =
  | 'BLP000012'
  | 'BLP000141'
  | 'BLP000142'
  | 'IPP000014'
  | 'IPP000022'
  | 'IPP000023'
  | 'IPP000017'

export interface QiError {
  readonly code: QiErrorCode
  readonly title: string
  readonly http_status: 400 | 422
  readonly description: string
  readonly translation: string
  readonly extra_fields: Record<string, unknown>
}

/**
 * Every error QI documents for the payment query. QI's sample for `BLP000142` omits `http_status`; it is 400
 * like the other `BLP` codes (domain.md §3), and kept here so every envelope has the same keys.
 */
export const QI_ERRORS: { readonly [C in QiErrorCode]: QiError & { readonly code: C } } = {
  BLP000012: {
    code: 'BLP000012',
    title: 'Bad Request',
    http_status: 400,
    description: 'Missing mandatory parameter: digitable_line',
    translation: 'Parâmetro obrigatório ausente: digitable_line',
    extra_fields: {},
  },
  BLP000141: {
    code: 'BLP000141',
    title: 'Bad Request',
    http_status: 400,
    description: 'The given digitable_line must have only numbers.',
    translation: 'A linha digitável fornecida deve conter somente números.',
    extra_fields: {},
  },
  BLP000142: {
    code: 'BLP000142',
    title: 'Bad Request',
    http_status: 400,
    description: 'This digitable line is out of minimum or maximum length.',
    translation: 'Esta linha digitável está fora do comprimento mínimo ou máximo.',
    extra_fields: {},
  },
  IPP000014: {
    code: 'IPP000014',
    title: 'Invalid Barcode',
    http_status: 422,
    description: 'Invalid barcode',
    translation: 'O Código de barras é inválido',
    extra_fields: {},
  },
  IPP000022: {
    code: 'IPP000022',
    title: 'Unprocessable Entity',
    http_status: 422,
    description: 'Covenant not accepted',
    translation: 'Convênio não aceito',
    extra_fields: {},
  },
  IPP000023: {
    code: 'IPP000023',
    title: 'Unprocessable Entity',
    http_status: 422,
    description: 'Max retries exceeded, while trying to complete payment.',
    translation: 'Número máximo de tentativas excedido, ao tentar concluir o pagamento.',
    extra_fields: {},
  },
  IPP000017: {
    code: 'IPP000017',
    title: 'Unprocessable Entity',
    http_status: 422,
    description: 'The tax collection is overdue',
    translation: 'A arrecadação está vencida',
    extra_fields: {},
  },
}

/**
 * Which QI code answers each decode failure: input-shape problems are QI's `BLP` 400s, anything wrong with
 * the digits themselves is `IPP000014` (422). The `Record` keeps the mapping total over the closed union.
 */
export const QI_CODE_FOR: { readonly [C in DecodeErrorCode]: QiErrorCode } = {
  EMPTY: 'BLP000012',
  INVALID_CHARACTERS: 'BLP000141',
  INVALID_LENGTH: 'BLP000142',
  INVALID_PRODUCT: 'IPP000014',
  INVALID_CURRENCY: 'IPP000014',
  INVALID_VALUE_IDENTIFIER: 'IPP000014',
  INVALID_SEGMENT: 'IPP000014',
  FIELD_CHECK_DIGIT: 'IPP000014',
  BLOCK_CHECK_DIGIT: 'IPP000014',
  GENERAL_CHECK_DIGIT: 'IPP000014',
  DUE_DATE_OUT_OF_RANGE: 'IPP000014',
}

/**
 * Pure. QI's envelope for a failed decode, or `null` for a valid one. `null` does not promise QI will accept
 * the line: QI also applies business rules (its sandbox answers `IPP000014` to a line whose check digits are
 * all correct), and `decode` accepts separators that QI's endpoint rejects, so send `result.digitableLine`.
 */
export const qiErrorFor = (result: DecodeResult): QiError | null =>
  result.valid ? null : { ...QI_ERRORS[QI_CODE_FOR[result.error.code]], extra_fields: {} }
