/** Messages between the replay's main thread and its workers (replay/workers.ts, replay/worker.ts). */
import type { Anomaly, ReplayCounts, ReplayOptions } from '@boleto/core'
import type { Offender } from './offenders.js'

export interface WorkerInit {
  readonly options: ReplayOptions
}

/** Lines of one batch: `bytes[0, length)` holds them separated by `\n`; `lineNumbers` their 1-based numbers. */
export interface LinesMessage {
  readonly kind: 'lines'
  readonly bytes: ArrayBuffer
  readonly length: number
  readonly lineNumbers: Float64Array
}

/** What a page carries per boleto: the entry itself, or one of its serialised forms. */
export type PageMode = 'entries' | 'slips-json' | 'anomalies-json'

export type ToWorker =
  | LinesMessage
  /** No more lines: finish the replay and answer `finished`. */
  | { readonly kind: 'end' }
  /** Items `from` to `from + size` of the pass `mode` (the worker keeps its boletos in key order). */
  | { readonly kind: 'page'; readonly mode: PageMode; readonly from: number; readonly size: number }
  | { readonly kind: 'offenders'; readonly limit: number }

export type FromWorker =
  /** A batch is done; its buffer comes back for the next batch (no allocation per batch). */
  | { readonly kind: 'ack'; readonly bytes: ArrayBuffer }
  | { readonly kind: 'finished'; readonly counts: ReplayCounts; readonly undecodable: readonly Anomaly[] }
  /**
   * `keys[i]`'s item: `items[i]` (entries), or, for the JSON passes, the UTF-8 bytes
   * `bytes[ends[i - 1] ?? 0, ends[i])` (one transferred buffer per page). Fewer than asked: the pass is over.
   */
  | {
      readonly kind: 'page'
      readonly keys: readonly string[]
      readonly items: readonly unknown[] | null
      readonly bytes: ArrayBuffer | null
      readonly ends: Uint32Array | null
    }
  | { readonly kind: 'offenders'; readonly list: readonly Offender[] }
  | { readonly kind: 'failed'; readonly message: string }
