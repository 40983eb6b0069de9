/**
 * Replay: raw webhook bodies in, per-boleto states and every anomaly out. The accumulator form lets the CLI
 * stream files of any length and split work across threads by boleto key: reports of disjoint key sets
 * merge into exactly the report of the whole (`mergeReplayReports`).
 *
 * Each boleto's events are buffered as they arrive and folded once at `finish()`: one sort and one state
 * copy per event, instead of a state (and history) copy per arrival.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Anomaly, AnomalyKind } from '../domain/anomaly.js'
import type { WebhookEvent } from '../domain/events.js'
import { rawOf } from '../domain/vocabulary.js'
import { type DeliveryNote, foldSorted, initialState, settleDelivery } from '../fold/fold.js'
import type { BankSlipState } from '../lifecycle/state.js'
import { decodeWebhook } from '../webhook/decode.js'
import { type MissingOccurrence, probablyMissing } from './missing.js'

export interface ReplayOptions {
  /** Stop folding a boleto at its first invalid transition and report the error. */
  readonly strict?: boolean
  /** Only this boleto. */
  readonly slip?: string
}

export interface SlipReport extends Omit<BankSlipState, 'history' | 'delivery'> {
  readonly bankSlipKey: string
  readonly duplicates: number
  readonly outOfOrder: number
  readonly probablyMissing: readonly MissingOccurrence[]
  /** strict mode: why folding stopped (the state is the one before that event) */
  readonly error?: string
}

export interface ReplayCounts {
  readonly inputs: number
  readonly events: number
  readonly undecodable: number
  readonly duplicates: number
  readonly outOfOrder: number
  readonly slips: number
  readonly strictFailures: number
  readonly byStatus: Readonly<Record<string, number>>
  readonly byAnomaly: Readonly<Partial<Record<AnomalyKind, number>>>
  readonly byWebhookType: Readonly<Record<string, number>>
}

export interface ReplayReport {
  /** Keyed by boleto, in key order. Null-prototype: any key QI sends is plain data. */
  readonly slips: Readonly<Record<string, SlipReport>>
  readonly counts: ReplayCounts
  /** Undecodable inputs first (by index), then per boleto in key order: history, then delivery anomalies. */
  readonly anomalies: readonly Anomaly[]
}

export interface ReplayAccumulator {
  /** A raw body (parsed JSON); `index` is its position in the input (line number for files). */
  add(body: unknown, index: number): void
  /** An already decoded webhook. */
  addEvent(event: WebhookEvent, index: number): void
  /** An input that could not even be parsed (bad JSON line). */
  addUndecodable(index: number, message: string): void
  finish(): ReplayReport
}

interface SlipBuffer {
  readonly key: string
  readonly events: WebhookEvent[]
  readonly indices: number[]
}

/** A record whose keys are data: `__proto__` or `constructor` from QI are stored, never interpreted. */
const record = <T>(): Record<string, T> => Object.create(null) as Record<string, T>

/** Pure. The same record with its keys sorted, so merged and whole reports print identically. */
const sortedRecord = <T>(input: Readonly<Record<string, T>>): Record<string, T> => {
  const out = record<T>()
  for (const key of Object.keys(input).sort()) out[key] = input[key]!
  return out
}

const increment = (counts: Record<string, number>, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by
}

/** Pure. The report of one boleto: its state without the history, plus what reconciliation adds. */
const toSlipReport = (key: string, state: BankSlipState, error: string | null): SlipReport => {
  // Explicit fields rather than an object rest: this runs once per boleto of logs with millions of them.
  const report: SlipReport = {
    bankSlipKey: key,
    status: state.status,
    reportedStatus: state.reportedStatus,
    issuance: state.issuance,
    amountCents: state.amountCents,
    dueDate: state.dueDate,
    rebate: state.rebate,
    rebateAmountCents: state.rebateAmountCents,
    fineData: state.fineData,
    interestData: state.interestData,
    discountsData: state.discountsData,
    termChanges: state.termChanges,
    protest: state.protest,
    pending: state.pending,
    settled: state.settled,
    rejectedOccurrences: state.rejectedOccurrences,
    unclaimedAnswers: state.unclaimedAnswers,
    registeredAt: state.registeredAt,
    paymentNotice: state.paymentNotice,
    payment: state.payment,
    paidAt: state.paidAt,
    writeOff: state.writeOff,
    anomalies: state.anomalies,
    version: state.version,
    lastEventAt: state.lastEventAt,
    duplicates: state.delivery.duplicates,
    outOfOrder: state.delivery.outOfOrder,
    probablyMissing:
      state.anomalies.length === 0
        ? []
        : probablyMissing(state.anomalies, state.status, state.reportedStatus),
  }
  return error === null ? report : { ...report, error }
}

const deliveryAnomaly = (event: WebhookEvent, note: DeliveryNote, index: number): Anomaly => {
  const base = {
    bankSlipKey: event.bankSlipKey,
    occurrenceKey: event.occurrenceKey,
    occurrenceType: rawOf(event.occurrenceType),
    at: event.webhookDatetime,
    index,
  }
  if (note.kind === 'duplicate')
    return { kind: 'duplicate', message: 'same occurrence delivered again', ...base }
  const later = note.against
  return {
    kind: 'stale_event',
    message: `arrived after a later event (${later.kind === 'webhook' ? (later.webhookDatetime ?? 'undated') : later.kind})`,
    ...base,
  }
}

/** Pure. Folds one boleto's buffered events; in strict mode, up to its first invalid transition. */
const foldSlip = (
  slip: SlipBuffer,
  strict: boolean,
): { state: BankSlipState; delivery: Anomaly[]; error: string | null } => {
  const delivery: Anomaly[] = []
  const { sorted, delivery: stats } = settleDelivery(slip.events, (note) =>
    delivery.push(deliveryAnomaly(slip.events[note.position]!, note, slip.indices[note.position]!)),
  )
  const result = foldSorted(sorted, stats, strict)
  if (E.isRight(result)) return { state: result.right, delivery, error: null }
  // Strict: the state before the first invalid transition, and why it stopped there.
  const failing = sorted.indexOf(result.left.event as WebhookEvent)
  const before = foldSorted(sorted.slice(0, Math.max(0, failing)), stats, false)
  return { state: E.isRight(before) ? before.right : initialState, delivery, error: result.left.message }
}

/** A replay in progress. Not pure (it accumulates); `finish` returns plain data. */
export const createReplayAccumulator = (options: ReplayOptions = {}): ReplayAccumulator => {
  const slips = new Map<string, SlipBuffer>()
  const undecodable: Anomaly[] = []
  const byWebhookType = record<number>()
  let inputs = 0
  let events = 0
  const strict = options.strict === true

  /** `owned`: the event was decoded here, so it may be rewritten to share its key string. */
  const addEvent = (event: WebhookEvent, index: number, owned: boolean): void => {
    if (options.slip !== undefined && event.bankSlipKey !== options.slip) return
    events++
    increment(byWebhookType, rawOf(event.webhookType))
    let slip = slips.get(event.bankSlipKey)
    if (slip === undefined) {
      slip = { key: event.bankSlipKey, events: [], indices: [] }
      slips.set(event.bankSlipKey, slip)
    } else if (owned) {
      // One key string per boleto instead of one per event: logs hold millions of events.
      ;(event as { bankSlipKey: string }).bankSlipKey = slip.key
    }
    slip.events.push(event)
    slip.indices.push(index)
  }

  return {
    add(body, index) {
      inputs++
      const decoded = decodeWebhook(body)
      if (decoded.ok) addEvent(decoded.value, index, true)
      else
        undecodable.push({
          kind: 'undecodable',
          bankSlipKey: null,
          message: `${decoded.error.path || 'body'}: ${decoded.error.message}`,
          index,
        })
    },
    addEvent(event, index) {
      inputs++
      addEvent(event, index, false)
    },
    addUndecodable(index, message) {
      inputs++
      undecodable.push({ kind: 'undecodable', bankSlipKey: null, message, index })
    },
    finish() {
      const reports = record<SlipReport>()
      const anomalies: Anomaly[] = [...undecodable]
      const byStatus = record<number>()
      const byAnomaly = record<number>()
      let duplicates = 0
      let outOfOrder = 0
      let strictFailures = 0
      for (const a of undecodable) increment(byAnomaly, a.kind)
      for (const key of [...slips.keys()].sort()) {
        const slip = slips.get(key)!
        const { state, delivery, error } = foldSlip(slip, strict)
        slips.delete(key) // release the buffered events as soon as the boleto is folded
        reports[key] = toSlipReport(key, state, error)
        duplicates += state.delivery.duplicates
        outOfOrder += state.delivery.outOfOrder
        if (error !== null) strictFailures++
        increment(byStatus, state.status)
        for (const a of state.anomalies) increment(byAnomaly, a.kind)
        for (const a of delivery) increment(byAnomaly, a.kind)
        for (const a of state.anomalies) anomalies.push(a)
        for (const a of delivery) anomalies.push(a)
      }
      return {
        slips: reports,
        counts: {
          inputs,
          events,
          undecodable: undecodable.length,
          duplicates,
          outOfOrder,
          slips: Object.keys(reports).length,
          strictFailures,
          byStatus: sortedRecord(byStatus),
          byAnomaly: sortedRecord(byAnomaly),
          byWebhookType: sortedRecord(byWebhookType),
        },
        anomalies,
      }
    },
  }
}

/** Pure. Replays raw webhook bodies (as parsed JSON) in arrival order. */
export const replay = (bodies: readonly unknown[], options?: ReplayOptions): ReplayReport => {
  const accumulator = createReplayAccumulator(options)
  for (const [index, body] of bodies.entries()) accumulator.add(body, index)
  return accumulator.finish()
}

const sumRecords = (
  records: readonly Readonly<Record<string, number | undefined>>[],
): Record<string, number> => {
  const out = record<number>()
  for (const r of records) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + (v ?? 0)
  return sortedRecord(out)
}

/**
 * Pure. Merges reports of replays over disjoint sets of boletos (e.g. one per worker thread) into the
 * report a single replay of all inputs gives.
 */
export const mergeReplayReports = (reports: readonly ReplayReport[]): ReplayReport => {
  const undecodable = reports
    .flatMap((r) => r.anomalies.filter((a) => a.kind === 'undecodable'))
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
  const slips = record<SlipReport>()
  const keys = reports.flatMap((r) => Object.keys(r.slips)).sort()
  for (const r of reports) for (const key of Object.keys(r.slips)) slips[key] = r.slips[key]!
  const ordered = record<SlipReport>()
  for (const key of keys) ordered[key] = slips[key]!
  const anomaliesBySlip = new Map<string, Anomaly[]>()
  for (const r of reports)
    for (const a of r.anomalies)
      if (a.kind !== 'undecodable' && a.bankSlipKey !== null) {
        const list = anomaliesBySlip.get(a.bankSlipKey) ?? []
        list.push(a)
        anomaliesBySlip.set(a.bankSlipKey, list)
      }
  const sum = (pick: (c: ReplayCounts) => number): number => reports.reduce((n, r) => n + pick(r.counts), 0)
  return {
    slips: ordered,
    counts: {
      inputs: sum((c) => c.inputs),
      events: sum((c) => c.events),
      undecodable: sum((c) => c.undecodable),
      duplicates: sum((c) => c.duplicates),
      outOfOrder: sum((c) => c.outOfOrder),
      slips: sum((c) => c.slips),
      strictFailures: sum((c) => c.strictFailures),
      byStatus: sumRecords(reports.map((r) => r.counts.byStatus)),
      byAnomaly: sumRecords(reports.map((r) => r.counts.byAnomaly)),
      byWebhookType: sumRecords(reports.map((r) => r.counts.byWebhookType)),
    },
    anomalies: [...undecodable, ...keys.flatMap((key) => anomaliesBySlip.get(key) ?? [])],
  }
}
