export type * from './commands/command.js'
export { decide } from './commands/decide.js'
export { lifecycleMarkdown, toMermaid } from './diagram/mermaid.js'
export * from './domain/anomaly.js'
export { canonicalJson } from './domain/canonical-json.js'
export type * from './domain/events.js'
export * from './domain/instructions.js'
export type * from './domain/terms.js'
export * from './domain/vocabulary.js'
export { compileLifecycle } from './fold/compile.js'
export {
  type DeliveryNote,
  evolve,
  type FoldOptions,
  fold,
  foldSorted,
  type InvalidTransitionError,
  initialState,
  settleDelivery,
} from './fold/fold.js'
export { compareEvents, lifecycleRank } from './fold/order.js'
export { step, validOccurrences } from './fold/step.js'
export {
  type CompiledTransition,
  compileConfig,
  LIFECYCLE_EVENT_TYPES,
  type LifecycleTable,
} from './fold/table.js'
export { type ApplyOutcome, type ApplyParams, applyEvent, initialContext } from './lifecycle/effects.js'
export { reportedIs } from './lifecycle/guards.js'
export { type LifecycleMachine, lifecycleMachine } from './lifecycle/machine.js'
export { lifecycleConfig } from './lifecycle/machine-config.js'
export {
  type LifecycleEventType,
  type LifecycleMachineEvent,
  lifecycleEventType,
  toMachineEvent,
} from './lifecycle/machine-event.js'
export type * from './lifecycle/state.js'
export * from './quote/index.js'
export * from './replay/compact.js'
export * from './replay/compact-json.js'
export * from './replay/json-bytes.js'
export * from './replay/key-order.js'
export * from './replay/missing.js'
export * from './replay/replay.js'
export { keyHash, keyHashOfBytes } from './replay/slip-index.js'
export * from './store/arguments.js'
export * from './store/consumer.js'
export * from './store/cursor.js'
export * from './store/events.js'
export * from './store/memory.js'
export * from './store/port.js'
export { bankSlipProjection, projectStream, toRow } from './store/projection.js'
export { encodeWebhook, WebhookCodec } from './webhook/codec.js'
export { parseIsoMicros } from './webhook/datetime.js'
export { decodeWebhook, type WebhookDecodeError, type WebhookDecodeResult } from './webhook/decode.js'
export {
  eventIdentity,
  fingerprint,
  sameOccurrence,
  webhookEventId,
} from './webhook/identity.js'
export { type CentsResult, centsToReais, formatCents, reaisToCents } from './webhook/money.js'
export { CompactFields, eventOfFields, keyOfFields, scanWebhook, scanWebhookFields } from './webhook/scan.js'
