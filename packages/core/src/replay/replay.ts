/**
 * Replay: raw webhook bodies in, per-boleto states and every anomaly out. The accumulator form lets the CLI
 * stream files of any length and split work across threads by boleto key: reports of disjoint key sets
 * merge into exactly the report of the whole (`mergeReplayReports`).
 *
 * Each boleto's events are buffered as they arrive, packed as bytes (packed.ts), and folded once at the end:
 * one sort and one state copy per event, instead of a state (and history) copy per arrival. `drain` hands
 * the boletos out one at a time, so only the buffered events, never every state, are held at once.
 */

import type { Anomaly, AnomalyKind } from '../domain/anomaly.js'
import type { WebhookEvent } from '../domain/events.js'
import { rawOf } from '../domain/vocabulary.js'
import * as E from '../fold/either.js'
import { type DeliveryNote, foldSorted, initialState, settleDelivery } from '../fold/fold.js'
import type { BankSlipState } from '../lifecycle/state.js'
import { decodeWebhook } from '../webhook/decode.js'
import { type CompactFields, keyOfFields } from '../webhook/scan.js'
import { type MissingOccurrence, probablyMissing } from './missing.js'
import { type ChainExport, PackedEvents } from './packed.js'
import { keyHashOfBytes, NO_SLIP, SlipIndex } from './slip-index.js'

export interface ReplayOptions {
  /** Stop folding a boleto at its first invalid transition and report the error. */
  readonly strict?: boolean
  /** Only this boleto. */
  readonly slip?: string
  /**
   * How many boletos the replay will probably hold (a hint, e.g. a log's size over ~1 KB per boleto): its
   * tables are sized for them up front instead of growing by copies. Results do not depend on it.
   */
  readonly expectedSlips?: number
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
  /**
   * A webhook as `scanWebhookFields` read it from `line`: `addEvent(eventOfFields(line, fields), index)`,
   * packed straight from the line's bytes.
   */
  addFields(fields: CompactFields, line: Uint8Array, index: number): void
  /** An input that could not even be parsed (bad JSON line). */
  addUndecodable(index: number, message: string): void
  /** The whole report at once. The accumulator is spent afterwards. */
  finish(): ReplayReport
  /**
   * The report boleto by boleto: each is folded as it is read and its events released, so a caller that
   * writes boletos out as they come never holds every state at once. The accumulator is spent afterwards.
   */
  drain(): ReplayDrain
  /**
   * Removes the boletos `give` selects, with their buffered events, packed for another accumulator's
   * `adopt`: threads that each read part of a log exchange boletos this way so that each boleto is folded
   * by one of them. Counts of inputs stay with the accumulator that read them (they add up across threads).
   * `among`: only the boletos whose `keyHash` is one of these are offered to `give` (a thread that shares
   * a few boletos with others offers those, not every one it holds).
   */
  surrender(give: (bankSlipKey: string) => boolean, among?: Iterable<number>): SlipTransfer
  /** Takes in boletos another accumulator surrendered; their events join any this one has, by input position. */
  adopt(transfer: SlipTransfer): void
  /**
   * Adds `by` to the input position of everything held (events and undecodable inputs): threads that each
   * read one part of a file number its lines from 1, and learn where their part starts at the end.
   */
  shiftPositions(by: number): void
  /**
   * The `keyHash` of every boleto held, each once: threads that read different parts of a log send these to
   * each other, to find the boletos they share (`heldHashes`).
   */
  keyHashes(): Uint32Array
  /** Those of `hashes` that are the `keyHash` of a boleto held (a hash table probe each, no sorting). */
  heldHashes(hashes: Uint32Array): number[]
}

/** Boletos in transit between accumulators (`surrender`, `adopt`): plain bytes plus rare objects. */
export interface SlipTransfer {
  readonly bytes: Uint8Array
  readonly objects: readonly WebhookEvent[]
}

/** One boleto's outcome, as `drain` yields them. */
export interface SlipOutcome {
  readonly key: string
  readonly slip: SlipReport
  /** Its anomalies as the report lists them: history first, then delivery. */
  readonly anomalies: readonly Anomaly[]
}

/** A finished replay read boleto by boleto (`ReplayAccumulator.drain`). */
export interface ReplayDrain {
  /** Inputs that did not decode, in input order. */
  readonly undecodable: readonly Anomaly[]
  /** Every boleto in key order, each folded when it is reached. One pass. */
  readonly slips: IterableIterator<SlipOutcome>
  /** The totals; only once `slips` has been read to the end. */
  counts(): ReplayCounts
}

/** Boletos whose records are fetched together before they are folded. */
const WARM_BLOCK = 64

/** A record whose keys are data: `__proto__` or `constructor` from QI are stored, never interpreted. */
const record = <T>(): Record<string, T> => Object.create(null) as Record<string, T>

/** Pure. The same record with its keys sorted, so merged and whole reports print identically. */
const sortedRecord = <T>(input: Readonly<Record<string, T>>): Record<string, T> => {
  const out = record<T>()
  for (const key of Object.keys(input).sort()) out[key] = input[key]!
  return out
}

/** A Map while counting (a null-prototype object in dictionary mode costs more per update). */
const increment = (counts: Map<string, number>, key: string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1)
}

/** Pure. Counts as a null-prototype record in key order. */
const countsRecord = (counts: ReadonlyMap<string, number>): Record<string, number> => {
  const out = record<number>()
  for (const key of [...counts.keys()].sort()) out[key] = counts.get(key)!
  return out
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

/** Pure. Folds one boleto's events; in strict mode, up to its first invalid transition. */
const foldSlip = (
  events: readonly WebhookEvent[],
  indices: readonly number[],
  strict: boolean,
): { state: BankSlipState; delivery: Anomaly[]; error: string | null } => {
  const delivery: Anomaly[] = []
  const { sorted, delivery: stats } = settleDelivery(events, (note) =>
    delivery.push(deliveryAnomaly(events[note.position]!, note, indices[note.position]!)),
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
  /** Per boleto: its newest packed record (packed.ts) and how many events it has. */
  const slips = new SlipIndex(options.expectedSlips)
  const packed = new PackedEvents()
  const undecodable: Anomaly[] = []
  const byWebhookType = new Map<string, number>()
  let inputs = 0
  let events = 0
  let spent = false
  const strict = options.strict === true

  /** The id of boleto `key`, counting one more event of `webhookType`, or `NO_SLIP` when the replay skips it. */
  const slipFor = (key: string, webhookType: string): number => {
    if (spent) throw new Error('replay accumulator already finished')
    if (options.slip !== undefined && key !== options.slip) return NO_SLIP
    events++
    increment(byWebhookType, webhookType)
    let id = slips.find(key)
    if (id === NO_SLIP) id = slips.add(key)
    slips.addCount(id, 1)
    return id
  }

  const addEvent = (event: WebhookEvent, index: number): void => {
    const id = slipFor(event.bankSlipKey, rawOf(event.webhookType))
    if (id !== NO_SLIP) slips.setNewest(id, packed.append(event, index, slips.newest(id)))
  }

  const drain = (): ReplayDrain => {
    if (spent) throw new Error('replay accumulator already finished')
    spent = true
    const byStatus = new Map<string, number>()
    const byAnomaly = new Map<string, number>()
    let duplicates = 0
    let outOfOrder = 0
    let strictFailures = 0
    let done = false
    for (const a of undecodable) increment(byAnomaly, a.kind)
    const ordered = slips.sortedIds()
    const warming = new Float64Array(WARM_BLOCK)
    function* outcomes(): Generator<SlipOutcome, void, undefined> {
      for (let i = 0; i < ordered.length; i++) {
        const id = ordered[i]!
        if (i % WARM_BLOCK === 0) {
          // The next block's records, fetched together: boletos come in key order, their records lie in
          // arrival order, so each first read would be a cache miss of its own.
          const block = Math.min(WARM_BLOCK, ordered.length - i)
          for (let j = 0; j < block; j++) warming[j] = slips.newest(ordered[i + j]!)
          packed.warm(warming, block)
          slips.warmKeys(ordered, i, i + block)
        }
        const key = slips.key(id)
        const chain = packed.readChain(slips.newest(id), slips.count(id), key)
        const { events: buffered, indices } = inInputOrder(chain.events, chain.indices)
        const { state, delivery, error } = foldSlip(buffered, indices, strict)
        duplicates += state.delivery.duplicates
        outOfOrder += state.delivery.outOfOrder
        if (error !== null) strictFailures++
        increment(byStatus, state.status)
        for (let j = 0; j < state.anomalies.length; j++) increment(byAnomaly, state.anomalies[j]!.kind)
        for (let j = 0; j < delivery.length; j++) increment(byAnomaly, delivery[j]!.kind)
        const anomalies = delivery.length === 0 ? state.anomalies : [...state.anomalies, ...delivery]
        yield { key, slip: toSlipReport(key, state, error), anomalies }
      }
      slips.clear()
      packed.clear()
      done = true
    }
    return {
      undecodable,
      slips: outcomes(),
      counts() {
        if (!done) throw new Error('replay counts are complete only once every boleto has been read')
        return {
          inputs,
          events,
          undecodable: undecodable.length,
          duplicates,
          outOfOrder,
          slips: ordered.length,
          strictFailures,
          byStatus: countsRecord(byStatus),
          byAnomaly: countsRecord(byAnomaly),
          byWebhookType: countsRecord(byWebhookType),
        }
      },
    }
  }

  return {
    add(body, index) {
      inputs++
      const decoded = decodeWebhook(body)
      if (decoded.ok) addEvent(decoded.value, index)
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
      addEvent(event, index)
    },
    addFields(fields, line, index) {
      if (spent) throw new Error('replay accumulator already finished')
      inputs++
      const { keyStart, keyEnd } = fields
      if (options.slip !== undefined && keyOfFields(line, fields) !== options.slip) return
      events++
      increment(byWebhookType, fields.webhookType)
      // Found and kept as the key's bytes (the compact layout's strings are printable ASCII): the key becomes
      // a string only when its boleto is reported.
      const hash = keyHashOfBytes(line, keyStart, keyEnd)
      let id = slips.findBytes(line, keyStart, keyEnd, hash)
      if (id === NO_SLIP) id = slips.addBytes(line, keyStart, keyEnd, hash)
      slips.addCount(id, 1)
      slips.setNewest(id, packed.appendFields(fields, line, index, slips.newest(id)))
    },
    addUndecodable(index, message) {
      if (spent) throw new Error('replay accumulator already finished')
      inputs++
      undecodable.push({ kind: 'undecodable', bankSlipKey: null, message, index })
    },
    drain,
    surrender(give, among) {
      if (spent) throw new Error('replay accumulator already finished')
      const out = new TransferWriter()
      const offered =
        among === undefined ? slips.ids() : [...new Set(among)].flatMap((hash) => slips.withHash(hash))
      for (const id of offered) {
        const key = slips.key(id)
        if (!give(key)) continue
        out.putKey(key, slips.count(id))
        packed.exportChain(slips.newest(id), slips.count(id), out)
        slips.remove(id)
      }
      // An accumulator used as an outbox (everything surrendered, again and again) starts afresh each time.
      if (slips.size === 0) {
        slips.clear(false)
        packed.clear(true)
      }
      return out.finish()
    },
    adopt(transfer) {
      if (spent) throw new Error('replay accumulator already finished')
      const source = {
        bytes: transfer.bytes,
        view: new DataView(transfer.bytes.buffer, transfer.bytes.byteOffset, transfer.bytes.byteLength),
        objects: transfer.objects,
      }
      let at = 0
      while (at < source.bytes.length) {
        const keyLength = source.view.getUint32(at, true)
        const key = readKey(source.view, at + 8, keyLength)
        const count = source.view.getUint32(at + 4, true)
        let id = slips.find(key)
        if (id === NO_SLIP) id = slips.add(key)
        const { newest, end } = packed.importChain(source, at + 8 + 2 * keyLength, count, slips.newest(id))
        slips.setNewest(id, newest)
        slips.addCount(id, count)
        at = end
      }
    },
    shiftPositions(by) {
      if (spent) throw new Error('replay accumulator already finished')
      packed.shiftPositions(by)
      for (let i = 0; i < undecodable.length; i++) {
        const a = undecodable[i]!
        undecodable[i] = { ...a, index: (a.index ?? 0) + by }
      }
    },
    keyHashes() {
      return slips.hashes()
    },
    heldHashes(hashes) {
      const held: number[] = []
      for (let i = 0; i < hashes.length; i++) if (slips.holds(hashes[i]!)) held.push(hashes[i]!)
      return held
    },
    finish() {
      const drained = drain()
      const reports = record<SlipReport>()
      const anomalies: Anomaly[] = [...drained.undecodable]
      for (const { key, slip, anomalies: own } of drained.slips) {
        reports[key] = slip
        for (const a of own) anomalies.push(a)
      }
      return { slips: reports, counts: drained.counts(), anomalies }
    },
  }
}

/** Pure. A boleto's events by input position (chains joined by `adopt` may interleave). */
const inInputOrder = (
  events: WebhookEvent[],
  indices: number[],
): { events: WebhookEvent[]; indices: number[] } => {
  let sorted = true
  for (let i = 1; i < indices.length; i++)
    if (indices[i]! < indices[i - 1]!) {
      sorted = false
      break
    }
  if (sorted) return { events, indices }
  const order = indices.map((_, i) => i).sort((a, b) => indices[a]! - indices[b]!)
  return { events: order.map((i) => events[i]!), indices: order.map((i) => indices[i]!) }
}

/**
 * Pure. The key written by `TransferWriter.putKey`: UTF-16 code units, not UTF-8, so that a key with a lone
 * surrogate (any string QI sends is kept as sent) crosses threads unchanged.
 */
const readKey = (view: DataView, at: number, length: number): string => {
  let key = ''
  for (let i = 0; i < length; i++) key += String.fromCharCode(view.getUint16(at + 2 * i, true))
  return key
}

/** Builds a `SlipTransfer`: per boleto, key length (u32, code units), event count (u32), key (UTF-16), its records. */
class TransferWriter implements ChainExport {
  // Allocated on first use: most transfers of a routed replay are empty, and each buffer is handed over.
  private bytes = new Uint8Array(0)
  private view = new DataView(this.bytes.buffer)
  private used = 0
  readonly objects: WebhookEvent[] = []

  reserve(length: number): { bytes: Uint8Array; view: DataView; at: number } {
    if (this.used + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length, 1 << 16))
      grown.set(this.bytes.subarray(0, this.used))
      this.bytes = grown
      this.view = new DataView(grown.buffer)
    }
    const at = this.used
    this.used += length
    return { bytes: this.bytes, view: this.view, at }
  }

  putKey(key: string, count: number): void {
    const { view, at } = this.reserve(8 + 2 * key.length)
    view.setUint32(at, key.length, true)
    view.setUint32(at + 4, count, true)
    for (let i = 0; i < key.length; i++) view.setUint16(at + 8 + 2 * i, key.charCodeAt(i), true)
  }

  finish(): SlipTransfer {
    return { bytes: this.bytes.subarray(0, this.used), objects: this.objects }
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
