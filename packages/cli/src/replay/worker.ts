/**
 * A replay worker: folds the boletos routed to it (by key hash), then serves its part of the report in pages
 * of boletos in key order (as objects or already serialised), for the main thread to merge (workers.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createReplayAccumulator, type ReplayAccumulator } from '@boleto/core'
import { addLine } from './feed.js'
import type { FromWorker, PageMode, ToWorker, WorkerInit } from './protocol.js'
import { anomaliesJson, offendersOf, reportEntries, type SlipEntry, slipJson } from './result.js'

const port = parentPort
if (port === null) throw new Error('replay/worker.js must run in a worker thread')
const { options } = workerData as WorkerInit
let accumulator: ReplayAccumulator | null = createReplayAccumulator(options)
let entries: SlipEntry[] = []
let withAnomalies: SlipEntry[] = []
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
  for (const text of texts) at += view.write(text, at)
  return { bytes, ends }
}

const sendPage = (mode: PageMode, from: number, size: number): void => {
  const source = mode === 'anomalies-json' ? withAnomalies : entries
  const slice = source.slice(from, from + size)
  const keys = slice.map((e) => e.key)
  if (mode === 'entries') {
    reply({ kind: 'page', keys, items: slice, bytes: null, ends: null })
    return
  }
  const texts =
    mode === 'slips-json' ? slice.map((e) => slipJson(e).json) : slice.map((e) => anomaliesJson(e).json)
  const { bytes, ends } = encode(texts as string[])
  port.postMessage({ kind: 'page', keys, items: null, bytes, ends } satisfies FromWorker, [
    bytes,
    ends.buffer as ArrayBuffer,
  ])
}

const handle = (message: ToWorker): void => {
  switch (message.kind) {
    case 'lines': {
      if (accumulator === null) throw new Error('lines after the end')
      const buf = Buffer.from(message.bytes, 0, message.length)
      const numbers = message.lineNumbers
      let start = 0
      for (let i = 0; i < numbers.length; i++) {
        let end = buf.indexOf(10, start)
        if (end === -1) end = buf.length
        addLine(accumulator, buf.toString('utf8', start, end), numbers[i]!)
        start = end + 1
      }
      port.postMessage({ kind: 'ack', bytes: message.bytes } satisfies FromWorker, [message.bytes])
      return
    }
    case 'end': {
      if (accumulator === null) throw new Error('ended twice')
      const report = accumulator.finish()
      // The fold's state (every event's history) is garbage from here on; only the report is kept.
      accumulator = null
      entries = reportEntries(report)
      withAnomalies = entries.filter((e) => e.anomalies.length > 0)
      reply({
        kind: 'finished',
        counts: report.counts,
        undecodable: report.anomalies.filter((a) => a.kind === 'undecodable'),
      })
      return
    }
    case 'page':
      sendPage(message.mode, message.from, message.size)
      return
    case 'offenders':
      reply({ kind: 'offenders', list: offendersOf(withAnomalies, message.limit) })
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
