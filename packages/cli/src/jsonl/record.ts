/**
 * The two line formats of a webhook log, detected per line: a bare webhook body, or a record
 * `{ "received_at", "headers"?, "body" }` as a receiver would log it (`body` an object, or the raw body text
 * as a JSON string). A line is a record when it has a `body` member and neither `webhook_type` nor `data`.
 */

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
