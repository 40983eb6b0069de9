/**
 * A replay worker: parses the lines it is given, keeps the events of the boletos it owns (partition.ts) and
 * hands the others over after each batch (packed bytes, through the main thread), then folds its boletos in key order as the main thread pulls pages (cursor.ts),
 * serving each page as objects or as already encoded JSON, for the main thread to merge (workers.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import {
  createReplayAccumulator,
  decodeWebhook,
  mergeReplayReports,
  type ReplayAccumulator,
} from '@boleto/core'
import { forEachLine } from '../jsonl/reader.js'
import { parseLine } from '../jsonl/record.js'
import { ReplayCursor } from './cursor.js'
import { ownerOf } from './partition.js'
import type { FromWorker, PageMode, ToWorker, WorkerInit } from './protocol.js'

const port = parentPort
if (port === null) throw new Error('replay/worker.js must run in a worker thread')
const { options, workers, self } = workerData as WorkerInit
let accumulator: ReplayAccumulator | null = createReplayAccumulator(options)
/**
 * Events of boletos other workers own, by owner: packed here as they are decoded and handed over after
 * each batch, so that a worker only ever holds its own boletos.
 */
const outboxes = Array.from({ length: workers }, (_, w) =>
  w === self ? null : createReplayAccumulator(options),
)
let cursor: ReplayCursor | null = null
const reply = (message: FromWorker): void => port.postMessage(message)

/** Pure. JSON texts as one buffer of UTF-8 and where each ends (encoded here, in parallel, not by the main thread). */
const encode = (texts: readonly string[]): { bytes: ArrayBuffer; ends: Uint32Array } => {
  const ends = new Uint32Array(texts.length)
  let total = 0
  for (let i = 0; i < texts.length; i++) {
    total += Buffer.byteLength(texts[i]!)
    ends[i] = total
  }
  const bytes = new ArrayBuffer(total)
  const view = Buffer.from(bytes)
  let at = 0
  for (let i = 0; i < texts.length; i++) {
    // The explicit length matters: without it V8's UTF-8 writer works against the rest of the buffer.
    view.write(texts[i]!, at, ends[i]! - at)
    at = ends[i]!
  }
  return { bytes, ends }
}

const sendPage = (mode: PageMode, from: number, size: number): void => {
  if (cursor === null) throw new Error('page before the end')
  if (mode === 'entries') {
    const { keys, items } = cursor.nextEntries(size)
    reply({ kind: 'page', keys, items, bytes: null, ends: null })
    return
  }
  const { keys, items } =
    mode === 'slip-members' ? cursor.nextMembers(size) : cursor.anomaliesPage(from, size)
  const { bytes, ends } = encode(items)
  port.postMessage({ kind: 'page', keys, items: null, bytes, ends } satisfies FromWorker, [
    bytes,
    ends.buffer as ArrayBuffer,
  ])
}

/** A line into this worker's accumulator, or, for a boleto another worker owns, into the outbox for it. */
const addOwnedLine = (own: ReplayAccumulator, text: string, lineNumber: number): void => {
  const parsed = parseLine(text)
  if (!parsed.ok) {
    own.addUndecodable(lineNumber, parsed.message)
    return
  }
  const decoded = decodeWebhook(parsed.record.body)
  // Undecodable bodies belong to no boleto: `add` records why.
  if (!decoded.ok) own.add(parsed.record.body, lineNumber)
  else {
    const owner = ownerOf(decoded.value.bankSlipKey, workers)
    ;(owner === self ? own : outboxes[owner]!).addEvent(decoded.value, lineNumber)
  }
}

const handle = (message: ToWorker): void => {
  switch (message.kind) {
    case 'lines': {
      if (accumulator === null) throw new Error('lines after the end')
      const own = accumulator
      const buf = Buffer.from(message.bytes, 0, message.length)
      let lineNumber = message.firstLine
      forEachLine(
        buf,
        (start, end) => addOwnedLine(own, buf.toString('utf8', start, end), lineNumber++),
        () => {
          lineNumber++
        },
      )
      const transfers = outboxes.map((outbox) => (outbox === null ? null : outbox.surrender(() => true)))
      const buffers = transfers.flatMap((t) => (t === null ? [] : [t.bytes.buffer as ArrayBuffer]))
      port.postMessage({ kind: 'ack', bytes: message.bytes, transfers } satisfies FromWorker, [
        message.bytes,
        ...buffers,
      ])
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

port.on('message', (message: ToWorker) => {
  try {
    handle(message)
  } catch (error) {
    reply({
      kind: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    })
  }
})
