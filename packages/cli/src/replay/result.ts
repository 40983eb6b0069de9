/**
 * A finished replay as the commands consume it: counts and undecodable lines up front; the boletos, in key
 * order, read as streams. One thread: views of the in-memory report. Several: pages pulled from the workers
 * and merged by key (workers.ts), so the main thread never holds the whole report (for a month of webhooks,
 * as large as the replay's state), and the JSON text is made by the workers, in parallel.
 */
import type { Anomaly, ReplayCounts, ReplayReport, SlipReport } from '@boleto/core'
import { OFFENDERS, type Offender, WorstOffenders } from './offenders.js'

export interface SlipEntry {
  readonly key: string
  readonly slip: SlipReport
  /** This boleto's anomalies as the report lists them: history, then delivery. */
  readonly anomalies: readonly Anomaly[]
}

/** One boleto of the JSON report, already serialised (as UTF-8 bytes when a worker made it). */
export interface JsonPiece {
  readonly key: string
  readonly json: string | Buffer
}

export interface ReplayResult {
  readonly counts: ReplayCounts
  /** Undecodable inputs, by line number. */
  readonly undecodable: readonly Anomaly[]
  /** Every boleto, in key order (string order). Each call is a new pass. */
  entries(): AsyncIterable<SlipEntry>
  /** `JSON.stringify` of every boleto's report, in key order. */
  slipsJson(): AsyncIterable<JsonPiece>
  /** For every boleto that has anomalies, in key order: their JSON, comma-separated. */
  anomaliesJson(): AsyncIterable<JsonPiece>
  /** The boletos with the most anomalies. */
  offenders(limit?: number): Promise<readonly Offender[]>
  /** Releases the workers (idempotent). */
  close(): Promise<void>
}

/** Pure. Compares as `Array#sort` does by default (UTF-16 code units). */
export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const EMPTY: readonly Anomaly[] = []

/** Pure. A report's boletos with their anomalies, in key order. */
export const reportEntries = (report: ReplayReport): SlipEntry[] => {
  const byKey = new Map<string, Anomaly[]>()
  for (const a of report.anomalies) {
    if (a.kind === 'undecodable' || a.bankSlipKey === null) continue
    let list = byKey.get(a.bankSlipKey)
    if (list === undefined) {
      list = []
      byKey.set(a.bankSlipKey, list)
    }
    list.push(a)
  }
  return Object.keys(report.slips)
    .sort(compareKeys)
    .map((key) => ({ key, slip: report.slips[key]!, anomalies: byKey.get(key) ?? EMPTY }))
}

/** Pure. The serialised forms of entries (shared with the workers). */
export const slipJson = (e: SlipEntry): JsonPiece => ({ key: e.key, json: JSON.stringify(e.slip) })
export const anomaliesJson = (e: SlipEntry): JsonPiece => ({
  key: e.key,
  json: e.anomalies.map((a) => JSON.stringify(a)).join(','),
})

/** Pure. The worst offenders among entries. */
export const offendersOf = (entries: Iterable<SlipEntry>, limit = OFFENDERS): readonly Offender[] => {
  const worst = new WorstOffenders(limit)
  for (const e of entries) worst.add(e)
  return worst.list()
}

/** The result of a replay held in memory (one thread). */
export const resultOfReport = (report: ReplayReport): ReplayResult => {
  let cached: SlipEntry[] | null = null
  const all = (): SlipEntry[] => {
    cached ??= reportEntries(report)
    return cached
  }
  return {
    counts: report.counts,
    undecodable: report.anomalies.filter((a) => a.kind === 'undecodable'),
    async *entries() {
      yield* all()
    },
    async *slipsJson() {
      for (const e of all()) yield slipJson(e)
    },
    async *anomaliesJson() {
      for (const e of all()) if (e.anomalies.length > 0) yield anomaliesJson(e)
    },
    async offenders(limit) {
      return offendersOf(all(), limit)
    },
    async close() {},
  }
}

/** Collects a result back into one report (tests, small inputs). */
export const collectReport = async (result: ReplayResult): Promise<ReplayReport> => {
  const slips: Record<string, SlipReport> = {}
  const anomalies: Anomaly[] = [...result.undecodable]
  for await (const e of result.entries()) {
    slips[e.key] = e.slip
    anomalies.push(...e.anomalies)
  }
  return { slips, counts: result.counts, anomalies }
}
