/** One log line into a replay accumulator: shared by the single-threaded path and the workers. */
import {
  CompactFields,
  decodeWebhook,
  keyHash,
  keyHashOfBytes,
  type ReplayAccumulator,
} from '@boleto/core/replay'
import { forEachLine, type LineChunk, MAX_LINE_BYTES } from '../jsonl/reader.js'
import { parseLine, scanLine, scanLineFields } from '../jsonl/record.js'

/**
 * The reference reader: parses a line (bare body or record) and adds it; bad lines become `undecodable` at
 * their line number. The replay reads with `addLineBytes`, which the tests hold to this.
 */
export const addLine = (accumulator: ReplayAccumulator, text: string, lineNumber: number): void => {
  const parsed = parseLine(text)
  if (parsed.ok) accumulator.add(parsed.record.body, lineNumber)
  else accumulator.addUndecodable(lineNumber, parsed.message)
}

/**
 * Which accumulator takes the event of a boleto whose key hashes (core's `keyHash`) to `hash`: a worker's
 * own, or the outbox for the worker that owns it. Without one, every event goes to the line's accumulator.
 */
export type Route = (hash: number) => ReplayAccumulator

/**
 * `addLine` for the line `buf[start, end)`: packed straight from its bytes when it has the compact layout
 * (`scanLineFields`), scanned when it has another usual shape (`scanLine`), parsed otherwise; each exactly
 * as parsing and decoding would read it. Lines that are no webhook go to `accumulator`, events to `route`'s.
 */
export const addLineBytes = (
  accumulator: ReplayAccumulator,
  buf: Buffer,
  start: number,
  end: number,
  lineNumber: number,
  route?: Route,
): void => {
  if (scanLineFields(buf, start, end, fields)) {
    const to = route === undefined ? accumulator : route(keyHashOfBytes(buf, fields.keyStart, fields.keyEnd))
    to.addFields(fields, buf, lineNumber)
    return
  }
  let event = scanLine(buf, start, end)
  if (event === null) {
    const parsed = parseLine(buf.toString('utf8', start, end))
    if (!parsed.ok) {
      accumulator.addUndecodable(lineNumber, parsed.message)
      return
    }
    const decoded = decodeWebhook(parsed.record.body)
    // Undecodable bodies belong to no boleto: `add` records why.
    if (!decoded.ok) {
      accumulator.add(parsed.record.body, lineNumber)
      return
    }
    event = decoded.value
  }
  const to = route === undefined ? accumulator : route(keyHash(event.bankSlipKey))
  to.addEvent(event, lineNumber)
}

/**
 * Feeds chunks of whole lines (`wholeLineChunks`) into `accumulator`, numbering lines from 1 (blank and
 * oversized ones count); `onLines` hears the count after each chunk. Returns how many lines there were.
 */
export const feedChunks = async (
  accumulator: ReplayAccumulator,
  chunks: AsyncIterable<LineChunk>,
  onLines: (lines: number) => void = () => {},
): Promise<number> => {
  let lineNumber = 0
  for await (const chunk of chunks) {
    if (typeof chunk === 'number') {
      accumulator.addUndecodable(++lineNumber, oversizedMessage(chunk))
      continue
    }
    forEachLine(
      chunk,
      (start, end) => addLineBytes(accumulator, chunk, start, end, ++lineNumber),
      () => {
        lineNumber++
      },
    )
    onLines(lineNumber)
  }
  return lineNumber
}

/** What `addLineBytes` scans into (it runs synchronously, so one is enough). */
const fields = new CompactFields()

/** Pure. The message for a line skipped for its length. */
export const oversizedMessage = (bytes: number): string =>
  `line of ${bytes} bytes exceeds the ${MAX_LINE_BYTES}-byte limit; skipped`
