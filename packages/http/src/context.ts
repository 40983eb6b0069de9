/** What every route of the plugin shares: resolved options, the store, the verifier, metrics. */
import type { EventStore } from '@boleto/core'
import type { PaymentQueryOptions } from './config.js'
import type { Metrics } from './metrics.js'
import type { Verifier } from './signature.js'
import type { AckSigner } from './signed-ack.js'

export interface BoletoContext {
  readonly store: EventStore
  /** null when verification is off. */
  readonly verifier: Verifier | null
  readonly signer: AckSigner | null
  readonly metrics: Metrics
  readonly webhookPath: string
  readonly bodyLimit: number
  readonly commandBodyLimit: number
  readonly handlerTimeoutMs: number
  readonly paymentQuery: PaymentQueryOptions
  readonly now: () => number
  readonly today: () => string
  /** Appends still running (a timed-out request's append goes on): awaited before the store closes. */
  readonly inflight: Set<Promise<unknown>>
  /** Set when the app starts closing: answers then close their connection. */
  readonly lifecycle: { closing: boolean }
}

/** Tracks a promise until it settles. */
export const track = <T>(ctx: BoletoContext, promise: Promise<T>): Promise<T> => {
  ctx.inflight.add(promise)
  const done = (): void => {
    ctx.inflight.delete(promise)
  }
  promise.then(done, done)
  return promise
}

/** Pure. 'YYYY-MM-DD' in Brazil (UTC−03:00, no daylight saving since 2019) at epoch ms `now`. */
export const brazilDate = (now: number): string => new Date(now - 3 * 3600_000).toISOString().slice(0, 10)
