/**
 * The multi-threaded replay. A file is cut into one range of whole lines per worker (ranges.ts), which each
 * worker reads and parses itself; then the main thread gives each the line its range starts at, and the
 * boletos two ranges share go to one owner (core's `shiftPositions`, `keyHashes`, `surrender`/`adopt`). An
 * input that can be read only once (stdin) is read here and routed: each line goes, as bytes, to the worker
 * that owns its boleto (route.ts finds the key without parsing), which parses, decodes and packs it; batches
 * are bounded and acknowledged, so slow workers throttle reading instead of letting lines pile up in memory,
 * and a line whose key the router misread is handed to its owner. Each boleto is folded by one worker.
 *
 * The workers' reports cover disjoint key sets. Their counts and undecodable lines are merged with core's
 * `mergeReplayReports`; their boletos are pulled in pages and merged by key (a k-way merge), which gives the
 * same sequence `mergeReplayReports` would, without ever holding every boleto in the main thread.
 */
import { Worker } from 'node:worker_threads'
import {
  createReplayAccumulator,
  mergeReplayReports,
  type ReplayOptions,
  type SlipTransfer,
} from '@boleto/core/replay'
import { CliError } from '../exit-codes.js'
import type { LineChunk } from '../jsonl/reader.js'
import type { ReplayTotals } from './cursor.js'
import { oversizedMessage } from './feed.js'
import { normalizeReport } from './normalize.js'
import { WorstOffenders } from './offenders.js'
import type { FromWorker, PageMode, ToWorker, WorkerInit } from './protocol.js'
import type { FileRange } from './ranges.js'
import type { ReplayResult, SlipEntry } from './result.js'
import { LineRouter } from './route.js'

/** Batches sent and not yet acknowledged, per worker, before reading pauses. */
const MAX_IN_FLIGHT = 4
/**
 * Boletos per page of the merge (~0.6 MB of JSON). Smaller pages than the 2,000 of before mean fewer bytes
 * in flight between the threads, so fewer fresh pages touched (~4,000 fewer page faults a run on a million
 * events, 2-3 % less time over 10 alternating runs); at 250 the messages start to cost more than that.
 */
const PAGE = 1000
/**
 * Pages asked for ahead, per worker: with one, a worker that finished its page waits for this thread to
 * ask for the next (~0.25 s of a second-long pass, measured).
 */
const PAGES_AHEAD = 3
/** Bytes per piece of the merged `slips` members handed to the writer. */
const MEMBERS_PIECE = 1024 * 1024

export interface WorkerRun {
  readonly result: ReplayResult
  readonly lines: number
}

type Finished = Extract<FromWorker, { kind: 'finished' }>

type Read = Extract<FromWorker, { kind: 'read' }>

interface Lane {
  readonly worker: Worker
  inFlight: number
  /** Range mode: its range is read. */
  read: Read | null
  /** Range mode: it has handed over the boletos other workers read too. */
  handedOver: boolean
  finished: Finished | null
  /** Requests awaiting their answer, in order (a worker answers in order). */
  readonly waiting: Array<{ resolve: (message: FromWorker) => void; reject: (error: Error) => void }>
}

type Page = Extract<FromWorker, { kind: 'page' }>

/** Pure. `compareKeys` of key `i` of page `a` and key `j` of page `b`, read in place in their code units. */
const compareKeysAt = (a: Page, i: number, b: Page, j: number): number => {
  const ta = a.keyCodes
  const tb = b.keyCodes
  let x = i === 0 ? 0 : a.keyEnds[i - 1]!
  let y = j === 0 ? 0 : b.keyEnds[j - 1]!
  const xe = a.keyEnds[i]!
  const ye = b.keyEnds[j]!
  for (; x < xe && y < ye; x++, y++) {
    const d = ta[x]! - tb[y]!
    if (d !== 0) return d
  }
  return xe - x - (ye - y)
}

/**
 * What the workers read: lines the main thread reads and routes to them (any input), or one range of a
 * file each (ranges.ts), which they read themselves.
 */
export type WorkerInput =
  | { readonly kind: 'routed'; readonly chunks: AsyncIterable<LineChunk>; readonly workers: number }
  | {
      readonly kind: 'ranges'
      /** The file, opened by the caller (and closed by it once this returns). */
      readonly fd: number
      readonly name: string
      readonly ranges: readonly FileRange[]
    }

export interface WorkerProgress {
  /** Lines read so far (in range mode, by all workers together). */
  readonly onLines: (lines: number) => void
  /** More bytes read by the workers (range mode; routed input is counted where it is read). */
  readonly onBytes: (bytes: number) => void
}

/** One worker per range, or `input.workers` workers fed by the main thread. */
export const replayWithWorkers = async (
  input: WorkerInput,
  options: ReplayOptions,
  progress: WorkerProgress,
): Promise<WorkerRun> => {
  const { onLines, onBytes } = progress
  const threads = input.kind === 'ranges' ? input.ranges.length : input.workers
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
  /** Hands each transfer to the worker that owns its boletos. */
  const forward = (transfers: ReadonlyArray<SlipTransfer | null>): void => {
    for (const [to, transfer] of transfers.entries())
      if (transfer !== null && transfer.bytes.length > 0)
        lanes[to]!.worker.postMessage({ kind: 'adopt', transfer } satisfies ToWorker, [
          transfer.bytes.buffer as ArrayBuffer,
        ])
  }
  let linesRead = 0
  const lanes: Lane[] = Array.from({ length: threads }, (_, self) => {
    const range = input.kind === 'ranges' ? { fd: input.fd, name: input.name, ...input.ranges[self]! } : null
    const workerData: WorkerInit = { options, workers: threads, self, range }
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData })
    const lane: Lane = {
      worker,
      inFlight: 0,
      read: null,
      handedOver: false,
      finished: null,
      waiting: [],
    }
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'ack') {
        lane.inFlight--
        router.recycle(message.bytes, message.lineNumbers)
        forward(message.transfers)
      } else if (message.kind === 'progress') {
        linesRead += message.lines
        onBytes(message.bytes)
        onLines(linesRead)
      } else if (message.kind === 'read') lane.read = message
      else if (message.kind === 'handover') {
        forward(message.transfers)
        lane.handedOver = true
      } else if (message.kind === 'finished') lane.finished = message
      else if (message.kind === 'failed')
        fail(
          message.usage
            ? new CliError(message.message)
            : new Error(`replay worker failed: ${message.message}`),
        )
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
  const router = new LineRouter(
    threads,
    (w, batch) => {
      const lane = lanes[w]!
      lane.worker.postMessage({ kind: 'lines', ...batch } satisfies ToWorker, [
        batch.bytes,
        batch.lineNumbers,
      ])
      lane.inFlight++
    },
    () => {
      let best = 0
      for (let w = 1; w < lanes.length; w++) if (lanes[w]!.inFlight < lanes[best]!.inFlight) best = w
      return best
    },
  )
  const request = (
    lane: Lane,
    message: ToWorker,
    transfer: ArrayBuffer | null = null,
  ): Promise<FromWorker> => {
    if (failure !== null) return Promise.reject(failure)
    const answer = new Promise<FromWorker>((resolve, reject) => lane.waiting.push({ resolve, reject }))
    lane.worker.postMessage(message, transfer === null ? [] : [transfer])
    return answer
  }

  // Lines too long to read belong to no boleto: the main thread reports them itself, as a report of its own.
  // It holds no boleto: no tables sized for the workers' share.
  const own = createReplayAccumulator({ ...options, expectedSlips: 0 })
  let lineNumber = 0
  try {
    if (input.kind === 'routed') {
      // Reading: each line to the worker that owns its boleto, parsed there.
      for await (const chunk of input.chunks) {
        if (typeof chunk === 'number') {
          own.addUndecodable(++lineNumber, oversizedMessage(chunk))
          continue
        }
        lineNumber += router.route(chunk, lineNumber + 1)
        onLines(lineNumber)
        await waitFor(() => lanes.every((l) => l.inFlight < MAX_IN_FLIGHT))
      }
      router.flush()
      // Every batch acknowledged means every handed-over event was forwarded (before the acknowledgement
      // was handled), and each worker takes messages in order: the fold comes after its last adoption.
      await waitFor(() => lanes.every((l) => l.inFlight === 0))
    } else {
      // Each worker reads its range, numbering its lines from 1; then learns where they start, and hands
      // the boletos it shares with another range to their owner (in a log in time order, the few whose
      // events straddle a cut).
      await waitFor(() => lanes.every((l) => l.read !== null))
      for (const [self, lane] of lanes.entries()) {
        const others = lanes.flatMap((other, w) => (w === self ? [] : [other.read!.hashes]))
        lane.worker.postMessage({ kind: 'renumber', base: lineNumber, others } satisfies ToWorker)
        lineNumber += lane.read!.lines
      }
      // Handovers are forwarded as they arrive: every adoption is queued before the fold.
      await waitFor(() => lanes.every((l) => l.handedOver))
    }
    for (const lane of lanes) lane.worker.postMessage({ kind: 'fold' } satisfies ToWorker)
    await waitFor(() => lanes.every((l) => l.finished !== null))
  } catch (error) {
    await close()
    throw error
  }

  // Lines too long to read are the main thread's own (undecodable) inputs.
  const ownReport = own.finish()
  const undecodable = [...ownReport.anomalies, ...lanes.flatMap((l) => l.finished!.undecodable)].sort(
    (a, b) => (a.index ?? 0) - (b.index ?? 0),
  )

  /** Each worker's pages of one pass, pulled one page ahead, for a merge by key. */
  const pageCursors = (mode: PageMode) => {
    const cursors = lanes.map((lane) => ({
      lane,
      page: {
        kind: 'page',
        keyCodes: new Uint16Array(0),
        keyEnds: new Uint32Array(0),
        items: [],
        bytes: null,
        ends: null,
      } as Page,
      /** Items in the page. */
      size: 0,
      /** The page's bytes, viewed once per page. */
      view: null as Uint8Array | null,
      at: 0,
      last: false,
      /** Pages asked for and not yet taken, in order (a worker answers in order). */
      queue: [] as Array<Promise<FromWorker>>,
      /** Where the next page asked for starts. */
      asked: 0,
      /** Bytes of pages merged, to hand back with the next requests. */
      spares: [] as ArrayBuffer[],
    }))
    type Cursor = (typeof cursors)[number]
    /** Keeps PAGES_AHEAD pages asked for, so a worker folds the next page while this thread writes. */
    const topUp = (c: Cursor): void => {
      while (!c.last && c.queue.length < PAGES_AHEAD) {
        const spare = c.spares.pop() ?? null
        const answer = request(c.lane, { kind: 'page', mode, from: c.asked, size: PAGE, spare }, spare)
        answer.catch(() => undefined)
        c.queue.push(answer)
        c.asked += PAGE
      }
    }
    /** Makes sure `c` has an item unless its pass is over; its page's bytes must be copied out first. */
    const fill = async (c: Cursor): Promise<void> => {
      if (c.at < c.size || c.last) return
      // Every item of the page is merged (copied out): its bytes can be written over.
      if (c.page.bytes !== null) c.spares.push(c.page.bytes)
      topUp(c)
      c.page = (await c.queue.shift()!) as Page
      c.size = c.page.keyEnds.length
      c.view = c.page.bytes === null ? null : new Uint8Array(c.page.bytes)
      c.at = 0
      // Pages asked for past the end come back empty; nobody waits for them.
      c.last = c.size < PAGE
      topUp(c)
    }
    /** The cursor holding the smallest next key, or null when every pass is over. */
    const smallest = (): Cursor | null => {
      let best: Cursor | null = null
      for (const c of cursors)
        if (c.at < c.size && (best === null || compareKeysAt(c.page, c.at, best.page, best.at) < 0)) best = c
      return best
    }
    return { cursors, fill, smallest }
  }

  /** The boletos of every worker as objects (`entries`), merged by key. */
  async function* mergedEntries(): AsyncGenerator<SlipEntry> {
    const { cursors, fill, smallest } = pageCursors('entries')
    await Promise.all(cursors.map(fill))
    for (;;) {
      const best = smallest()
      if (best === null) return
      yield best.page.items![best.at++] as SlipEntry
      await fill(best)
    }
  }

  /**
   * A JSON pass of every worker (the report's `slips` members, or the boletos' anomalies) merged by key
   * into large pieces of bytes, comma-separated, each valid until the next is asked for. Each item comes with
   * its comma, so the items a page gives one after the other are copied in one go (half the copies with two
   * workers), and a wait comes only when a worker's page runs out (per-boleto awaits and writes cost the main
   * thread, which shares the cores with the workers, more than the copies).
   */
  async function* mergedPieces(mode: 'slip-members' | 'anomalies-json'): AsyncGenerator<Buffer> {
    const { cursors, fill, smallest } = pageCursors(mode)
    await Promise.all(cursors.map(fill))
    // One buffer, written over once the writer is done with a piece (fresh memory: a page fault per 4 KiB;
    // a fresh piece each time cost this thread ~9,000 faults on a million events).
    let out = Buffer.allocUnsafeSlow(MEMBERS_PIECE)
    let used = 0
    let first = true
    for (;;) {
      const best = smallest()
      if (best === null) break
      // The run of this page's items that come next in the merge.
      const from = best.at++
      for (;;) {
        if (best.at === best.size) break
        let next = true
        for (const c of cursors)
          if (c !== best && c.at < c.size && compareKeysAt(c.page, c.at, best.page, best.at) < 0) next = false
        if (!next) break
        best.at++
      }
      // Its bytes, the list's first item without its comma.
      const ends = best.page.ends!
      const start = (from === 0 ? 0 : ends[from - 1]!) + (first ? 1 : 0)
      const end = ends[best.at - 1]!
      first = false
      if (used + (end - start) > out.length) {
        if (used > 0) yield out.subarray(0, used)
        used = 0
        if (end - start > out.length) out = Buffer.allocUnsafeSlow(end - start)
      }
      out.set(best.view!.subarray(start, end), used)
      used += end - start
      if (best.at === best.size) await fill(best)
    }
    if (used > 0) yield out.subarray(0, used)
  }

  let totals: ReplayTotals | null = null
  const result: ReplayResult = {
    undecodable,
    async *entries() {
      yield* mergedEntries()
    },
    slipMembers: () => mergedPieces('slip-members'),
    anomaliesJson: () => mergedPieces('anomalies-json'),
    async totals() {
      if (totals !== null) return totals
      const answers = await Promise.all(lanes.map((lane) => request(lane, { kind: 'totals' })))
      const parts = answers.map((a) => (a.kind === 'totals' ? a : null)).filter((a) => a !== null)
      const counts = normalizeReport(
        mergeReplayReports([
          ownReport,
          ...parts.map((p) => ({ slips: {}, counts: p.counts, anomalies: [] })),
        ]),
      ).counts
      const worst = new WorstOffenders()
      for (const part of parts) for (const o of part.offenders) worst.addOffender(o)
      totals = { counts, offenders: worst.list() }
      return totals
    },
    close,
  }

  return {
    result,
    lines: lineNumber,
  }
}
