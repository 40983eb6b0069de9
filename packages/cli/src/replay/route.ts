/**
 * Routing a log line to a worker by its boleto key without parsing it. Every line of one boleto must reach
 * the same worker (the fold is per boleto), so the fast path only answers when it is sure to find the key
 * the decoder would: exactly one `"bank_slip_key"` in the line, no backslash (no escapes anywhere), not the
 * legacy shape (whose key is the top-level `key`), a plain ASCII string value. Anything else takes the slow
 * path: parse, decode, and hash the decoded key's UTF-8 bytes, which gives the same hash as the fast path.
 * Lines that do not decode at all belong to no boleto and may go to any worker.
 */
import { decodeWebhook } from '@boleto/core'
import { parseLine } from '../jsonl/record.js'

const KEY = Buffer.from('"bank_slip_key"')
const LEGACY = Buffer.from('status_change')
const BACKSLASH = 92
const QUOTE = 34
const COLON = 58

/** Pure. FNV-1a, 32 bits, over bytes. */
export const fnv1a = (buf: Uint8Array, start: number, end: number): number => {
  let h = 0x811c9dc5
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193)
  return h >>> 0
}

/** Pure. The hash the fast path would give for this key. */
export const hashKey = (key: string): number => {
  const bytes = Buffer.from(key, 'utf8')
  return fnv1a(bytes, 0, bytes.length)
}

const isSpace = (c: number | undefined): boolean => c === 32 || c === 9 || c === 10 || c === 13

/**
 * Finds needles in one chunk, remembering the next occurrence so that scanning a chunk line by line stays
 * linear (each search resumes past the previous answer instead of rescanning).
 */
class NextOccurrence {
  private at = -2
  constructor(
    private readonly buf: Buffer,
    private readonly needle: Buffer | number,
  ) {}

  /** First occurrence at or after `from` (-1: none until the end of the chunk). */
  from(from: number): number {
    if (this.at === -1 || this.at >= from) return this.at
    this.at = this.buf.indexOf(this.needle, from)
    return this.at
  }
}

/** Routes the lines of one chunk. Not pure (caches searches); make one per chunk. */
export class ChunkRouter {
  private readonly keys: NextOccurrence
  private readonly backslashes: NextOccurrence
  private readonly legacy: NextOccurrence
  /** Lines that took the slow path (for --stats). */
  slow = 0

  constructor(
    private readonly buf: Buffer,
    private readonly workers: number,
  ) {
    this.keys = new NextOccurrence(buf, KEY)
    this.backslashes = new NextOccurrence(buf, BACKSLASH)
    this.legacy = new NextOccurrence(buf, LEGACY)
  }

  /** The worker for line [start, end). */
  workerFor(start: number, end: number): number {
    const hash = this.fastHash(start, end)
    if (hash !== null) return hash % this.workers
    this.slow++
    return slowHash(this.buf.toString('utf8', start, end)) % this.workers
  }

  private fastHash(start: number, end: number): number | null {
    const buf = this.buf
    const k = this.keys.from(start)
    if (k === -1 || k >= end) return null
    const second = this.keys.from(k + 1)
    if (second !== -1 && second < end) return null
    const b = this.backslashes.from(start)
    if (b !== -1 && b < end) return null
    const l = this.legacy.from(start)
    if (l !== -1 && l < end) return null
    let i = k + KEY.length
    while (isSpace(buf[i])) i++
    if (buf[i] !== COLON) return null
    i++
    while (isSpace(buf[i])) i++
    if (buf[i] !== QUOTE) return null
    const from = i + 1
    let h = 0x811c9dc5
    for (i = from; i < end; i++) {
      const c = buf[i]!
      if (c === QUOTE) break
      if (c >= 0x80) return null
      h = Math.imul(h ^ c, 0x01000193)
    }
    if (i >= end || i === from) return null
    return h >>> 0
  }
}

/** Pure. The slow path: the decoder's own key; undecodable lines hash to 0 (any worker will do). */
export const slowHash = (text: string): number => {
  const parsed = parseLine(text)
  if (!parsed.ok) return 0
  const decoded = decodeWebhook(parsed.record.body)
  return decoded.ok ? hashKey(decoded.value.bankSlipKey) : 0
}
