/**
 * `@boleto/core/replay`: the replay engine alone (decoding, scanning, the fold, packing, the compact
 * report, money in centavos), for programs that start often or in many threads: it loads neither io-ts nor fp-ts nor the
 * command and store modules, about a third of the full entry's start-up. Everything here is also exported
 * by `@boleto/core`.
 */
export type { Anomaly, AnomalyKind } from '../domain/anomaly.js'
export type { PaymentDetails, WebhookEvent } from '../domain/events.js'
export { decodeWebhook, type WebhookDecodeError, type WebhookDecodeResult } from '../webhook/decode.js'
export * from '../webhook/money.js'
export { CompactFields, eventOfFields, keyOfFields, scanWebhook, scanWebhookFields } from '../webhook/scan.js'
export * from './compact.js'
export * from './compact-json.js'
export * from './json-bytes.js'
export * from './key-order.js'
export * from './missing.js'
export * from './replay.js'
export { keyHash, keyHashOfBytes } from './slip-index.js'
