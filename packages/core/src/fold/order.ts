/**
 * Event-time order: the total order the fold applies events in, whatever order they arrived in.
 *
 * 1. `at`: `webhook_datetime` (request time for our own events) in microseconds; undated events last.
 * 2. Lifecycle rank of the occurrence, so equal timestamps (QI's examples share one) replay in the order a
 *    boleto lives: requests, registration, term changes, protest flow, payment notices, payment, write-offs,
 *    unknown types last.
 * 3. Then the identity fields as strings (`occurrence_key`, type, status), the reported status, the webhook
 *    type, the datetime as written, and last the whole event as canonical JSON: two events compare equal
 *    only when they are equal in every field, so the order is total.
 */

import { canonicalJson } from '../domain/canonical-json.js'
import type { BankSlipEvent, WebhookEvent } from '../domain/events.js'
import { type OccurrenceType, rawOf } from '../domain/vocabulary.js'

const OCCURRENCE_RANK: Readonly<Record<OccurrenceType, number>> = {
  registration: 10,
  rebate: 20,
  cancel_rebate: 21,
  extension: 22,
  discount: 23,
  fine: 24,
  interest: 25,
  protest_request: 30,
  bankruptcy_protest_request: 30,
  notary_office_entry: 31,
  protest_cancel_request: 32,
  notary_office_exit: 32,
  payment_notice: 40,
  notary_office_payment_notice: 40,
  payment: 41,
  write_off: 50,
  protest_write_off: 50,
  payment_write_off: 51,
  protest_remove_request: 52,
}
const UNKNOWN_RANK = 90

/** Pure. */
export const lifecycleRank = (event: BankSlipEvent): number => {
  if (event.kind === 'issuance_requested') return 0
  if (event.kind === 'instruction_requested') return 1
  const type = event.occurrenceType
  return typeof type === 'string' ? OCCURRENCE_RANK[type] : UNKNOWN_RANK
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const compareWebhookFields = (a: WebhookEvent, b: WebhookEvent): number =>
  compareStrings(a.occurrenceKey ?? '', b.occurrenceKey ?? '') ||
  compareStrings(rawOf(a.occurrenceType), rawOf(b.occurrenceType)) ||
  compareStrings(rawOf(a.occurrenceStatus), rawOf(b.occurrenceStatus)) ||
  compareStrings(rawOf(a.bankSlipStatus), rawOf(b.bankSlipStatus)) ||
  compareStrings(rawOf(a.webhookType), rawOf(b.webhookType)) ||
  compareStrings(a.webhookDatetime ?? '', b.webhookDatetime ?? '')

// The last tie-break prints whole events: computed at most once per event, and only on a full tie.
const contents = new WeakMap<BankSlipEvent, string>()
const contentOf = (event: BankSlipEvent): string => {
  let text = contents.get(event)
  if (text === undefined) {
    text = canonicalJson(event)
    contents.set(event, text)
  }
  return text
}

/** Pure. Negative when `a` comes first; zero only for events equal in every field. */
export const compareEvents = (a: BankSlipEvent, b: BankSlipEvent): number => {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1
  const rank = lifecycleRank(a) - lifecycleRank(b)
  if (rank !== 0) return rank
  let fields = 0
  if (a.kind === 'webhook' && b.kind === 'webhook') fields = compareWebhookFields(a, b)
  else if (a.kind === 'instruction_requested' && b.kind === 'instruction_requested')
    fields = compareStrings(a.requestKey, b.requestKey)
  return fields !== 0 || a === b ? fields : compareStrings(contentOf(a), contentOf(b))
}
