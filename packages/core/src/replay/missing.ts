/**
 * Which occurrences are probably missing from a boleto's log, so an operator can ask QI to re-send them
 * (notification API, domain.md §1.4). Found by breadth-first search over the machine's valid transitions:
 * the shortest chain of occurrences that makes an out-of-place event valid, or that leads from the derived
 * status to the status the provider reports.
 */
import type { Anomaly } from '../domain/anomaly.js'
import {
  type BankSlipStatus,
  isBankSlipStatus,
  OCCURRENCE_TYPES,
  type OccurrenceType,
} from '../domain/vocabulary.js'
import { validOccurrences } from '../fold/step.js'

const accepts = (status: BankSlipStatus, type: OccurrenceType): boolean =>
  validOccurrences(status).some(([t]) => t === type)

/** Pure. Shortest chain of occurrences from `from` to a status satisfying `goal` (empty when `from` does). */
const search = (from: BankSlipStatus, goal: (s: BankSlipStatus) => boolean): OccurrenceType[] | null => {
  if (goal(from)) return []
  const previous = new Map<BankSlipStatus, readonly [BankSlipStatus, OccurrenceType]>()
  const queue: BankSlipStatus[] = [from]
  const seen = new Set<BankSlipStatus>([from])
  while (queue.length > 0) {
    const status = queue.shift()!
    for (const [type, next] of validOccurrences(status)) {
      if (seen.has(next)) continue
      seen.add(next)
      previous.set(next, [status, type])
      if (goal(next)) {
        const path: OccurrenceType[] = []
        for (let at: BankSlipStatus = next; at !== from; ) {
          const [before, via] = previous.get(at)!
          path.unshift(via)
          at = before
        }
        return path
      }
      queue.push(next)
    }
  }
  return null
}

/** Pure. The occurrences that would have made `type` valid in `from`, or null when none would. */
export const occurrencesEnabling = (from: BankSlipStatus, type: OccurrenceType): OccurrenceType[] | null =>
  search(from, (s) => accepts(s, type))

/** Pure. The occurrences leading from `from` to `to`, or null when `to` cannot be reached. */
export const occurrencesBetween = (from: BankSlipStatus, to: BankSlipStatus): OccurrenceType[] | null =>
  search(from, (s) => s === to)

export interface MissingOccurrence {
  readonly occurrenceType: OccurrenceType
  /** The anomaly or comparison that suggests it. */
  readonly reason: string
}

const isOccurrence = (t: string | null | undefined): t is OccurrenceType =>
  typeof t === 'string' && (OCCURRENCE_TYPES as readonly string[]).includes(t)

/**
 * Pure. Probably-missing occurrences for one boleto: from its invalid-transition anomalies and, when given,
 * from the status the provider reports now (e.g. an export of QI's statuses).
 */
export const probablyMissing = (
  anomalies: readonly Anomaly[],
  derived: BankSlipStatus,
  providerStatus?: string | null,
): MissingOccurrence[] => {
  const found = new Map<OccurrenceType, string>()
  for (const a of anomalies) {
    if (a.kind !== 'invalid_transition' || !isBankSlipStatus(a.expected) || !isOccurrence(a.occurrenceType))
      continue
    for (const type of occurrencesEnabling(a.expected, a.occurrenceType) ?? [])
      if (!found.has(type)) found.set(type, `${a.occurrenceType} arrived while ${a.expected}`)
  }
  if (isBankSlipStatus(providerStatus) && providerStatus !== derived)
    for (const type of occurrencesBetween(derived, providerStatus) ?? [])
      if (!found.has(type)) found.set(type, `provider reports ${providerStatus}, derived ${derived}`)
  return [...found].map(([occurrenceType, reason]) => ({ occurrenceType, reason }))
}
