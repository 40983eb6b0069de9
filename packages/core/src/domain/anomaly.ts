/**
 * What reconciliation reports. History anomalies are derived in event-time order (so they do not depend on
 * arrival order); delivery anomalies (`duplicate`, `stale_event`, `undecodable`) describe one delivery.
 */
export const ANOMALY_KINDS = [
  'duplicate',
  'status_mismatch',
  'invalid_transition',
  'stale_event',
  'unknown_type',
  'unknown_status',
  'unknown_value',
  'legacy_type',
  'money_precision',
  'invalid_datetime',
  'invalid_value',
  'undecodable',
] as const
export type AnomalyKind = (typeof ANOMALY_KINDS)[number]

export interface Anomaly {
  readonly kind: AnomalyKind
  readonly bankSlipKey: string | null
  readonly occurrenceKey?: string | null
  readonly occurrenceType?: string | null
  /** `webhook_datetime` of the event concerned, when it has one. */
  readonly at?: string | null
  readonly message: string
  /** status_mismatch: the derived status; invalid_transition: the status it was in. */
  readonly expected?: string
  /** status_mismatch / invalid_transition: the provider's reported status. */
  readonly actual?: string
  /** Position of the input in a replay (0-based index, or the line number for the CLI). */
  readonly index?: number
}
