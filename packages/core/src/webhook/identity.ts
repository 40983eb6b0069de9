/**
 * The occurrence identity (domain.md §1.4): a redelivered webhook has the same `bank_slip_key`,
 * `occurrence_key`, `occurrence_type` and `occurrence_status`, whatever its `webhook_datetime`. QI's own
 * examples reuse `occurrence_key` across boletos, so the key alone is not an identity.
 */
import type { BankSlipEvent, WebhookEvent } from '../domain/events.js'
import { rawOf } from '../domain/vocabulary.js'

/** Pure. FNV-1a 32-bit twice (two seeds) as 16 hex chars: a stable fingerprint, not a security measure. */
export const fingerprint = (text: string): string => {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193 ^ 0x5bd1e995
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15)
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0')
}

/** Pure. JSON with object keys sorted, so equal bodies fingerprint equally whatever their key order. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const record = value as Record<string, unknown>
  const keys = Object.keys(record).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`
}

/**
 * Pure. The store id of a webhook. Webhooks without an `occurrence_key` (unknown or legacy types) fall back
 * to a fingerprint of the body, so an exact redelivery is still recognised.
 */
export const webhookEventId = (event: WebhookEvent, body?: unknown): string =>
  event.occurrenceKey !== null
    ? `qi:${event.bankSlipKey}:${event.occurrenceKey}:${rawOf(event.occurrenceType)}:${rawOf(event.occurrenceStatus)}`
    : `qi:${event.bankSlipKey}:~${fingerprint(canonicalJson(body ?? event))}`

/** Pure. The identity of any lifecycle event, used by the fold to recognise duplicates. */
export const eventIdentity = (event: BankSlipEvent): string => {
  switch (event.kind) {
    case 'webhook':
      return webhookEventId(event)
    case 'issuance_requested':
      return `issuance:${event.bankSlipKey}`
    case 'instruction_requested':
      return `instruction:${event.bankSlipKey}:${event.requestKey}`
  }
}

/** Pure. Whether two events are the same occurrence (cheaper than comparing identities as strings). */
export const sameOccurrence = (a: BankSlipEvent, b: BankSlipEvent): boolean => {
  if (a.kind !== b.kind || a.bankSlipKey !== b.bankSlipKey) return false
  if (a.kind === 'webhook' && b.kind === 'webhook') {
    if (a.occurrenceKey === null || b.occurrenceKey === null) return eventIdentity(a) === eventIdentity(b)
    return (
      a.occurrenceKey === b.occurrenceKey &&
      rawOf(a.occurrenceType) === rawOf(b.occurrenceType) &&
      rawOf(a.occurrenceStatus) === rawOf(b.occurrenceStatus)
    )
  }
  if (a.kind === 'instruction_requested' && b.kind === 'instruction_requested')
    return a.requestKey === b.requestKey
  return true
}
