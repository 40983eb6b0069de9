/**
 * QI Tech's error envelope (seeds/digitable-line-query.zh.txt), used by every route of this package so a
 * client sees one error shape: `{code, title, http_status, description, translation, extra_fields}`.
 * The payment query reuses QI's own codes; the rest are ours, in QI's style (three letters, six digits).
 */

export interface ErrorEnvelope {
  readonly code: string
  readonly title: string
  readonly http_status: number
  readonly description: string
  /** Portuguese, as QI writes it. */
  readonly translation: string
  readonly extra_fields: Readonly<Record<string, unknown>>
}

interface Catalogued {
  readonly status: number
  readonly title: string
  readonly description: string
  readonly translation: string
}

/** Our codes. `WHK` = webhook intake, `API` = query and command API. */
export const ERRORS = {
  WHK000401: {
    status: 401,
    title: 'Unauthorized',
    description: 'Webhook signature verification failed.',
    translation: 'A verificação da assinatura do webhook falhou.',
  },
  WHK000413: {
    status: 413,
    title: 'Payload Too Large',
    description: 'The request body exceeds the configured limit.',
    translation: 'O corpo da requisição excede o limite configurado.',
  },
  WHK000503: {
    status: 503,
    title: 'Service Unavailable',
    description: 'The webhook could not be stored durably; send it again.',
    translation: 'O webhook não pôde ser armazenado de forma durável; envie-o novamente.',
  },
  WHK000504: {
    status: 503,
    title: 'Service Unavailable',
    description: 'The webhook was not stored within the deadline; send it again.',
    translation: 'O webhook não foi armazenado dentro do prazo; envie-o novamente.',
  },
  API000400: {
    status: 400,
    title: 'Bad Request',
    description: 'Invalid request parameters.',
    translation: 'Parâmetros da requisição inválidos.',
  },
  API000404: {
    status: 404,
    title: 'Not Found',
    description: 'Resource not found.',
    translation: 'Recurso não encontrado.',
  },
  API000405: {
    status: 404,
    title: 'Not Found',
    description: 'Unknown instruction.',
    translation: 'Instrução desconhecida.',
  },
  API000409: {
    status: 409,
    title: 'Conflict',
    description: 'The boleto changed concurrently; read it again and retry.',
    translation: 'O boleto foi alterado concorrentemente; leia-o novamente e tente de novo.',
  },
  API000413: {
    status: 413,
    title: 'Payload Too Large',
    description: 'The request body exceeds the configured limit.',
    translation: 'O corpo da requisição excede o limite configurado.',
  },
  API000500: {
    status: 500,
    title: 'Internal Server Error',
    description: 'Unexpected error.',
    translation: 'Erro inesperado.',
  },
  API000503: {
    status: 503,
    title: 'Service Unavailable',
    description: 'The store is unavailable; retry later.',
    translation: 'O armazenamento está indisponível; tente novamente mais tarde.',
  },
} as const satisfies Readonly<Record<string, Catalogued>>

export type ErrorCode = keyof typeof ERRORS

/** Pure. The envelope of one of our codes, with an optional more precise description. */
export const envelope = (
  code: ErrorCode,
  extra: Readonly<Record<string, unknown>> = {},
  description?: string,
): ErrorEnvelope => {
  const e: Catalogued = ERRORS[code]
  return {
    code,
    title: e.title,
    http_status: e.status,
    description: description ?? e.description,
    translation: e.translation,
    extra_fields: extra,
  }
}

/** Portuguese for the core's domain error codes (409 answers). */
const DOMAIN_TRANSLATIONS: Readonly<Record<string, string>> = {
  ALREADY_ISSUED: 'Este boleto já possui um pedido de emissão ou eventos do provedor.',
  NOT_REGISTERED: 'O boleto ainda não está registrado.',
  INVALID_STATUS: 'A instrução não é permitida no status atual do boleto.',
  REBATE_PENDING_OR_ACTIVE: 'Há um abatimento pendente ou ativo: cancele-o primeiro.',
  NO_ACTIVE_REBATE: 'Não há abatimento ativo para cancelar.',
  INSTRUCTION_PENDING: 'Já existe uma instrução deste tipo pendente.',
  ALREADY_IN_PROTEST: 'O boleto já está no fluxo de protesto.',
  NOT_IN_PROTEST: 'Não há protesto para cancelar.',
  NOT_YET_DUE: 'O protesto só é possível após o vencimento.',
  PAYER_ADDRESS_REQUIRED: 'O protesto exige o endereço do pagador no pedido de emissão.',
  DUPLICATE_REQUEST: 'Esta requisição já foi registrada.',
  INVALID_ARGUMENT: 'Argumento inválido.',
}

/** Pure. The envelope of a core `DomainError`: its own code, 409 for a failed precondition, 400 for bad input. */
export const domainEnvelope = (error: {
  readonly code: string
  readonly message: string
  readonly field?: string
}): ErrorEnvelope => {
  const status = error.code === 'INVALID_ARGUMENT' ? 400 : 409
  return {
    code: error.code,
    title: status === 400 ? 'Bad Request' : 'Conflict',
    http_status: status,
    description: error.message,
    translation: DOMAIN_TRANSLATIONS[error.code] ?? error.message,
    extra_fields: error.field === undefined ? {} : { field: error.field },
  }
}

/** A thrown envelope: route handlers throw it, the scoped error handler answers it. */
export class HttpError extends Error {
  constructor(readonly envelope: ErrorEnvelope) {
    super(`${envelope.code}: ${envelope.description}`)
    this.name = 'HttpError'
  }
}

/** JSON Schema of the envelope, for route schemas and the OpenAPI document. */
export const ENVELOPE_SCHEMA = {
  $id: 'boletoErrorEnvelope',
  type: 'object',
  required: ['code', 'title', 'http_status', 'description', 'translation', 'extra_fields'],
  properties: {
    code: { type: 'string' },
    title: { type: 'string' },
    http_status: { type: 'integer' },
    description: { type: 'string' },
    translation: { type: 'string' },
    extra_fields: { type: 'object', additionalProperties: true },
  },
} as const
