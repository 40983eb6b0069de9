/**
 * Tolerant decoding of QI webhooks (domain.md §1.1). Only three things are fatal: a body that is not a JSON
 * object, a `data` that is not an object, and no usable `bank_slip_key`. Everything else is kept: unknown
 * fields by path, unknown enum values as `UnknownValue`, odd money as a reported issue.
 *
 * Hand-written rather than composed from io-ts combinators because replay decodes millions of bodies;
 * `WebhookCodec` (codec.ts) wraps this function as an io-ts `Type` with the same paths in its errors.
 */
import type { DecodeIssue, PaymentDetails, WebhookEvent } from '../domain/events.js'
import {
  BANK_SLIP_STATUSES,
  LEGACY_WEBHOOK_TYPE,
  OCCURRENCE_STATUSES,
  OCCURRENCE_TYPES,
  PAYMENT_METHODS,
  PAYMENT_ORIGINS,
  type Tolerant,
  type UnknownValue,
  WEBHOOK_TYPES,
} from '../domain/vocabulary.js'
import { parseIsoMicros, UNDATED } from './datetime.js'
import { reaisToCents } from './money.js'

export interface WebhookDecodeError {
  /** JSON path of the offending value (`''` for the body itself). */
  readonly path: string
  readonly message: string
  readonly actual: unknown
}

export type WebhookDecodeResult =
  | { readonly ok: true; readonly value: WebhookEvent }
  | { readonly ok: false; readonly error: WebhookDecodeError }

/** Maps each known wire string to one shared literal, so millions of decoded events share their strings. */
const lookup = <T extends string>(values: readonly T[]): Map<string, T> => new Map(values.map((v) => [v, v]))
const webhookTypes = lookup([...WEBHOOK_TYPES, LEGACY_WEBHOOK_TYPE])
const statuses = lookup(BANK_SLIP_STATUSES)
const occurrenceTypes = lookup(OCCURRENCE_TYPES)
const occurrenceStatuses = lookup(OCCURRENCE_STATUSES)
const paymentMethods = lookup(PAYMENT_METHODS)
const paymentOrigins = lookup(PAYMENT_ORIGINS)

const ENVELOPE_FIELDS = new Set(['webhook_type', 'webhook_datetime', 'data'])
const LEGACY_ENVELOPE_FIELDS = new Set(['webhook_type', 'key', 'status', 'event_datetime', 'data'])
/** The payment fields of `data`, in the order the decoder reads them (and QI sends them; scan.ts numbers them so). */
export const PAYMENT_FIELDS = [
  'paid_amount',
  'paid_rebate_amount',
  'paid_discount_amount',
  'paid_fine_amount',
  'paid_interest_amount',
  'payment_method',
  'payment_origin',
  'payment_credit_date',
] as const
const DATA_FIELDS = new Set([
  'bank_slip_key',
  'bank_slip_status',
  'occurrence_key',
  'occurrence_type',
  'occurrence_status',
  ...PAYMENT_FIELDS,
])
const LEGACY_DATA_FIELDS = new Set([...DATA_FIELDS, 'occurrence_feedback'])

type Issues = DecodeIssue[] | null

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const unknownValue = (raw: unknown): UnknownValue => ({ _tag: 'Unknown', raw })

const addIssue = (issues: Issues, issue: DecodeIssue): DecodeIssue[] => {
  if (issues === null) return [issue]
  issues.push(issue)
  return issues
}

/** Defining the property (not assigning it) keeps a `__proto__` key a plain key. */
const keep = (
  into: Record<string, unknown> | null,
  path: string,
  value: unknown,
): Record<string, unknown> => {
  const target = into ?? {}
  Object.defineProperty(target, path, { value, enumerable: true, writable: true, configurable: true })
  return target
}

interface Cursor {
  issues: Issues
  /** Values of known fields that had the wrong type: kept verbatim beside the unknown fields. */
  kept: Record<string, unknown> | null
}

const wrongType = (cursor: Cursor, path: string, message: string, value: unknown): void => {
  cursor.issues = addIssue(cursor.issues, { kind: 'unexpected_type', path, message, actual: value })
  cursor.kept = keep(cursor.kept, path, value)
}

const tolerant = <T extends string>(
  known: Map<string, T>,
  value: unknown,
  path: string,
  cursor: Cursor,
): Tolerant<T> | null => {
  if (value === undefined || value === null) return null
  if (typeof value === 'string') {
    const hit = known.get(value)
    if (hit !== undefined) return hit
  }
  cursor.issues = addIssue(cursor.issues, {
    kind: 'unknown_value',
    path,
    message: `unknown value ${JSON.stringify(value)}`,
    actual: value,
  })
  return unknownValue(value)
}

const optionalString = (value: unknown, path: string, cursor: Cursor): string | null => {
  if (value === undefined || value === null) return null
  if (typeof value === 'string') return value
  wrongType(cursor, path, 'expected a string', value)
  return typeof value === 'number' ? String(value) : null
}

const cents = (value: unknown, path: string, cursor: Cursor): number | null => {
  if (value === undefined || value === null) return null
  const result = reaisToCents(value)
  if (!result.ok) {
    wrongType(cursor, path, `expected an amount in reais: ${result.reason}`, value)
    return null
  }
  if (!result.exact)
    cursor.issues = addIssue(cursor.issues, {
      kind: 'money_precision',
      path,
      message: `amount has more than two decimals; rounded half-up to ${result.cents} centavos`,
      actual: value,
    })
  return result.cents
}

const decodePayment = (
  data: Record<string, unknown>,
  legacy: boolean,
  cursor: Cursor,
): PaymentDetails | null => {
  let any = false
  for (const field of PAYMENT_FIELDS)
    if (data[field] !== undefined) {
      any = true
      break
    }
  if (!any) return null
  const method = data.payment_method
  return {
    paidAmountCents: cents(data.paid_amount, 'data.paid_amount', cursor),
    paidRebateAmountCents: cents(data.paid_rebate_amount, 'data.paid_rebate_amount', cursor),
    paidDiscountAmountCents: cents(data.paid_discount_amount, 'data.paid_discount_amount', cursor),
    paidFineAmountCents: cents(data.paid_fine_amount, 'data.paid_fine_amount', cursor),
    paidInterestAmountCents: cents(data.paid_interest_amount, 'data.paid_interest_amount', cursor),
    // The legacy shape sends a numeric method code whose table QI never published: kept verbatim.
    paymentMethod:
      legacy && typeof method === 'number'
        ? unknownValue(method)
        : tolerant(paymentMethods, method, 'data.payment_method', cursor),
    paymentOrigin: tolerant(paymentOrigins, data.payment_origin, 'data.payment_origin', cursor),
    paymentCreditDate: optionalString(data.payment_credit_date, 'data.payment_credit_date', cursor),
  }
}

const mergeKept = (
  unknown: Record<string, unknown> | null,
  kept: Record<string, unknown> | null,
): Record<string, unknown> | null => {
  if (kept === null) return unknown
  let merged = unknown
  for (const path of Object.keys(kept)) merged = keep(merged, path, kept[path])
  return merged
}

/** Pure. Decodes one webhook body (already `JSON.parse`d). */
export const decodeWebhook = (body: unknown): WebhookDecodeResult => {
  if (!isRecord(body))
    return { ok: false, error: { path: '', message: 'webhook body must be a JSON object', actual: body } }
  const rawType = body.webhook_type
  const legacy = rawType === LEGACY_WEBHOOK_TYPE
  const data = body.data
  if (data !== undefined && !isRecord(data))
    return { ok: false, error: { path: 'data', message: 'data must be a JSON object', actual: data } }
  const d: Record<string, unknown> = data ?? {}
  if (data === undefined && !legacy)
    return { ok: false, error: { path: 'data', message: 'data is missing', actual: undefined } }

  const keyValue = legacy ? (body.key ?? d.bank_slip_key) : d.bank_slip_key
  if (typeof keyValue !== 'string' || keyValue.length === 0)
    return {
      ok: false,
      error: {
        path: legacy && body.key !== undefined ? 'key' : 'data.bank_slip_key',
        message: 'bank_slip_key must be a non-empty string',
        actual: keyValue,
      },
    }

  const cursor: Cursor = { issues: null, kept: null }
  const webhookType: WebhookEvent['webhookType'] =
    typeof rawType === 'string' && webhookTypes.has(rawType)
      ? webhookTypes.get(rawType)!
      : unknownValue(rawType)

  const datetimeValue = legacy ? body.event_datetime : body.webhook_datetime
  const datetimePath = legacy ? 'event_datetime' : 'webhook_datetime'
  const webhookDatetime = optionalString(datetimeValue, datetimePath, cursor)
  let at = UNDATED
  if (webhookDatetime !== null) {
    const micros = parseIsoMicros(webhookDatetime)
    if (micros === null)
      cursor.issues = addIssue(cursor.issues, {
        kind: 'invalid_datetime',
        path: datetimePath,
        message: 'not an ISO-8601 date-time; ordered after every dated event',
        actual: webhookDatetime,
      })
    else at = micros
  } else
    cursor.issues = addIssue(cursor.issues, {
      kind: 'invalid_datetime',
      path: datetimePath,
      message: 'missing; ordered after every dated event',
      actual: datetimeValue,
    })

  const statusValue = legacy ? (body.status ?? d.bank_slip_status) : d.bank_slip_status
  const statusPath = legacy && body.status !== undefined ? 'status' : 'data.bank_slip_status'
  const occurrenceStatusValue = legacy ? (d.occurrence_feedback ?? d.occurrence_status) : d.occurrence_status

  let unknownFields: Record<string, unknown> | null = null
  const envelopeFields = legacy ? LEGACY_ENVELOPE_FIELDS : ENVELOPE_FIELDS
  // for...in, not Object.keys: no array per body (JSON.parse objects have no inherited enumerable keys).
  for (const k in body) if (!envelopeFields.has(k)) unknownFields = keep(unknownFields, k, body[k])
  const dataFields = legacy ? LEGACY_DATA_FIELDS : DATA_FIELDS
  for (const k in d) if (!dataFields.has(k)) unknownFields = keep(unknownFields, `data.${k}`, d[k])

  const value: WebhookEvent = {
    kind: 'webhook',
    webhookType,
    webhookDatetime,
    at,
    bankSlipKey: keyValue,
    bankSlipStatus: tolerant(statuses, statusValue, statusPath, cursor),
    occurrenceKey: optionalString(d.occurrence_key, 'data.occurrence_key', cursor),
    occurrenceType: tolerant(occurrenceTypes, d.occurrence_type, 'data.occurrence_type', cursor),
    occurrenceStatus: tolerant(
      occurrenceStatuses,
      occurrenceStatusValue,
      legacy && d.occurrence_feedback !== undefined ? 'data.occurrence_feedback' : 'data.occurrence_status',
      cursor,
    ),
    payment: decodePayment(d, legacy, cursor),
    unknownFields: mergeKept(unknownFields, cursor.kept),
    issues: cursor.issues,
  }
  return { ok: true, value }
}
