/** The human summary of a replay: counts, anomalies by kind, bad lines, worst offenders; or one boleto. */
import { type Anomaly, formatCents, type ReplayCounts, type SlipReport } from '@boleto/core/replay'
import { formatCount } from '../progress.js'
import type { Offender } from './offenders.js'

export interface SummaryContext {
  readonly source: string
  readonly lines: number
  readonly threads: number
  readonly elapsedMs: number
}

/** How many bad lines and offenders are listed before "… and N more". */
const LIST_LIMIT = 20

/** Pure. Rows of `label  value`, values right-aligned. */
const table = (rows: ReadonlyArray<readonly [string, string]>, numeric = true): string[] => {
  const labelWidth = Math.max(0, ...rows.map(([l]) => l.length))
  const valueWidth = numeric ? Math.max(0, ...rows.map(([, v]) => v.length)) : 0
  return rows.map(([l, v]) => `  ${l.padEnd(labelWidth)}  ${v.padStart(valueWidth)}`)
}

const byCountDesc = ([a, x]: readonly [string, number], [b, y]: readonly [string, number]): number =>
  y - x || (a < b ? -1 : a > b ? 1 : 0)

const kindsText = (kinds: Readonly<Record<string, number>>): string =>
  Object.entries(kinds)
    .sort(byCountDesc)
    .map(([k, n]) => (n === 1 ? k : `${k} ×${n}`))
    .join(', ')

/** Pure. */
export const renderSummary = (
  counts: ReplayCounts,
  undecodable: readonly Anomaly[],
  offenders: readonly Offender[],
  context: SummaryContext,
): string => {
  const c = counts
  const out: string[] = []
  const threads = context.threads > 1 ? `, ${context.threads} threads` : ''
  out.push(
    `Replayed ${formatCount(context.lines)} lines of ${context.source} in ${(context.elapsedMs / 1000).toFixed(1)} s${threads}`,
    `  ${formatCount(c.events)} events, ${formatCount(c.slips)} boletos, ${formatCount(c.undecodable)} undecodable, ${formatCount(c.duplicates)} duplicates, ${formatCount(c.outOfOrder)} out of order`,
  )
  if (c.strictFailures > 0)
    out.push(`  ${formatCount(c.strictFailures)} boletos stopped at an invalid transition (--strict)`)
  const statuses = Object.entries(c.byStatus).sort(byCountDesc)
  if (statuses.length > 0)
    out.push('', 'Boletos by status', ...table(statuses.map(([s, n]) => [s, formatCount(n)])))
  const kinds = Object.entries(c.byAnomaly as Record<string, number>).sort(byCountDesc)
  out.push('', kinds.length > 0 ? 'Anomalies by kind' : 'No anomalies')
  out.push(...table(kinds.map(([k, n]) => [k, formatCount(n)])))
  const bad = undecodable
  if (bad.length > 0) {
    out.push('', 'Undecodable lines')
    for (const a of bad.slice(0, LIST_LIMIT)) out.push(`  line ${a.index ?? '?'}: ${a.message}`)
    if (bad.length > LIST_LIMIT)
      out.push(`  … and ${formatCount(bad.length - LIST_LIMIT)} more (--json lists all)`)
  }
  if (offenders.length > 0) {
    out.push('', 'Worst offenders (most anomalies)')
    for (const o of offenders)
      out.push(`  ${o.bankSlipKey}  ${o.total} (${kindsText(o.kinds)})  now ${o.status}`)
  }
  return `${out.join('\n')}\n`
}

const anomalyLine = (a: Anomaly): string => {
  const where = [a.index !== undefined ? `line ${a.index}` : null, a.at ?? null].filter((x) => x !== null)
  const what = a.occurrenceType ? ` ${a.occurrenceType}` : ''
  return `  ${a.kind}${what}${where.length > 0 ? ` (${where.join(', ')})` : ''}: ${a.message}`
}

/** Pure. One boleto in detail (`--slip`). */
export const renderSlip = (slip: SlipReport, anomalies: readonly Anomaly[]): string => {
  const rows: Array<readonly [string, string]> = [
    ['status', slip.status],
    ['reported by QI', slip.reportedStatus ?? '-'],
    ['amount', slip.amountCents === null ? '-' : `R$ ${formatCents(slip.amountCents)}`],
    ['due date', slip.dueDate ?? '-'],
    ['events', String(slip.version)],
    ['last event at', slip.lastEventAt ?? '-'],
    ['duplicates', String(slip.duplicates)],
    ['out of order', String(slip.outOfOrder)],
  ]
  if (slip.payment?.paidAmountCents !== null && slip.payment?.paidAmountCents !== undefined)
    rows.push(['paid', `R$ ${formatCents(slip.payment.paidAmountCents)}`])
  if (slip.error !== undefined) rows.push(['stopped (--strict)', slip.error])
  const out = [`Boleto ${slip.bankSlipKey}`, ...table(rows, false)]
  out.push('', anomalies.length > 0 ? 'Anomalies' : 'No anomalies', ...anomalies.map(anomalyLine))
  if (slip.probablyMissing.length > 0) {
    out.push('', 'Probably missing occurrences')
    for (const m of slip.probablyMissing) out.push(`  ${m.occurrenceType}: ${m.reason}`)
  }
  return `${out.join('\n')}\n`
}
