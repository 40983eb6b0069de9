/**
 * One canonical shape for a replay report, whatever produced it: the per-key count records in key order.
 * (A single accumulator and a merge of several fill those records in different orders; slips and anomalies
 * are already in a deterministic order.) With it the JSON report of a multi-threaded run is byte-identical
 * to the single-threaded one.
 */
import type { ReplayReport } from '@boleto/core/replay'

/** Pure. */
const sortKeys = <T>(record: Readonly<Record<string, T>>): Record<string, T> => {
  const out: Record<string, T> = {}
  for (const key of Object.keys(record).sort()) out[key] = record[key]!
  return out
}

/** Pure. */
export const normalizeReport = (report: ReplayReport): ReplayReport => ({
  ...report,
  counts: {
    ...report.counts,
    byStatus: sortKeys(report.counts.byStatus),
    byAnomaly: sortKeys(report.counts.byAnomaly),
    byWebhookType: sortKeys(report.counts.byWebhookType),
  },
})
