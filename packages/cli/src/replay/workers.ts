/**
 * The multi-threaded replay. The main thread only splits lines and routes each, as bytes, to the worker
 * that owns its boleto (a hash of the key, found without parsing: route.ts); each worker parses, decodes
 * and folds its boletos in file order. Batches are bounded and acknowledged, so a slow worker throttles
 * reading instead of letting lines pile up in memory.
 *
 * The workers' reports cover disjoint key sets. Their counts and undecodable lines are merged with core's
 * `mergeReplayReports`; their boletos are pulled in pages and merged by key (a k-way merge), which gives the
 * same sequence `mergeReplayReports` would, without ever holding every boleto in the main thread.
 */
import { Worker } from 'node:worker_threads'
import { createReplayAccumulator, mergeReplayReports, type ReplayOptions } from '@boleto/core'
import { forEachLine, type LineChunk } from '../jsonl/reader.js'
import { oversizedMessage } from './feed.js'
import { normalizeReport } from './normalize.js'
import { OFFENDERS, WorstOffenders } from './offenders.js'
import type { FromWorker, PageMode, ToWorker, WorkerInit } from './protocol.js'
import type { ReplayResult, SlipEntry } from './result.js'
import { ChunkRouter } from './route.js'

const BATCH_BYTES = 256 * 1024
/** Batches sent and not yet acknowledged, per worker, before reading pauses. */
const MAX_IN_FLIGHT = 6
/** Boletos per page of the merge. */
const PAGE = 2000

export interface WorkerRun {
  readonly result: ReplayResult
  readonly lines: number
  /** Lines routed by parsing them (no cheap key): should be a tiny share. */
  readonly slowRouted: number
}

class Batch {
  readonly bytes: Buffer
  used = 0
  readonly lineNumbers: number[] = []
  constructor(buffer: ArrayBuffer) {
    this.bytes = Buffer.from(buffer)
  }
}

type Finished = Extract<FromWorker, { kind: 'finished' }>

interface Lane {
  readonly worker: Worker
  batch: Batch
  inFlight: number
  finished: Finished | null
  /** Batch buffers the worker gave back, reused: allocating 256 KiB per batch makes the main thread GC. */
  readonly free: ArrayBuffer[]
  /** Requests awaiting their answer, in order (a worker answers in order). */
  readonly waiting: Array<{ resolve: (message: FromWorker) => void; reject: (error: Error) => void }>
}

type Page = Extract<FromWorker, { kind: 'page' }>

export const replayWithWorkers = async (
  chunks: AsyncIterable<LineChunk>,
  threads: number,
  options: ReplayOptions,
  onLines: (lines: number) => void,
): Promise<WorkerRun> => {
  const init: WorkerInit = { options }
  let failure: Error | null = null
  let closed = false
  let wake: (() => void) | null = null
  const notify = (): void => {
    const w = wake
    wake = null
    w?.()
  }
  const fail = (error: Error): void => {
    if (closed) return
    failure ??= error
    for (const lane of lanes) for (const p of lane.waiting.splice(0)) p.reject(failure)
    notify()
  }
  const lanes: Lane[] = Array.from({ length: threads }, () => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: init })
    const lane: Lane = {
      worker,
      batch: new Batch(new ArrayBuffer(BATCH_BYTES)),
      inFlight: 0,
      finished: null,
      free: [],
      waiting: [],
    }
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'ack') {
        lane.inFlight--
        if (message.bytes.byteLength === BATCH_BYTES) lane.free.push(message.bytes)
      } else if (message.kind === 'finished') lane.finished = message
      else if (message.kind === 'failed') fail(new Error(`replay worker failed: ${message.message}`))
      else lane.waiting.shift()?.resolve(message)
      notify()
    })
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`replay worker exited early (code ${code})`)))
    return lane
  })
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await Promise.all(lanes.map((l) => l.worker.terminate()))
  }
  const waitFor = async (condition: () => boolean): Promise<void> => {
    while (!condition()) {
      if (failure !== null) throw failure
      await new Promise<void>((resolve) => {
        wake = resolve
      })
    }
    if (failure !== null) throw failure
  }
  const send = (lane: Lane): void => {
    const { batch } = lane
    if (batch.lineNumbers.length === 0) return
    const message: ToWorker = {
      kind: 'lines',
      bytes: batch.bytes.buffer as ArrayBuffer,
      length: batch.used,
      lineNumbers: Float64Array.from(batch.lineNumbers),
    }
    lane.worker.postMessage(message, [message.bytes, message.lineNumbers.buffer as ArrayBuffer])
    lane.inFlight++
    lane.batch = new Batch(lane.free.pop() ?? new ArrayBuffer(BATCH_BYTES))
  }
  const request = (lane: Lane, message: ToWorker): Promise<FromWorker> => {
    if (failure !== null) return Promise.reject(failure)
    const answer = new Promise<FromWorker>((resolve, reject) => lane.waiting.push({ resolve, reject }))
    lane.worker.postMessage(message)
    return answer
  }

  // Lines too long to read belong to no boleto: the main thread reports them itself, as a report of its own.
  const own = createReplayAccumulator(options)
  let lineNumber = 0
  let slowRouted = 0
  try {
    for await (const chunk of chunks) {
      if (typeof chunk === 'number') {
        own.addUndecodable(++lineNumber, oversizedMessage(chunk))
        continue
      }
      const router = new ChunkRouter(chunk, threads)
      forEachLine(
        chunk,
        (start, end) => {
          lineNumber++
          const lane = lanes[router.workerFor(start, end)]!
          const length = end - start
          if (lane.batch.used + length + 1 > lane.batch.bytes.length) {
            send(lane)
            if (length + 1 > BATCH_BYTES) lane.batch = new Batch(new ArrayBuffer(length + 1))
          }
          const batch = lane.batch
          chunk.copy(batch.bytes, batch.used, start, end)
          batch.used += length
          batch.bytes[batch.used++] = 10
          batch.lineNumbers.push(lineNumber)
        },
        () => {
          lineNumber++
        },
      )
      slowRouted += router.slow
      onLines(lineNumber)
      await waitFor(() => lanes.every((l) => l.inFlight < MAX_IN_FLIGHT))
    }
    for (const lane of lanes) {
      send(lane)
      lane.worker.postMessage({ kind: 'end' } satisfies ToWorker)
    }
    await waitFor(() => lanes.every((l) => l.finished !== null))
  } catch (error) {
    await close()
    throw error
  }

  const totals = normalizeReport(
    mergeReplayReports([
      own.finish(),
      ...lanes.map((l) => ({ slips: {}, counts: l.finished!.counts, anomalies: l.finished!.undecodable })),
    ]),
  )

  /** One pass over every worker's boletos in key order: pages pulled (one ahead) and merged by key. */
  async function* merged<T>(mode: PageMode): AsyncGenerator<{ key: string; item: T }> {
    const cursors = lanes.map((lane) => ({
      lane,
      from: 0,
      page: { kind: 'page', keys: [], items: [], bytes: null, ends: null } as Page,
      at: 0,
      last: false,
      next: null as Promise<FromWorker> | null,
    }))
    type Cursor = (typeof cursors)[number]
    const prefetch = (c: Cursor): void => {
      c.next = request(c.lane, { kind: 'page', mode, from: c.from, size: PAGE })
      c.next.catch(() => undefined)
    }
    const fill = async (c: Cursor): Promise<void> => {
      if (c.at < c.page.keys.length || c.last) return
      if (c.next === null) prefetch(c)
      c.page = (await c.next!) as Page
      c.next = null
      c.at = 0
      c.from += c.page.keys.length
      c.last = c.page.keys.length < PAGE
      if (!c.last) prefetch(c)
    }
    await Promise.all(cursors.map(fill))
    for (;;) {
      let best: Cursor | null = null
      for (const c of cursors)
        if (c.at < c.page.keys.length && (best === null || c.page.keys[c.at]! < best.page.keys[best.at]!))
          best = c
      if (best === null) return
      const at = best.at++
      const { keys, items, bytes, ends } = best.page
      const item =
        items !== null
          ? items[at]
          : Buffer.from(bytes!, at === 0 ? 0 : ends![at - 1]!, ends![at]! - (at === 0 ? 0 : ends![at - 1]!))
      yield { key: keys[at]!, item: item as T }
      await fill(best)
    }
  }

  const result: ReplayResult = {
    counts: totals.counts,
    undecodable: totals.anomalies,
    async *entries() {
      for await (const { item } of merged<SlipEntry>('entries')) yield item
    },
    async *slipsJson() {
      for await (const { key, item } of merged<Buffer>('slips-json')) yield { key, json: item }
    },
    async *anomaliesJson() {
      for await (const { key, item } of merged<Buffer>('anomalies-json')) yield { key, json: item }
    },
    async offenders(limit = OFFENDERS) {
      const worst = new WorstOffenders(limit)
      const answers = await Promise.all(lanes.map((lane) => request(lane, { kind: 'offenders', limit })))
      for (const answer of answers)
        if (answer.kind === 'offenders') for (const o of answer.list) worst.addOffender(o)
      return worst.list()
    },
    close,
  }

  return {
    result,
    lines: lineNumber,
    slowRouted,
  }
}
