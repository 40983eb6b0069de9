/**
 * How a lifecycle event is presented to the machine. Confirmed occurrences use their occurrence type as the
 * event type; rejections and everything the machine cannot place get their own types.
 */
import type { BankSlipEvent } from '../domain/events.js'
import type { OccurrenceType } from '../domain/vocabulary.js'

export type LifecycleEventType =
  | OccurrenceType
  | 'registration_rejected'
  | 'occurrence_rejected'
  | 'unrecognised'
  | 'issuance_requested'
  | 'instruction_requested'

export interface LifecycleMachineEvent {
  readonly type: LifecycleEventType
  readonly event: BankSlipEvent
}

/** Pure. */
export const lifecycleEventType = (event: BankSlipEvent): LifecycleEventType => {
  if (event.kind !== 'webhook') return event.kind
  const { occurrenceType, occurrenceStatus, webhookType } = event
  if (typeof webhookType !== 'string' || webhookType === 'bank_slip.status_change') return 'unrecognised'
  if (typeof occurrenceType !== 'string') return 'unrecognised'
  if (occurrenceStatus === 'confirmed') return occurrenceType
  if (occurrenceStatus === 'rejected')
    return occurrenceType === 'registration' ? 'registration_rejected' : 'occurrence_rejected'
  return 'unrecognised'
}

/** Pure. */
export const toMachineEvent = (event: BankSlipEvent): LifecycleMachineEvent => ({
  type: lifecycleEventType(event),
  event,
})
