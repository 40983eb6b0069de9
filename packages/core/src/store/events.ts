/**
 * Between lifecycle events and stored events. Webhooks are stored as the body QI sent (so nothing is lost
 * and a newer decoder can re-read old bodies); our own request events are stored as themselves.
 */
import type {
  BankSlipEvent,
  InstructionRequestedEvent,
  IssuanceRequestedEvent,
  WebhookEvent,
} from '../domain/events.js'
import { decodeWebhook, type WebhookDecodeError } from '../webhook/decode.js'
import { eventIdentity, webhookEventId } from '../webhook/identity.js'
import { EVENT_TYPES, type JsonObject, type NewEvent } from './port.js'

/** Pure. The store event for a webhook body; its id is the occurrence identity, so redeliveries dedupe. */
export const webhookToNewEvent = (
  body: unknown,
  decoded: WebhookEvent,
  metadata?: JsonObject | null,
): NewEvent => ({
  id: webhookEventId(decoded, body),
  type: EVENT_TYPES.webhook,
  data: body,
  metadata: metadata ?? null,
  // `decoded` is decodeWebhook(body): the projection takes it instead of decoding the body again.
  decoded,
})

/** Pure. The store event for one of our own request events. */
export const requestToNewEvent = (
  event: IssuanceRequestedEvent | InstructionRequestedEvent,
  metadata?: JsonObject | null,
): NewEvent => ({
  id: eventIdentity(event),
  type:
    event.kind === 'issuance_requested' ? EVENT_TYPES.issuanceRequested : EVENT_TYPES.instructionRequested,
  data: event,
  metadata: metadata ?? null,
})

export type StoredEventDecodeResult =
  | { readonly ok: true; readonly event: BankSlipEvent }
  | { readonly ok: false; readonly error: WebhookDecodeError }

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null

/** Pure. The lifecycle event a stored event stands for (the one decoded at intake, when it is given). */
export const fromStoredEvent = (stored: {
  readonly type: string
  readonly data: unknown
  readonly decoded?: BankSlipEvent | undefined
}): StoredEventDecodeResult => {
  if (stored.type === EVENT_TYPES.webhook) {
    if (stored.decoded !== undefined) return { ok: true, event: stored.decoded }
    const decoded = decodeWebhook(stored.data)
    return decoded.ok ? { ok: true, event: decoded.value } : { ok: false, error: decoded.error }
  }
  const kind =
    stored.type === EVENT_TYPES.issuanceRequested
      ? 'issuance_requested'
      : stored.type === EVENT_TYPES.instructionRequested
        ? 'instruction_requested'
        : null
  if (
    kind !== null &&
    isObject(stored.data) &&
    stored.data.kind === kind &&
    typeof stored.data.bankSlipKey === 'string'
  )
    return { ok: true, event: stored.data as unknown as BankSlipEvent }
  return {
    ok: false,
    error: { path: 'type', message: `not a lifecycle event type: ${stored.type}`, actual: stored.type },
  }
}
