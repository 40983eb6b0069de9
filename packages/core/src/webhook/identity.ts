/**
 * The occurrence identity (domain.md §1.4): a redelivered webhook has the same `bank_slip_key`,
 * `occurrence_key`, `occurrence_type` and `occurrence_status`, whatever its `webhook_datetime`. QI's own
 * examples reuse `occurrence_key` across boletos, so the key alone is not an identity.
 */

import { canonicalJson } from '../domain/canonical-json.js'
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

/** Identity parts never contain `:` unescaped, so two different identities never print alike. */
const part = (text: string): string =>
  text.includes(':') || text.includes('%') ? text.replaceAll('%', '%25').replaceAll(':', '%3A') : text

/** A keyless body's fingerprint leaves out the send time: a re-send differs from the original only there. */
const withoutSendTime = (body: unknown): unknown => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body
  const { webhook_datetime: _w, event_datetime: _e, ...rest } = body as Record<string, unknown>
  return rest
}

const eventWithoutSendTime = (event: WebhookEvent): unknown => {
  const { at: _at, webhookDatetime: _datetime, issues: _issues, ...rest } = event
  return rest
}

/**
 * Pure. The store id of a webhook. Webhooks without an `occurrence_key` (unknown or legacy types) fall back
 * to a fingerprint of the body without its send time, so a re-send is still recognised.
 */
export const webhookEventId = (event: WebhookEvent, body?: unknown): string =>
  event.occurrenceKey !== null
    ? `qi:${part(event.bankSlipKey)}:${part(event.occurrenceKey)}:${part(rawOf(event.occurrenceType))}:${part(rawOf(event.occurrenceStatus))}`
    : `qi:${part(event.bankSlipKey)}:~${fingerprint(canonicalJson(body === undefined ? eventWithoutSendTime(event) : withoutSendTime(body)))}`

// Identities of keyless events cost a canonical JSON each: computed once per event object.
const identities = new WeakMap<BankSlipEvent, string>()

/** Pure (memoised). The identity of any lifecycle event, used by the fold to recognise duplicates. */
export const eventIdentity = (event: BankSlipEvent): string => {
  const cached = identities.get(event)
  if (cached !== undefined) return cached
  let identity: string
  switch (event.kind) {
    case 'webhook':
      identity = webhookEventId(event)
      break
    case 'issuance_requested':
      identity = `issuance:${part(event.bankSlipKey)}`
      break
    case 'instruction_requested':
      identity = `instruction:${part(event.bankSlipKey)}:${part(event.requestKey)}`
      break
  }
  identities.set(event, identity)
  return identity
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
