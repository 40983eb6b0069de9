/** The worst offenders of a replay: the boletos with the most anomalies (delivery ones included). */
import type { SlipEntry } from './result.js'

export interface Offender {
  readonly bankSlipKey: string
  readonly status: string
  readonly total: number
  readonly kinds: Readonly<Record<string, number>>
}

export const OFFENDERS = 10

/** Pure. Whether `a` ranks before `b`: more anomalies first, then by key. */
const ranksBefore = (a: Offender, b: Offender): boolean =>
  a.total !== b.total ? a.total > b.total : a.bankSlipKey < b.bankSlipKey

/** Pure. */
export const offenderOf = (entry: SlipEntry): Offender => {
  const kinds: Record<string, number> = {}
  for (const a of entry.anomalies) kinds[a.kind] = (kinds[a.kind] ?? 0) + 1
  return { bankSlipKey: entry.key, status: entry.slip.status, total: entry.anomalies.length, kinds }
}

/** Keeps the top `limit` while boletos stream past (or while the lists of several workers are merged). */
export class WorstOffenders {
  private readonly kept: Offender[] = []
  constructor(private readonly limit = OFFENDERS) {}

  add(entry: SlipEntry): void {
    if (entry.anomalies.length === 0) return
    const worst = this.kept[this.kept.length - 1]
    if (this.kept.length >= this.limit && worst !== undefined && entry.anomalies.length < worst.total) return
    this.addOffender(offenderOf(entry))
  }

  addOffender(offender: Offender): void {
    let i = this.kept.length
    while (i > 0 && ranksBefore(offender, this.kept[i - 1]!)) i--
    if (i >= this.limit) return
    this.kept.splice(i, 0, offender)
    if (this.kept.length > this.limit) this.kept.pop()
  }

  list(): readonly Offender[] {
    return this.kept
  }
}
