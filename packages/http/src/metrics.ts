/**
 * Prometheus metrics on a registry of the plugin's own (never prom-client's global one, so two instances,
 * or a host app with its own metrics, never collide).
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client'

export type IntakeResult =
  | 'stored'
  | 'duplicate'
  | 'quarantined'
  | 'rejected'
  | 'unavailable'
  | 'timeout'
  | 'too_large'

export interface Metrics {
  readonly registry: Registry
  readonly intake: Counter<'result'>
  readonly verificationFailures: Counter<'reason'>
  readonly intakeDuration: Histogram<'result'>
  readonly storeErrors: Counter<'operation'>
  readonly requests: Histogram<'method' | 'route' | 'status_code'>
}

export interface MetricsOptions {
  readonly registry?: Registry | undefined
  readonly prefix?: string | undefined
  readonly collectDefaultMetrics?: boolean | undefined
}

export const createMetrics = (options: MetricsOptions = {}): Metrics => {
  const registry = options.registry ?? new Registry()
  const p = options.prefix ?? 'boleto_'
  if (options.collectDefaultMetrics === true) collectDefaultMetrics({ register: registry, prefix: p })
  const registers = [registry]
  return {
    registry,
    intake: new Counter({
      name: `${p}webhook_intake_total`,
      help: 'Webhook deliveries by result (stored, duplicate, quarantined, rejected, unavailable, timeout, too_large)',
      labelNames: ['result'],
      registers,
    }),
    verificationFailures: new Counter({
      name: `${p}webhook_verification_failures_total`,
      help: 'Webhook signature verification failures by reason',
      labelNames: ['reason'],
      registers,
    }),
    intakeDuration: new Histogram({
      name: `${p}webhook_intake_duration_seconds`,
      help: 'Webhook handling time from body received to answer, by result',
      labelNames: ['result'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 8, 10],
      registers,
    }),
    storeErrors: new Counter({
      name: `${p}store_errors_total`,
      help: 'Event store failures by operation',
      labelNames: ['operation'],
      registers,
    }),
    requests: new Histogram({
      name: `${p}http_request_duration_seconds`,
      help: 'HTTP requests served by the boleto routes',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  }
}
