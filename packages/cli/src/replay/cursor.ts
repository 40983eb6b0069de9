/**
 * A finished replay read out boleto by boleto. Core's `drain` folds each boleto only when it is reached, so
 * the report is made while it is written: no state, report or JSON of every boleto is ever held at once
 * (for a million events that is ~600 MB of objects the collector would walk, or ~200 MB of JSON). Only
 * each boleto's anomalies are kept, as JSON, for the report's second list, and the worst offenders.
 * One pass; the same code serves the single-threaded replay and each worker.
 */
import {
  type Anomaly,
  JsonBytes,
  type JsonWriter,
  type ReplayAccumulator,
  type ReplayCounts,
  type SlipOutcome,
  writeSlipMember,
} from '@boleto/core/replay'
import { type Offender, WorstOffenders } from './offenders.js'

export interface ReplayTotals {
  readonly counts: ReplayCounts
  readonly offenders: readonly Offender[]
}

/** Writes a boleto's member of the report's `slips` object: `"<key>":<compact report JSON>`. */
export const writeMember = (o: SlipOutcome, out: JsonWriter): void => writeSlipMember(o.key, o.slip, out)

/** A page of boletos in key order: keys and one item each. */
export interface CursorPage<T> {
  readonly keys: string[]
  readonly items: T[]
}

/**
 * A page of boletos in key order, each as JSON in UTF-8 bytes: boleto `i`'s are
 * `bytes[i === 0 ? 0 : ends[i - 1], ends[i])`.
 */
export interface BytesPage {
  readonly keys: string[]
  readonly bytes: Uint8Array
  readonly ends: Uint32Array
}

/**
 * Bytes of a chunk of anomalies: chunks are added as they fill, where one buffer grown by doubling copied
 * everything written so far and held old and new at once (~1,400 more page faults on a million events; more
 * copying the longer the log).
 */
const ANOMALY_CHUNK = 1024 * 1024
/** A boleto's anomalies start a new chunk past this (a boleto with more than the rest grows the chunk). */
const ANOMALY_CHUNK_FULL = ANOMALY_CHUNK - 64 * 1024

const newAnomalyChunk = (): JsonBytes => new JsonBytes(new Uint8Array(ANOMALY_CHUNK))

export class ReplayCursor {
  /** Lines that did not decode: known before any boleto is folded. */
  readonly undecodable: readonly Anomaly[]
  private readonly drained: ReturnType<ReplayAccumulator['drain']>
  private readonly worst = new WorstOffenders()
  private readonly anomalyKeys: string[] = []
  /**
   * The anomalies of those boletos, each boleto's as a comma then its JSON objects, comma-separated (so the
   * whole is the report's list after its first byte), written as UTF-8 as each is folded: held as strings,
   * they outlived young-generation collections (copied twice, then marked) and were encoded again at the end.
   */
  private readonly anomalyChunks: JsonBytes[] = [newAnomalyChunk()]
  /** For each boleto with anomalies, the chunk its bytes are in and where they end there. */
  private readonly anomalyChunkOf: number[] = []
  private readonly anomalyEnds: number[] = []
  private ended = false

  /** Takes over `accumulator` (spent afterwards). */
  constructor(accumulator: ReplayAccumulator) {
    this.drained = accumulator.drain()
    this.undecodable = this.drained.undecodable
  }

  /**
   * The next `size` boletos (fewer: the last page), each handed to `visit` as it is folded (a caller writes
   * them out as they come: held, a page of them would outlive young-generation collections). Their keys.
   */
  visit(size: number, visit: (outcome: SlipOutcome) => void): string[] {
    return this.next(size, visit).keys
  }

  /** The next `size` boletos as objects. */
  nextEntries(size: number): CursorPage<SlipOutcome> {
    return this.next(size, (o) => o)
  }

  /**
   * Boletos `from` to `from + size` of those with anomalies (among the boletos read so far), each as a comma
   * then its anomalies' JSON objects, comma-separated. The bytes are a view, valid until more boletos are read.
   */
  anomaliesPage(from: number, size: number): BytesPage {
    const to = Math.min(from + size, this.anomalyKeys.length)
    const keys = this.anomalyKeys.slice(from, to)
    const ends = new Uint32Array(Math.max(0, to - from))
    if (ends.length === 0) return { keys, bytes: new Uint8Array(0), ends }
    const startOf = (i: number): number =>
      i > 0 && this.anomalyChunkOf[i - 1] === this.anomalyChunkOf[i] ? this.anomalyEnds[i - 1]! : 0
    const first = this.anomalyChunkOf[from]!
    const last = this.anomalyChunkOf[to - 1]!
    if (first === last) {
      // The usual page: one view of one chunk.
      const start = startOf(from)
      for (let i = 0; i < ends.length; i++) ends[i] = this.anomalyEnds[from + i]! - start
      return {
        keys,
        bytes: this.anomalyChunks[first]!.bytes.subarray(start, start + ends[ends.length - 1]!),
        ends,
      }
    }
    // A page across chunks: its boletos' bytes copied together.
    let length = 0
    for (let i = from; i < to; i++) ends[i - from] = length += this.anomalyEnds[i]! - startOf(i)
    const bytes = new Uint8Array(length)
    for (let i = from; i < to; i++) {
      const chunk = this.anomalyChunks[this.anomalyChunkOf[i]!]!.bytes
      bytes.set(chunk.subarray(startOf(i), this.anomalyEnds[i]!), i === from ? 0 : ends[i - from - 1]!)
    }
    return { keys, bytes, ends }
  }

  /** The totals; folds, without keeping, the boletos no page has read. */
  totals(): ReplayTotals {
    while (!this.ended) this.next(4096, () => null, false)
    return { counts: this.drained.counts(), offenders: this.worst.list() }
  }

  private next<T>(size: number, item: (outcome: SlipOutcome) => T, keepAnomalies = true): CursorPage<T> {
    const keys: string[] = []
    const items: T[] = []
    while (keys.length < size) {
      const step = this.drained.slips.next()
      if (step.done === true) {
        this.ended = true
        break
      }
      const outcome = step.value
      if (outcome.anomalies.length > 0) {
        this.worst.add(outcome)
        if (keepAnomalies) {
          this.anomalyKeys.push(outcome.key)
          let out = this.anomalyChunks[this.anomalyChunks.length - 1]!
          if (out.length > ANOMALY_CHUNK_FULL) {
            out = newAnomalyChunk()
            this.anomalyChunks.push(out)
          }
          this.anomalyChunkOf.push(this.anomalyChunks.length - 1)
          for (const anomaly of outcome.anomalies) {
            out.raw(',')
            out.value(anomaly)
          }
          this.anomalyEnds.push(out.length)
        }
      }
      keys.push(outcome.key)
      items.push(item(outcome))
    }
    return { keys, items }
  }
}
