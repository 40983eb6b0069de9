/**
 * The streaming JSONL reader: a hand-rolled line splitter on Buffers. Measured against `readline` on the
 * benchmark log (docs/benchmarks.md): splitting bytes with `Buffer#indexOf` (memchr) and decoding one line
 * at a time is faster, and the same chunks can be routed to worker threads as bytes without ever becoming
 * strings on the main thread. Memory is bounded by the chunk size plus the longest line (capped).
 */

/** Lines longer than this are reported and skipped rather than buffered (a webhook body is a few KiB). */
export const MAX_LINE_BYTES = 8 * 1024 * 1024

const NEWLINE = 10
const CR = 13
const SPACE = 32
const TAB = 9

/**
 * What `wholeLineChunks` yields: a Buffer holding only whole lines (the last one of the input may lack its
 * newline), or the length of a line that was too long and was skipped (it still counts as one line).
 */
export type LineChunk = Buffer | number

/**
 * Regroups an input of arbitrary chunks into chunks of whole lines. `onBytes` sees every byte read, for
 * progress reporting.
 */
export async function* wholeLineChunks(
  input: AsyncIterable<Buffer | string>,
  options: { readonly maxLineBytes?: number; readonly onBytes?: (n: number) => void } = {},
): AsyncGenerator<LineChunk> {
  const maxLine = options.maxLineBytes ?? MAX_LINE_BYTES
  // The start of a line cut by a chunk boundary. Only that line is ever copied (the rest of each chunk is
  // yielded as a view), so reading costs no memcpy of the file; it is copied at once, so that no view of a
  // chunk outlives the chunk's turn (a reader may refill its buffers: `openInput`'s `reuseBuffers`).
  let pending: Buffer[] = []
  let pendingBytes = 0
  /** Bytes of an oversized line skipped so far (-1: not skipping). */
  let skipping = -1
  for await (const piece of input) {
    let chunk = typeof piece === 'string' ? Buffer.from(piece) : piece
    options.onBytes?.(chunk.length)
    const first = chunk.indexOf(NEWLINE)
    if (first === -1) {
      if (skipping >= 0) skipping += chunk.length
      else if (pendingBytes + chunk.length > maxLine) {
        skipping = pendingBytes + chunk.length
        pending = []
        pendingBytes = 0
      } else {
        pending.push(Buffer.from(chunk))
        pendingBytes += chunk.length
      }
      continue
    }
    if (skipping >= 0) {
      yield skipping + first
      skipping = -1
      chunk = chunk.subarray(first + 1)
    } else if (pendingBytes > 0) {
      if (pendingBytes + first > maxLine) yield pendingBytes + first
      else {
        pending.push(chunk.subarray(0, first + 1))
        yield Buffer.concat(pending, pendingBytes + first + 1)
      }
      pending = []
      pendingBytes = 0
      chunk = chunk.subarray(first + 1)
    }
    const last = chunk.lastIndexOf(NEWLINE)
    if (last !== -1) yield* withinLimit(chunk.subarray(0, last + 1), maxLine)
    const rest = chunk.subarray(last + 1)
    if (rest.length > maxLine) skipping = rest.length
    else if (rest.length > 0) {
      pending.push(Buffer.from(rest))
      pendingBytes = rest.length
    }
  }
  if (skipping >= 0) yield skipping
  else if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes)
}

/**
 * A region of whole lines, with any line longer than the limit replaced by its length, so that a line is
 * treated the same whether or not it crossed a chunk boundary. (A region shorter than the limit, which is
 * every region of a file read in 1 MiB chunks, cannot hold such a line and is passed through.)
 */
function* withinLimit(region: Buffer, maxLine: number): Generator<LineChunk> {
  if (region.length <= maxLine) {
    yield region
    return
  }
  let from = 0
  let pos = 0
  while (pos < region.length) {
    let nl = region.indexOf(NEWLINE, pos)
    if (nl === -1) nl = region.length
    if (nl - pos > maxLine) {
      if (pos > from) yield region.subarray(from, pos)
      yield nl - pos
      from = nl + 1
    }
    pos = nl + 1
  }
  if (from < region.length) yield region.subarray(from)
}

/**
 * Pure. Calls `line(start, end)` for every non-blank line of a whole-lines chunk, with `\r\n` endings
 * trimmed; `blank()` for blank lines (they count for line numbers, nothing else).
 */
export const forEachLine = (
  buf: Buffer,
  line: (start: number, end: number) => void,
  blank: () => void,
): void => {
  const length = buf.length
  let pos = 0
  while (pos < length) {
    let nl = buf.indexOf(NEWLINE, pos)
    if (nl === -1) nl = length
    let end = nl
    if (end > pos && buf[end - 1] === CR) end--
    if (isBlank(buf, pos, end)) blank()
    else line(pos, end)
    pos = nl + 1
  }
}

/** Pure. How many lines `forEachLine` visits in a whole-lines chunk (blank ones included). */
export const countLines = (buf: Buffer): number => {
  let n = 0
  let pos = 0
  while (pos < buf.length) {
    const nl = buf.indexOf(NEWLINE, pos)
    n++
    if (nl === -1) break
    pos = nl + 1
  }
  return n
}

/** Pure. Only spaces and tabs (cheap: the first byte of a JSON line is `{`). */
const isBlank = (buf: Buffer, start: number, end: number): boolean => {
  for (let i = start; i < end; i++) {
    const c = buf[i]
    if (c !== SPACE && c !== TAB && c !== CR) return false
  }
  return true
}
