/** Messages between the replay's main thread and its workers (replay/workers.ts, replay/worker.ts). */
import type { Anomaly, ReplayOptions, SlipTransfer } from '@boleto/core/replay'
import type { ReplayTotals } from './cursor.js'

export interface WorkerInit {
  readonly options: ReplayOptions
  readonly workers: number
  /**
   * This worker's number. Routed lines: it folds the boletos `ownerOf(key, workers) === self`. A range: the
   * boletos only its range holds, and those several ranges hold that `ownerOf` gives it.
   */
  readonly self: number
  /**
   * The part of the file this worker reads itself (ranges.ts), from `fd`, the file the main thread opened
   * (threads share descriptors: every worker reads the same file, even if its name is given to another
   * meanwhile); its lines numbered from 1 until `renumber`. `name`: for messages. Null: the main thread
   * routes it lines (`lines` messages).
   */
  readonly range: {
    readonly fd: number
    readonly name: string
    readonly start: number
    readonly end: number
  } | null
}

/**
 * Lines of the log routed to this worker (route.ts): `bytes[0, length)`, each line followed by `\n`, and
 * their line numbers (1-based, blank lines counted), `count` of them in `lineNumbers` (u32).
 */
export interface LinesMessage {
  readonly kind: 'lines'
  readonly bytes: ArrayBuffer
  readonly length: number
  readonly lineNumbers: ArrayBuffer
  readonly count: number
}

/**
 * What a page carries per boleto: the next boletos as objects or as their member of the report's `slips`
 * object (`"<key>":<compact report JSON>`; each folded as it is read: one pass), or, afterwards, the
 * anomalies of those that have any.
 */
export type PageMode = 'entries' | 'slip-members' | 'anomalies-json'

export type ToWorker =
  | LinesMessage
  /** Events another worker read, of boletos this one owns (core's `SlipTransfer`). */
  | { readonly kind: 'adopt'; readonly transfer: SlipTransfer }
  /**
   * Every worker has read its range: this one's lines start at line `base + 1`, and `others` are the key
   * hashes of the other workers (core's `keyHashes`). Boletos also read elsewhere go to their owner: answer
   * `handover`.
   */
  | { readonly kind: 'renumber'; readonly base: number; readonly others: readonly Uint32Array[] }
  /** Every line and every adopted event is in: answer `finished`, then serve pages. */
  | { readonly kind: 'fold' }
  /**
   * `size` items of the pass `mode`: the next ones, or (anomalies) those from `from`. `spare`: the bytes of a
   * page already merged, handed back for the next one (fresh memory costs a page fault per 4 KiB).
   */
  | {
      readonly kind: 'page'
      readonly mode: PageMode
      readonly from: number
      readonly size: number
      readonly spare: ArrayBuffer | null
    }
  /** Counts and offenders, folding whatever no page has read. */
  | { readonly kind: 'totals' }

export type FromWorker =
  /**
   * A batch is done: its buffers come back for the next batch (no allocation per batch), with, for each
   * worker `w`, the events of its boletos the batch held (`transfers[w]`; null for this worker): lines
   * whose key the router could not read, or read wrong.
   */
  | {
      readonly kind: 'ack'
      readonly bytes: ArrayBuffer
      readonly lineNumbers: ArrayBuffer
      readonly transfers: ReadonlyArray<SlipTransfer | null>
    }
  /** Reading its range: `bytes` and `lines` more since the last progress message. */
  | { readonly kind: 'progress'; readonly bytes: number; readonly lines: number }
  /** Its range is read: `lines` lines (blank ones too), and the key hash of every boleto it holds. */
  | { readonly kind: 'read'; readonly lines: number; readonly hashes: Uint32Array }
  /** After `renumber`: for each worker `w`, its boletos this one also read (`transfers[w]`; null for itself). */
  | { readonly kind: 'handover'; readonly transfers: ReadonlyArray<SlipTransfer | null> }
  | { readonly kind: 'finished'; readonly undecodable: readonly Anomaly[] }
  /**
   * The page's keys as one run of UTF-16 code units (bytes when all are Latin-1), key `i` being
   * `keyCodes[keyEnds[i - 1] ?? 0, keyEnds[i])`
   * (one buffer moved across threads, not thousands of strings to copy and collect, nor one joined string to
   * build and copy), and key `i`'s item: `items[i]` (entries), or,
   * for the JSON passes, the UTF-8 bytes `bytes[ends[i - 1] ?? 0, ends[i])`, each item a comma then its JSON,
   * so that items next to each other in the merge are copied in one go (one transferred buffer per page).
   * Fewer than asked: the pass is over.
   */
  | {
      readonly kind: 'page'
      readonly keyCodes: Uint8Array | Uint16Array
      readonly keyEnds: Uint32Array
      readonly items: readonly unknown[] | null
      readonly bytes: ArrayBuffer | null
      readonly ends: Uint32Array | null
    }
  | ({ readonly kind: 'totals' } & ReplayTotals)
  /** `usage`: a CliError (an unreadable file): its message alone, exit status 2. */
  | { readonly kind: 'failed'; readonly message: string; readonly usage: boolean }
