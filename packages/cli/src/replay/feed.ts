/** One log line into a replay accumulator: shared by the single-threaded path and the workers. */
import type { ReplayAccumulator } from '@boleto/core'
import { MAX_LINE_BYTES } from '../jsonl/reader.js'
import { parseLine } from '../jsonl/record.js'

/** Parses a line (bare body or record) and adds it; bad lines become `undecodable` at their line number. */
export const addLine = (accumulator: ReplayAccumulator, text: string, lineNumber: number): void => {
  const parsed = parseLine(text)
  if (parsed.ok) accumulator.add(parsed.record.body, lineNumber)
  else accumulator.addUndecodable(lineNumber, parsed.message)
}

/** Pure. The message for a line skipped for its length. */
export const oversizedMessage = (bytes: number): string =>
  `line of ${bytes} bytes exceeds the ${MAX_LINE_BYTES}-byte limit; skipped`
