/**
 * The two line formats of a webhook log, detected per line: a bare webhook body, or a record
 * `{ "received_at", "headers"?, "body" }` as a receiver would log it (`body` an object, or the raw body text
 * as a JSON string). A line is a record when it has a `body` member and neither `webhook_type` nor `data`.
 */
import { type CompactFields, scanWebhook, scanWebhookFields, type WebhookEvent } from '@boleto/core/replay'

export interface LogRecord {
  /** The webhook body (parsed JSON; may be anything, the decoder judges it). */
  readonly body: unknown
  readonly receivedAt: string | null
  readonly headers: Readonly<Record<string, unknown>> | null
}

export type LineResult =
  | { readonly ok: true; readonly record: LogRecord }
  | { readonly ok: false; readonly message: string }

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const has = (o: object, key: string): boolean => Object.hasOwn(o, key)

const describe = (u: unknown): string =>
  u === null ? 'null' : Array.isArray(u) ? 'an array' : `a ${typeof u}`

/** Pure. Record or bare body; a line that is valid JSON but not an object is an error. */
export const toLogRecord = (value: unknown): LineResult => {
  if (!isObject(value)) return { ok: false, message: `not a JSON object (${describe(value)})` }
  if (!has(value, 'body') || has(value, 'webhook_type') || has(value, 'data'))
    return { ok: true, record: { body: value, receivedAt: null, headers: null } }
  let body = value.body
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body)
    } catch (error) {
      return { ok: false, message: `record body is not valid JSON: ${(error as Error).message}` }
    }
  }
  if (!isObject(body)) return { ok: false, message: `record body is not a JSON object (${describe(body)})` }
  const receivedAt = typeof value.received_at === 'string' ? value.received_at : null
  const headers = isObject(value.headers) ? value.headers : null
  return { ok: true, record: { body, receivedAt, headers } }
}

/** Pure. One line of text to a record, or why it is not one. */
export const parseLine = (text: string): LineResult => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, message: `invalid JSON: ${(error as Error).message}` }
  }
  return toLogRecord(value)
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const RECEIVED_AT = Buffer.from('{"received_at":"')
const HEADERS = Buffer.from('"headers":{')
const BODY = Buffer.from('"body":{')

/** Pure. Whether `buf[at...]` starts with `word`. */
const startsWith = (buf: Buffer, at: number, end: number, word: Buffer): boolean => {
  if (at + word.length > end) return false
  for (let i = 0; i < word.length; i++) if (buf[at + i] !== word[i]) return false
  return true
}

/** Pure. The end (at its closing quote) of a string of printable ASCII without escapes from `at`, or -1. */
const plainStringEnd = (buf: Buffer, at: number, end: number): number => {
  for (let i = at; i < end; i++) {
    const c = buf[i]!
    if (c === QUOTE) return i
    if (c < 0x20 || c > 0x7e || c === BACKSLASH) return -1
  }
  return -1
}

/**
 * Pure. Where the body of a compact record line `{"received_at":"…","headers":{"…":"…",…},"body":{…}}`
 * starts (its `{`), for `scanWebhook` to read it in place, or -1 for any other line. Only plain strings (no
 * escapes, printable ASCII) are accepted before the body, so a line it accepts is a record exactly when
 * the body scans: the same record `parseLine` reads, whose body `scanWebhook` then decodes as
 * `decodeWebhook` would. Both envelope fields may be absent; the line must end with the record's `}`.
 */
export const recordBodyStart = (buf: Buffer, start: number, end: number): number => {
  if (end - start < BODY.length + 3 || buf[end - 1] !== 0x7d) return -1
  let at = start + 1
  if (startsWith(buf, start, end, RECEIVED_AT)) {
    const close = plainStringEnd(buf, start + RECEIVED_AT.length, end)
    if (close < 0 || buf[close + 1] !== 0x2c) return -1
    at = close + 2
  } else if (buf[start] !== 0x7b) return -1
  if (startsWith(buf, at, end, HEADERS)) {
    at += HEADERS.length
    if (buf[at] === 0x7d) at++
    else
      for (;;) {
        // "name":"value", then `,` and the next pair or `}`.
        if (buf[at] !== QUOTE) return -1
        const nameEnd = plainStringEnd(buf, at + 1, end)
        if (nameEnd < 0 || buf[nameEnd + 1] !== 0x3a || buf[nameEnd + 2] !== QUOTE) return -1
        const valueEnd = plainStringEnd(buf, nameEnd + 3, end)
        if (valueEnd < 0) return -1
        at = valueEnd + 2
        if (buf[valueEnd + 1] === 0x7d) break
        if (buf[valueEnd + 1] !== 0x2c) return -1
      }
    if (buf[at] !== 0x2c) return -1
    at++
  }
  return startsWith(buf, at, end, BODY) ? at + BODY.length - 1 : -1
}

/**
 * Not pure: fills `fields`. Whether a log line, as a bare body or as a compact record's body, is a webhook
 * in the compact layout core's `scanWebhookFields` reads; `fields` then holds it (and `scanLine` would give
 * `eventOfFields` of it).
 */
export const scanLineFields = (buf: Buffer, start: number, end: number, fields: CompactFields): boolean => {
  if (scanWebhookFields(buf, start, end, fields)) return true
  const body = recordBodyStart(buf, start, end)
  return body >= 0 && scanWebhookFields(buf, body, end - 1, fields)
}

/**
 * Pure. A log line's webhook read straight from its bytes (core's `scanWebhook`), as a bare body or as the
 * body of a compact record; null when it needs `parseLine` and `decodeWebhook` (or is no webhook at all).
 */
export const scanLine = (buf: Buffer, start: number, end: number): WebhookEvent | null => {
  const bare = scanWebhook(buf, start, end)
  if (bare !== null) return bare
  const body = recordBodyStart(buf, start, end)
  return body < 0 ? null : scanWebhook(buf, body, end - 1)
}
