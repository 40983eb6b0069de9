/**
 * `replayInput`: a log in, a replay result out, on one thread or several. Workers pay off only when there
 * is enough to parse (start-up and the merge cost ~100 ms), so by default they are used for inputs above
 * 8 MiB, one per available core; `threads` forces a count (1 = in the main thread).
 */
import type { FileHandle } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { createReplayAccumulator, type ReplayOptions } from '@boleto/core/replay'
import { CliError } from '../exit-codes.js'
import { type LineChunk, wholeLineChunks } from '../jsonl/reader.js'
import { type InputSource, openFile } from '../jsonl/source.js'
import type { Progress } from '../progress.js'
import { ReplayCursor } from './cursor.js'
import { feedChunks } from './feed.js'
import { type FileRange, splitIntoRanges } from './ranges.js'
import { type ReplayResult, resultOfCursor } from './result.js'
import { replayWithWorkers, type WorkerInput } from './workers.js'

export const WORKER_THRESHOLD_BYTES = 8 * 1024 * 1024

/** A boleto's webhooks in a log take about this many bytes (three events of ~350 B in QI's layout). */
const BYTES_PER_SLIP = 1024

/** Pure. About how many boletos `bytes` of log hold: a sizing hint for core's tables (`expectedSlips`). */
export const expectedSlipsIn = (bytes: number | null): number =>
  bytes === null ? 0 : Math.ceil(bytes / BYTES_PER_SLIP)

export interface ReplayRunOptions extends ReplayOptions {
  /** Worker threads; undefined: automatic. 1: the main thread alone. */
  readonly threads?: number
  readonly progress?: Progress | null
}

export interface ReplayRun {
  readonly result: ReplayResult
  readonly lines: number
  /** Bytes read. */
  readonly bytes: number
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
  const lines = await feedChunks(accumulator, chunks, onLines)
  return { cursor: new ReplayCursor(accumulator), lines }
}

/**
 * The file's ranges for `threads` workers, without the empty ones (a line longer than a share; a file
 * smaller than the thread count): a worker for nothing costs its start-up. The last one is always kept: it
 * reads whatever the file holds by then.
 */
const rangesOf = async (
  file: FileHandle,
  name: string,
  size: number,
  threads: number,
): Promise<FileRange[]> => {
  let ranges: FileRange[]
  try {
    ranges = await splitIntoRanges(file, size, threads)
  } catch (error) {
    throw new CliError(`cannot read ${name}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return ranges.filter((range, i) => range.end > range.start || i === ranges.length - 1)
}

export const replayInput = async (input: InputSource, options: ReplayRunOptions = {}): Promise<ReplayRun> => {
  const { threads: requested, progress, ...replayOptions } = options
  const threads = chooseThreads(input.size, requested)
  let bytes = 0
  const onBytes = (n: number): void => {
    bytes += n
    progress?.addBytes(n)
  }
  const chunks = (): AsyncIterable<LineChunk> => wholeLineChunks(input.stream, { onBytes })
  const onLines = (n: number): void => progress?.setLines(n)
  try {
    if (threads <= 1) {
      const sized = { ...replayOptions, expectedSlips: expectedSlipsIn(input.size) }
      const { cursor, lines } = await replayChunks(chunks(), sized, onLines)
      return { result: resultOfCursor(cursor), lines, bytes, threads: 1 }
    }
    if (input.path === null || input.size === null) {
      // Read once, in order: read here and routed line by line.
      const routed: WorkerInput = { kind: 'routed', chunks: chunks(), workers: threads }
      const run = await replayWithWorkers(routed, replayOptions, { onLines, onBytes })
      return { result: run.result, lines: run.lines, bytes, threads }
    }
    // A regular file: one range of whole lines per worker, each read by its worker from this one opening.
    const file = await openFile(input.path)
    try {
      const ranges = await rangesOf(file, input.name, input.size, threads)
      const workerInput: WorkerInput = { kind: 'ranges', fd: file.fd, name: input.name, ranges }
      // The ranges are about equal.
      const sized = { ...replayOptions, expectedSlips: expectedSlipsIn(input.size / ranges.length) }
      const run = await replayWithWorkers(workerInput, sized, { onLines, onBytes })
      return { result: run.result, lines: run.lines, bytes, threads: ranges.length }
    } finally {
      await file.close()
    }
  } finally {
    progress?.finish()
  }
}
