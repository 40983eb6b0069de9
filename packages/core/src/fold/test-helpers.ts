/** Helpers shared by the fold's tests (not exported from the package). */
import type { BankSlipEvent, WebhookEvent } from '../domain/events.js'
import type { BankSlipState } from '../lifecycle/state.js'
import { decodeWebhook } from '../webhook/decode.js'

export const decoded = (body: unknown): WebhookEvent => {
  const result = decodeWebhook(body)
  if (!result.ok) throw new Error(`test body does not decode: ${result.error.message}`)
  return result.value
}

/** The part of a state that must not depend on delivery. */
export const historyPart = (state: BankSlipState): Omit<BankSlipState, 'delivery'> => {
  const { delivery: _delivery, ...rest } = state
  return rest
}

export const events = (bodies: readonly unknown[]): BankSlipEvent[] => bodies.map(decoded)
