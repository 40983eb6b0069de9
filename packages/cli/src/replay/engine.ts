/**
 * `replayInput`: a log in, a replay result out, on one thread or several. Workers pay off only when there
 * is enough to parse (start-up and the merge cost ~100 ms), so by default they are used for inputs above
 * 8 MiB, one per available core; `threads` forces a count (1 = in the main thread).
 */
import { availableParallelism } from 'node:os'
import { createReplayAccumulator, type ReplayOptions } from '@boleto/core/replay'
import { forEachLine, type LineChunk, wholeLineChunks } from '../jsonl/reader.js'
import type { InputSource } from '../jsonl/source.js'
import type { Progress } from '../progress.js'
import { ReplayCursor } from './cursor.js'
import { addLineBytes, oversizedMessage } from './feed.js'
import { type ReplayResult, resultOfCursor } from './result.js'
import { replayWithWorkers } from './workers.js'

export const WORKER_THRESHOLD_BYTES = 8 * 1024 * 1024

export interface ReplayRunOptions extends ReplayOptions {
  /** Worker threads; undefined: automatic. 1: the main thread alone. */
  readonly threads?: number
  readonly progress?: Progress | null
}

export interface ReplayRun {
  readonly result: ReplayResult
  readonly lines: number
  readonly threads: number
}

/** Pure. How many threads a replay of `size` bytes uses. */
export const chooseThreads = (
  size: number | null,
  requested: number | undefined,
  cores: number = availableParallelism(),
): number => {
  if (requested !== undefined) return Math.max(1, Math.floor(requested))
  return size !== null && size > WORKER_THRESHOLD_BYTES && cores > 1 ? cores : 1
}

/** The single-threaded replay: the same reader, parse and accumulator, in the main thread. */
export const replayChunks = async (
  chunks: AsyncIterable<LineChunk>,
  options: ReplayOptions,
  onLines: (n: number) => void = () => {},
): Promise<{ cursor: ReplayCursor; lines: number }> => {
  const accumulator = createReplayAccumulator(options)
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
  return { cursor: new ReplayCursor(accumulator), lines: lineNumber }
}

export const replayInput = async (input: InputSource, options: ReplayRunOptions = {}): Promise<ReplayRun> => {
  const { threads: requested, progress, ...replayOptions } = options
  const threads = chooseThreads(input.size, requested)
  const chunks = wholeLineChunks(input.stream, { onBytes: (n) => progress?.addBytes(n) })
  const onLines = (n: number): void => progress?.setLines(n)
  try {
    if (threads <= 1) {
      const { cursor, lines } = await replayChunks(chunks, replayOptions, onLines)
      return { result: resultOfCursor(cursor), lines, threads: 1 }
    }
    const run = await replayWithWorkers(chunks, threads, replayOptions, onLines)
    return { result: run.result, lines: run.lines, threads }
  } finally {
    progress?.finish()
  }
}
