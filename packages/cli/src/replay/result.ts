/**
 * A finished replay as the commands consume it: the undecodable lines up front; the boletos, in key order,
 * read in one pass as they are folded (cursor.ts); the totals after. One thread: a cursor in this thread.
 * Several: pages pulled from the workers and merged by key (workers.ts), so the main thread never holds the
 * whole report (for a month of webhooks, hundreds of MB), and the JSON is made by the workers, in
 * parallel, as UTF-8 bytes.
 */
import {
  type Anomaly,
  compareKeys,
  JsonBytes,
  type ReplayReport,
  type SlipOutcome,
  type SlipReport,
} from '@boleto/core/replay'
import { type ReplayCursor, type ReplayTotals, writeMember } from './cursor.js'

/** One boleto with its anomalies as the report lists them (history, then delivery). */
export type SlipEntry = SlipOutcome

export interface ReplayResult {
  /** Undecodable inputs, by line number. */
  readonly undecodable: readonly Anomaly[]
  /** Every boleto, in key order (string order). One pass: this or `slipMembers`, once. */
  entries(): AsyncIterable<SlipEntry>
  /**
   * The members of the JSON report's `slips` object, in key order: `"<key>":<compact report JSON>` (core's
   * `compactSlipReport`), comma-separated, in pieces of many boletos each (UTF-8 bytes); the pieces
   * concatenated are the whole list. One pass. A piece is valid until the next is asked for: its buffer is
   * written over (a writer waits until the stream is done with it: `BufferedWriter.writeOut`).
   */
  slipMembers(): AsyncIterable<Buffer>
  /**
   * After `slipMembers`: the anomalies of every boleto that has some, in key order, as JSON objects,
   * comma-separated, in pieces of many boletos each (like `slipMembers`, each valid until the next).
   */
  anomaliesJson(): AsyncIterable<Buffer>
  /** Counts and worst offenders; folds (without keeping) whatever no pass has read. */
  totals(): Promise<ReplayTotals>
  /** Releases the workers (idempotent). */
  close(): Promise<void>
}

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

/** Boletos per page read from a cursor in this thread. */
const PAGE = 1024
/** Boletos per piece of the JSON report's members written in this thread (~300 KB of bytes). */
const MEMBERS_PAGE = 512
/** Bytes a piece starts with (it grows if it must). */
const MEMBERS_BYTES = 512 * 1024
/** Boletos with anomalies per piece of the report's anomalies (their JSON bytes are held anyway). */
const ANOMALIES_PAGE = 1024

/** The result of a replay finished in this thread. */
export const resultOfCursor = (cursor: ReplayCursor): ReplayResult => ({
  undecodable: cursor.undecodable,
  async *entries() {
    for (;;) {
      const page = cursor.nextEntries(PAGE)
      yield* page.items
      if (page.keys.length < PAGE) return
    }
  },
  async *slipMembers() {
    let first = true
    // One buffer for every piece: a piece is valid until the next is asked for.
    const out = new JsonBytes(Buffer.allocUnsafeSlow(MEMBERS_BYTES))
    for (;;) {
      out.reset()
      const keys = cursor.visit(MEMBERS_PAGE, (outcome) => {
        if (!first) out.raw(',')
        first = false
        writeMember(outcome, out)
      })
      if (out.length > 0) yield Buffer.from(out.bytes.buffer, out.bytes.byteOffset, out.length)
      if (keys.length < MEMBERS_PAGE) return
    }
  },
  async *anomaliesJson() {
    for (let from = 0; ; from += ANOMALIES_PAGE) {
      const { keys, bytes } = cursor.anomaliesPage(from, ANOMALIES_PAGE)
      // Each boleto's bytes start with a comma: the list's first does not.
      const list = from === 0 ? bytes.subarray(1) : bytes
      if (list.length > 0) yield Buffer.from(list.buffer, list.byteOffset, list.length)
      if (keys.length < ANOMALIES_PAGE) return
    }
  },
  async totals() {
    return cursor.totals()
  },
  async close() {},
})

/** Collects a result back into one report (tests, small inputs). */
export const collectReport = async (result: ReplayResult): Promise<ReplayReport> => {
  const slips: Record<string, SlipReport> = {}
  const anomalies: Anomaly[] = [...result.undecodable]
  for await (const e of result.entries()) {
    slips[e.key] = e.slip
    anomalies.push(...e.anomalies)
  }
  return { slips, counts: (await result.totals()).counts, anomalies }
}
