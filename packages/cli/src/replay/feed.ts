/** One log line into a replay accumulator: shared by the single-threaded path and the workers. */
import { CompactFields, type ReplayAccumulator } from '@boleto/core/replay'
import { MAX_LINE_BYTES } from '../jsonl/reader.js'
import { parseLine, scanLine, scanLineFields } from '../jsonl/record.js'

/** Parses a line (bare body or record) and adds it; bad lines become `undecodable` at their line number. */
export const addLine = (accumulator: ReplayAccumulator, text: string, lineNumber: number): void => {
  const parsed = parseLine(text)
  if (parsed.ok) accumulator.add(parsed.record.body, lineNumber)
  else accumulator.addUndecodable(lineNumber, parsed.message)
}

/**
 * `addLine` for the line `buf[start, end)`: packed straight from its bytes when it has the compact layout
 * (`scanLineFields`), scanned when it has another usual shape (`scanLine`), parsed otherwise; each exactly
 * as parsing and decoding would read it.
 */
export const addLineBytes = (
  accumulator: ReplayAccumulator,
  buf: Buffer,
  start: number,
  end: number,
  lineNumber: number,
): void => {
  if (scanLineFields(buf, start, end, fields)) {
    accumulator.addFields(fields, buf, lineNumber)
    return
  }
  const scanned = scanLine(buf, start, end)
  if (scanned !== null) accumulator.addEvent(scanned, lineNumber)
  else addLine(accumulator, buf.toString('utf8', start, end), lineNumber)
}

/** What `addLineBytes` scans into (it runs synchronously, so one is enough). */
const fields = new CompactFields()

/** Pure. The message for a line skipped for its length. */
export const oversizedMessage = (bytes: number): string =>
  `line of ${bytes} bytes exceeds the ${MAX_LINE_BYTES}-byte limit; skipped`
