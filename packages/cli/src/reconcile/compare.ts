/**
 * Derived statuses (a replay) against the provider's: mismatches, boletos only on one side, and what is
 * probably missing from the log, as the input for QI's re-send API (domain.md §1.4).
 */
import { probablyMissing, type ReplayReport } from '@boleto/core/replay'
import { type ReplayResult, reportEntries, type SlipEntry } from '../replay/result.js'
import { resendQueries } from './queries.js'

export interface MissingOccurrenceJson {
  readonly occurrence_type: string
  readonly reason: string
}

export interface Mismatch {
  readonly bank_slip_key: string
  readonly derived: string
  readonly provider: string
  /** The last status QI reported in the log's webhooks. */
  readonly reported: string | null
  readonly probably_missing: readonly MissingOccurrenceJson[]
  readonly resend_queries: readonly string[]
}

export interface Incomplete {
  readonly bank_slip_key: string
  readonly status: string
  readonly probably_missing: readonly MissingOccurrenceJson[]
  readonly resend_queries: readonly string[]
}

export interface Reconciliation {
  readonly mismatches: readonly Mismatch[]
  /** In the provider's export, never in the log: every event is missing. */
  readonly missing_in_log: ReadonlyArray<{
    bank_slip_key: string
    provider: string
    resend_queries: readonly string[]
  }>
  /** In the log, not in the export. */
  readonly missing_in_provider: ReadonlyArray<{ bank_slip_key: string; derived: string }>
  /** Statuses agree, but the history has gaps (invalid transitions that missing occurrences explain). */
  readonly incomplete: readonly Incomplete[]
  readonly undecodable_lines: ReadonlyArray<{ line: number | null; message: string }>
  readonly invalid_provider_lines: ReadonlyArray<{ line: number; message: string }>
  readonly counts: {
    readonly log_boletos: number
    readonly provider_boletos: number
    readonly matched: number
    readonly mismatches: number
    readonly missing_in_log: number
    readonly missing_in_provider: number
    readonly incomplete: number
    readonly undecodable_lines: number
    readonly invalid_provider_lines: number
  }
}

const json = (missing: ReadonlyArray<{ occurrenceType: string; reason: string }>): MissingOccurrenceJson[] =>
  missing.map((m) => ({ occurrence_type: m.occurrenceType, reason: m.reason }))

/** Compares boleto by boleto as the replay's result streams past (key order); the provider map is small. */
export const reconcileEntries = async (
  entries: AsyncIterable<SlipEntry> | Iterable<SlipEntry>,
  undecodableLines: ReadonlyArray<{ readonly index?: number; readonly message: string }>,
  provider: ReadonlyMap<string, string>,
  invalidProviderLines: ReadonlyArray<{ line: number; message: string }> = [],
): Promise<Reconciliation> => {
  const mismatches: Mismatch[] = []
  const incomplete: Incomplete[] = []
  const missingInProvider: Array<{ bank_slip_key: string; derived: string }> = []
  const seen = new Set<string>()
  let matched = 0
  let logBoletos = 0
  for await (const { key, slip } of entries) {
    logBoletos++
    const status = provider.get(key)
    if (status === undefined) {
      missingInProvider.push({ bank_slip_key: key, derived: slip.status })
      continue
    }
    seen.add(key)
    const missing = json(probablyMissing(slip.anomalies, slip.status, status))
    if (status !== slip.status)
      mismatches.push({
        bank_slip_key: key,
        derived: slip.status,
        provider: status,
        reported: slip.reportedStatus,
        probably_missing: missing,
        resend_queries: resendQueries(key, missing),
      })
    else {
      matched++
      if (missing.length > 0)
        incomplete.push({
          bank_slip_key: key,
          status,
          probably_missing: missing,
          resend_queries: resendQueries(key, missing),
        })
    }
  }
  const missingInLog = [...provider.keys()]
    .filter((key) => !seen.has(key))
    .sort()
    .map((key) => ({
      bank_slip_key: key,
      provider: provider.get(key)!,
      resend_queries: resendQueries(key, []),
    }))
  const undecodable = undecodableLines.map((a) => ({ line: a.index ?? null, message: a.message }))
  return {
    mismatches,
    missing_in_log: missingInLog,
    missing_in_provider: missingInProvider,
    incomplete,
    undecodable_lines: undecodable,
    invalid_provider_lines: invalidProviderLines,
    counts: {
      log_boletos: logBoletos,
      provider_boletos: provider.size,
      matched,
      mismatches: mismatches.length,
      missing_in_log: missingInLog.length,
      missing_in_provider: missingInProvider.length,
      incomplete: incomplete.length,
      undecodable_lines: undecodable.length,
      invalid_provider_lines: invalidProviderLines.length,
    },
  }
}

/** A replay result against the provider's statuses. */
export const reconcileResult = (
  result: ReplayResult,
  provider: ReadonlyMap<string, string>,
  invalidProviderLines: ReadonlyArray<{ line: number; message: string }> = [],
): Promise<Reconciliation> =>
  reconcileEntries(result.entries(), result.undecodable, provider, invalidProviderLines)

/** An in-memory report against the provider's statuses. */
export const reconcile = (
  report: ReplayReport,
  provider: ReadonlyMap<string, string>,
  invalidProviderLines: ReadonlyArray<{ line: number; message: string }> = [],
): Promise<Reconciliation> =>
  reconcileEntries(
    reportEntries(report),
    report.anomalies.filter((a) => a.kind === 'undecodable'),
    provider,
    invalidProviderLines,
  )

/** Pure. Whether the reconciliation found anything to act on (exit status 1). */
export const hasDiscrepancies = (r: Reconciliation): boolean =>
  r.mismatches.length > 0 ||
  r.missing_in_log.length > 0 ||
  r.missing_in_provider.length > 0 ||
  r.undecodable_lines.length > 0 ||
  r.invalid_provider_lines.length > 0
