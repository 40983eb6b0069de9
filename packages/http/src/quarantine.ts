/**
 * Quarantine for authentic deliveries that cannot be used (not JSON, not UTF-8, or rejected by the core
 * decoder). They are answered 2xx so QI stops retrying, and kept with their raw bytes and headers for an
 * operator.
 *
 * Storage choice: the EventStore port has no quarantine table, so a quarantined delivery is an event in the
 * dedicated stream `quarantine` (type `qi.quarantined`), appended through the same port before the 2xx. It
 * is therefore durable on every store, and its id (`quarantine:` + sha256 of the raw body) makes a retry of
 * the same bytes a no-op. The bank-slip projection ignores that stream.
 */
import { createHash } from 'node:crypto'
import type { AppendedEvent, EventStore, NewEvent, StoredEvent } from '@boleto/core'

export const QUARANTINE_STREAM = 'quarantine'
export const QUARANTINE_EVENT_TYPE = 'qi.quarantined'

export type QuarantineReason = 'invalid_utf8' | 'invalid_json' | 'undecodable'

export interface QuarantineData {
  readonly rawBase64: string
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly reason: QuarantineReason
  /** Parser or decoder message (with the JSON path for decoder errors). */
  readonly detail: string
  readonly receivedAt: string
  readonly requestId: string
}

/** Pure. */
export const quarantineId = (raw: Uint8Array): string =>
  `quarantine:${createHash('sha256').update(raw).digest('hex')}`

/** Pure. The store event of a quarantined delivery. */
export const quarantineEvent = (
  raw: Uint8Array,
  data: Omit<QuarantineData, 'rawBase64'>,
): NewEvent<QuarantineData> => ({
  id: quarantineId(raw),
  type: QUARANTINE_EVENT_TYPE,
  data: { rawBase64: Buffer.from(raw).toString('base64'), ...data },
  metadata: null,
})

export const quarantine = async (
  store: EventStore,
  raw: Uint8Array,
  data: Omit<QuarantineData, 'rawBase64'>,
): Promise<AppendedEvent> => {
  const result = await store.appendToStream(QUARANTINE_STREAM, [quarantineEvent(raw, data)], {
    expectedVersion: 'any',
  })
  return result.events[0]!
}

export interface QuarantineItem {
  readonly id: string
  readonly position: number
  readonly sequence: number
  readonly recorded_at: string
  readonly reason: string
  readonly detail: string
  readonly received_at: string
  readonly request_id: string
  readonly headers: Readonly<Record<string, unknown>>
  readonly raw_base64: string
  /** The body as text when it is valid UTF-8 (for reading), else null. */
  readonly raw_text: string | null
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Pure. */
export const toQuarantineItem = (event: StoredEvent): QuarantineItem => {
  const d = (event.data ?? {}) as Partial<QuarantineData>
  const rawBase64 = typeof d.rawBase64 === 'string' ? d.rawBase64 : ''
  let text: string | null
  try {
    text = utf8.decode(Buffer.from(rawBase64, 'base64'))
  } catch {
    text = null
  }
  return {
    id: event.id,
    position: event.position,
    sequence: event.streamVersion,
    recorded_at: event.recordedAt,
    reason: String(d.reason ?? ''),
    detail: String(d.detail ?? ''),
    received_at: String(d.receivedAt ?? ''),
    request_id: String(d.requestId ?? ''),
    headers: (d.headers ?? {}) as Record<string, unknown>,
    raw_base64: rawBase64,
    raw_text: text,
  }
}

/** One page of the quarantine, oldest first, after stream sequence `after`. */
export const listQuarantine = async (
  store: EventStore,
  after: number,
  limit: number,
): Promise<{ items: QuarantineItem[]; next_after: number | null }> => {
  const events = await store.readStream(QUARANTINE_STREAM, { from: after + 1, limit: limit + 1 })
  const page = events.slice(0, limit)
  const last = page[page.length - 1]
  return {
    items: page.map(toQuarantineItem),
    next_after: events.length > limit && last !== undefined ? last.streamVersion : null,
  }
}
