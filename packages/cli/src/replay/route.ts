/**
 * The main thread's share of a multi-threaded replay of an input read once (stdin; a file is cut into ranges
 * instead, ranges.ts): each line goes, as bytes, to the worker that owns its boleto (partition.ts), so that
 * workers fold what they read and hardly ever hand events to each other.
 * The key is found without parsing: the first `"bank_slip_key":"` of the line, hashed as `ownerOf` hashes
 * the decoded key. That is a guess, and only has to be right most of the time: a worker decodes every line
 * it gets and hands the events of boletos it does not own to their owner (core's `surrender`/`adopt`), so
 * a line that hides its key (a record whose body is a JSON string, escapes, an odd shape) costs a hand-over,
 * never a wrong result. Lines with no usable key go to the least busy worker.
 */
import { forEachLine } from '../jsonl/reader.js'
import { ownerOfHash } from './partition.js'

const KEY_PATTERN = Buffer.from('"bank_slip_key":"')
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a
const LOWER_B = 0x62
const LOWER_D = 0x64
const LOWER_W = 0x77

/** No key found that hashes as the decoded one would: any worker will do. */
export const UNROUTED = -1

/**
 * Pure. Where the key of the usual compact body `{"webhook_type":"…","webhook_datetime":"…","data":
 * {"bank_slip_key":"…` starts, found by skipping the two values and checking a few bytes of the fixed
 * texts (a third of the cost of a search), or -1 for any other line.
 */
const compactKeyStart = (buf: Buffer, start: number, end: number): number => {
  // {"webhook_type":"
  if (buf[start + 2] !== LOWER_W || buf[start + 15] !== COLON || buf[start + 16] !== QUOTE) return -1
  let i = start + 17
  while (i < end && buf[i] !== QUOTE) i++
  // ","webhook_datetime":"
  if (buf[i + 3] !== LOWER_W || buf[i + 20] !== COLON || buf[i + 21] !== QUOTE) return -1
  i += 22
  while (i < end && buf[i] !== QUOTE) i++
  // ","data":{"bank_slip_key":"
  if (buf[i + 3] !== LOWER_D || buf[i + 11] !== LOWER_B || buf[i + 25] !== COLON || buf[i + 26] !== QUOTE)
    return -1
  return i + 27
}

/**
 * Pure. The owner (`ownerOf`) of the key the line `buf[start, end)` most likely carries, or `UNROUTED`.
 * Hashes the key's bytes as `keyHash` hashes its UTF-16 code units, which is the same for ASCII keys; keys
 * with escapes or non-ASCII bytes are left unrouted.
 */
export const guessOwner = (buf: Buffer, start: number, end: number, workers: number): number => {
  let from = compactKeyStart(buf, start, end)
  if (from < 0) {
    const at = buf.indexOf(KEY_PATTERN, start)
    if (at < 0) return UNROUTED
    from = at + KEY_PATTERN.length
  }
  if (from >= end) return UNROUTED
  let h = 0x811c9dc5
  for (let i = from; i < end; i++) {
    const c = buf[i]!
    if (c === QUOTE) return i === from ? UNROUTED : ownerOfHash(h >>> 0, workers)
    if (c === BACKSLASH || c >= 0x80) return UNROUTED
    h = Math.imul(h ^ c, 0x01000193)
  }
  return UNROUTED
}

/** A batch of lines for one worker: the lines, each followed by `\n`, and their line numbers. */
export interface LineBatch {
  readonly bytes: ArrayBuffer
  readonly length: number
  readonly lineNumbers: ArrayBuffer
  readonly count: number
}

/** Bytes of a batch buffer (a longer line gets a buffer of its own). */
export const BATCH_BYTES = 1024 * 1024
/** Line numbers per batch. */
const BATCH_LINES = 16 * 1024

interface Filling {
  bytes: ArrayBuffer
  view: Buffer
  used: number
  lineNumbers: Uint32Array
  count: number
}

/**
 * Splits chunks of whole lines into per-worker batches. Not pure: it holds the batches being filled and
 * reuses the buffers workers give back.
 */
export class LineRouter {
  private readonly filling: Array<Filling | null>
  private readonly freeBytes: ArrayBuffer[] = []
  private readonly freeNumbers: ArrayBuffer[] = []

  constructor(
    private readonly workers: number,
    /** Sends a full batch to worker `w`. */
    private readonly send: (worker: number, batch: LineBatch) => void,
    /** The worker for a line with no usable key. */
    private readonly anyWorker: () => number,
  ) {
    this.filling = Array.from({ length: workers }, () => null)
  }

  /** Routes every line of `chunk`; the first is line `firstLine`. Returns how many lines it had (blank ones too). */
  route(chunk: Buffer, firstLine: number): number {
    let lineNumber = firstLine
    forEachLine(
      chunk,
      (start, end) => {
        const guessed = guessOwner(chunk, start, end, this.workers)
        this.add(guessed === UNROUTED ? this.anyWorker() : guessed, chunk, start, end, lineNumber++)
      },
      () => {
        lineNumber++
      },
    )
    return lineNumber - firstLine
  }

  /** Sends every batch that has lines. */
  flush(): void {
    for (let w = 0; w < this.workers; w++) this.sendFilling(w)
  }

  /** Takes back the buffers of a batch a worker is done with. */
  recycle(bytes: ArrayBuffer, lineNumbers: ArrayBuffer): void {
    if (bytes.byteLength === BATCH_BYTES) this.freeBytes.push(bytes)
    this.freeNumbers.push(lineNumbers)
  }

  private add(worker: number, chunk: Buffer, start: number, end: number, lineNumber: number): void {
    const length = end - start + 1
    let batch = this.filling[worker] ?? null
    if (batch !== null && (batch.used + length > batch.view.length || batch.count === BATCH_LINES)) {
      this.sendFilling(worker)
      batch = null
    }
    if (batch === null) {
      const bytes =
        length <= BATCH_BYTES
          ? (this.freeBytes.pop() ?? new ArrayBuffer(BATCH_BYTES))
          : new ArrayBuffer(length)
      batch = {
        bytes,
        view: Buffer.from(bytes),
        used: 0,
        lineNumbers: new Uint32Array(this.freeNumbers.pop() ?? new ArrayBuffer(BATCH_LINES * 4)),
        count: 0,
      }
      this.filling[worker] = batch
    }
    batch.used += chunk.copy(batch.view, batch.used, start, end)
    batch.view[batch.used++] = 0x0a
    batch.lineNumbers[batch.count++] = lineNumber
  }

  private sendFilling(worker: number): void {
    const batch = this.filling[worker]
    if (batch === null || batch === undefined || batch.count === 0) return
    this.filling[worker] = null
    this.send(worker, {
      bytes: batch.bytes,
      length: batch.used,
      lineNumbers: batch.lineNumbers.buffer as ArrayBuffer,
      count: batch.count,
    })
  }
}
