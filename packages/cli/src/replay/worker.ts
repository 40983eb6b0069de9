/**
 * A replay worker. Given a range of a file (ranges.ts), it reads and parses that range itself, numbering its
 * lines from 1; once told where they start, it shifts its positions and hands the boletos other ranges also
 * hold to their owner (partition.ts). Otherwise it parses the lines the main thread routes to it (route.ts)
 * and hands over, after each batch, the few whose key the router misread. Either way events travel as packed
 * bytes, through the main thread. Then it folds its boletos in key order as the main thread pulls pages
 * (cursor.ts), serving each page as objects or as JSON already encoded as UTF-8, for the main thread to
 * merge (workers.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import {
  createReplayAccumulator,
  JsonBytes,
  keyHash,
  mergeReplayReports,
  type ReplayAccumulator,
  type SlipTransfer,
} from '@boleto/core/replay'
import { CliError } from '../exit-codes.js'
import { forEachLine, wholeLineChunks } from '../jsonl/reader.js'
import { rangeChunks } from '../jsonl/source.js'
import { ReplayCursor, writeMember } from './cursor.js'
import { addLineBytes, feedChunks } from './feed.js'
import { keyCodes } from './page-keys.js'
import { ownerOfHash } from './partition.js'
import type { FromWorker, PageMode, ToWorker, WorkerInit } from './protocol.js'
import { warmUp } from './warm-up.js'

const port = parentPort
if (port === null) throw new Error('replay/worker.js must run in a worker thread')
const { options, workers, self, range } = workerData as WorkerInit
let accumulator: ReplayAccumulator | null = createReplayAccumulator(options)
/**
 * Routed lines: events of boletos other workers own, by owner, packed here as they are decoded and handed
 * over after each batch, so that a worker only ever holds its own boletos. None for a range.
 */
const outboxes = Array.from({ length: workers }, (_, w) =>
  w === self || range !== null ? null : createReplayAccumulator(options),
)
let cursor: ReplayCursor | null = null
const reply = (message: FromWorker): void => port.postMessage(message)

/** Bytes of a page buffer; a page that needs more grows its own. */
const PAGE_BYTES = 2 * 1024 * 1024
/**
 * Page buffers the main thread handed back once merged, reused: fresh memory is faulted in 4 KiB at a time
 * (on a million events, reuse spared ~12,000 page faults a run).
 */
const spares: ArrayBuffer[] = []

/** Pure. A buffer of `size` bytes, not zeroed: every byte a page sends is written first. */
const uninitialised = (size: number): ArrayBuffer => Buffer.allocUnsafeSlow(size).buffer as ArrayBuffer

/**
 * A page's JSON texts, written as UTF-8 into one buffer (a spare one if any), with where each ends:
 * encoded here, in parallel, not by the main thread, each as it is made.
 */
const writePage = (
  write: (out: JsonBytes, ends: number[]) => void,
): { bytes: ArrayBuffer; ends: Uint32Array } => {
  const out = new JsonBytes(new Uint8Array(spares.pop() ?? uninitialised(PAGE_BYTES)))
  const ends: number[] = []
  write(out, ends)
  // A page that outgrew its buffer is in a new one, of its own size: not kept as a spare.
  return { bytes: out.bytes.buffer as ArrayBuffer, ends: Uint32Array.from(ends) }
}

const sendPage = (mode: PageMode, from: number, size: number): void => {
  if (cursor === null) throw new Error('page before the end')
  if (mode === 'entries') {
    const { keys, items } = cursor.nextEntries(size)
    const codes = keyCodes(keys)
    port.postMessage({ kind: 'page', ...codes, items, bytes: null, ends: null } satisfies FromWorker, [
      codes.keyCodes.buffer as ArrayBuffer,
      codes.keyEnds.buffer as ArrayBuffer,
    ])
    return
  }
  let page: { keys: string[]; bytes: ArrayBuffer; ends: Uint32Array }
  if (mode === 'slip-members') {
    let keys: string[] = []
    const written = writePage((out, ends) => {
      keys = cursor!.visit(size, (outcome) => {
        out.raw(',')
        writeMember(outcome, out)
        ends.push(out.length)
      })
    })
    page = { keys, ...written }
  } else {
    // Already bytes, each boleto's after a comma: one copy into a buffer that can be moved to the main thread.
    const { keys, bytes, ends } = cursor.anomaliesPage(from, size)
    const written = writePage((out) => out.append(bytes))
    page = { keys, bytes: written.bytes, ends }
  }
  const { keys, ...moved } = page
  const codes = keyCodes(keys)
  port.postMessage({ kind: 'page', ...codes, items: null, ...moved } satisfies FromWorker, [
    moved.bytes,
    moved.ends.buffer as ArrayBuffer,
    codes.keyCodes.buffer as ArrayBuffer,
    codes.keyEnds.buffer as ArrayBuffer,
  ])
}

/** Bytes read between two progress messages. */
const PROGRESS_BYTES = 4 * 1024 * 1024

/** Reads this worker's range of the file into its accumulator, then answers `read`. */
const readRange = async (fd: number, name: string, start: number, end: number): Promise<void> => {
  warmUp(fd, start, end, options)
  const own = accumulator!
  let bytes = 0
  let lines = 0
  const chunks = wholeLineChunks(rangeChunks(fd, name, start, end), {
    onBytes: (n) => {
      bytes += n
    },
  })
  const total = await feedChunks(own, chunks, (n) => {
    if (bytes < PROGRESS_BYTES) return
    reply({ kind: 'progress', bytes, lines: n - lines })
    bytes = 0
    lines = n
  })
  reply({ kind: 'progress', bytes, lines: total - lines })
  const hashes = own.keyHashes()
  port.postMessage({ kind: 'read', lines: total, hashes } satisfies FromWorker, [
    hashes.buffer as ArrayBuffer,
  ])
}

/** Sends the transfers, one per worker (null for this one), their bytes moved rather than copied. */
const postTransfers = (
  message: (transfers: ReadonlyArray<SlipTransfer | null>) => FromWorker,
  transfers: ReadonlyArray<SlipTransfer | null>,
  alsoMoved: ArrayBuffer[] = [],
): void => {
  const buffers = transfers.flatMap((t) => (t === null ? [] : [t.bytes.buffer as ArrayBuffer]))
  port.postMessage(message(transfers), [...alsoMoved, ...buffers])
}

/** This worker's accumulator for its own boletos, the outbox of their owner for the others'. */
const route =
  (own: ReplayAccumulator) =>
  (hash: number): ReplayAccumulator => {
    const owner = ownerOfHash(hash, workers)
    return owner === self ? own : outboxes[owner]!
  }

const handle = (message: ToWorker): void => {
  switch (message.kind) {
    case 'lines': {
      if (accumulator === null) throw new Error('lines after the end')
      const own = accumulator
      const toOwner = route(own)
      const buf = Buffer.from(message.bytes, 0, message.length)
      const lineNumbers = new Uint32Array(message.lineNumbers, 0, message.count)
      let line = 0
      // The router sends no blank lines.
      forEachLine(
        buf,
        (start, end) => addLineBytes(own, buf, start, end, lineNumbers[line++]!, toOwner),
        () => {},
      )
      const transfers = outboxes.map((outbox) => (outbox === null ? null : outbox.surrender(() => true)))
      postTransfers(
        (t) => ({ kind: 'ack', bytes: message.bytes, lineNumbers: message.lineNumbers, transfers: t }),
        transfers,
        [message.bytes, message.lineNumbers],
      )
      return
    }
    case 'renumber': {
      if (accumulator === null) throw new Error('renumber after the fold')
      const own = accumulator
      if (message.base > 0) own.shiftPositions(message.base)
      // Boletos another worker read too go to their owner; the others stay with the worker that read them.
      // The few shared hashes are found once (not once per owner: that grew with the square of the workers).
      const shared = message.others.flatMap((hashes) => own.heldHashes(hashes))
      const transfers = Array.from({ length: workers }, (_, to) =>
        to === self ? null : own.surrender((key) => ownerOfHash(keyHash(key), workers) === to, shared),
      )
      postTransfers((t) => ({ kind: 'handover', transfers: t }), transfers)
      return
    }
    case 'adopt':
      if (accumulator === null) throw new Error('adopt after the fold')
      accumulator.adopt(message.transfer)
      return
    case 'fold': {
      if (accumulator === null) throw new Error('folded twice')
      cursor = new ReplayCursor(accumulator)
      accumulator = null
      reply({ kind: 'finished', undecodable: cursor.undecodable })
      return
    }
    case 'page':
      if (message.spare !== null && message.spare.byteLength === PAGE_BYTES) spares.push(message.spare)
      sendPage(message.mode, message.from, message.size)
      return
    case 'totals': {
      if (cursor === null) throw new Error('totals before the end')
      const totals = cursor.totals()
      // The outboxes counted the inputs they carried; their boletos were folded elsewhere.
      const carried = outboxes.flatMap((outbox) => (outbox === null ? [] : [outbox.finish()]))
      const counts = mergeReplayReports([
        { slips: {}, counts: totals.counts, anomalies: [] },
        ...carried,
      ]).counts
      reply({ kind: 'totals', counts, offenders: totals.offenders })
    }
  }
}

const failed = (error: unknown): void =>
  reply({
    kind: 'failed',
    // A CliError is for the user (an unreadable file); anything else is a bug, shown with its stack.
    message:
      error instanceof CliError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error),
    usage: error instanceof CliError,
  })

port.on('message', (message: ToWorker) => {
  try {
    handle(message)
  } catch (error) {
    failed(error)
  }
})

if (range !== null) readRange(range.fd, range.name, range.start, range.end).catch(failed)
