export * from './domain/vocabulary.js'
export type * from './domain/terms.js'
export type * from './domain/events.js'
export * from './domain/instructions.js'
export * from './domain/anomaly.js'
export type * from './lifecycle/state.js'
export { lifecycleMachine, type LifecycleMachine } from './lifecycle/machine.js'
export { applyEvent, initialContext, type ApplyOutcome, type ApplyParams } from './lifecycle/effects.js'
export {
  lifecycleEventType,
  toMachineEvent,
  type LifecycleEventType,
  type LifecycleMachineEvent,
} from './lifecycle/machine-event.js'
export { reportedIs } from './lifecycle/guards.js'
export { decodeWebhook, type WebhookDecodeError, type WebhookDecodeResult } from './webhook/decode.js'
export { WebhookCodec, encodeWebhook } from './webhook/codec.js'
export { reaisToCents, centsToReais, formatCents, type CentsResult } from './webhook/money.js'
export { parseIsoMicros } from './webhook/datetime.js'
export {
  webhookEventId,
  eventIdentity,
  sameOccurrence,
  canonicalJson,
  fingerprint,
} from './webhook/identity.js'
export { compareEvents, lifecycleRank } from './fold/order.js'
export { step, compileLifecycle, LIFECYCLE_EVENT_TYPES, type CompiledTransition } from './fold/step.js'
export { initialState, evolve, fold, type FoldOptions, type InvalidTransitionError } from './fold/fold.js'
export * from './store/port.js'
export * from './store/events.js'
export { bankSlipProjection, projectStream, toRow } from './store/projection.js'
export * from './replay/replay.js'
export * from './replay/missing.js'
