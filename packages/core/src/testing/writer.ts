/**
 * The writer process of the multi-process and crash tests every event store runs: the same appends against
 * any store, each resolved append printed as one JSON line `{"stream","ids","positions","duplicates","version"}`
 * so the test can check that everything reported as committed is there. No vitest here: it runs in a plain
 * child process (`test/fixtures/writer.mjs` of each store package opens the store and calls this);
 * `startWriterProcess` is the tests' side: it spawns one and collects what it reported.
 */

import { type ChildProcess, spawn } from 'node:child_process'
import { webhookToNewEvent } from '../store/events.js'
import { type AppendResult, bankSlipStreamId, type EventStore, type NewEvent } from '../store/port.js'
import { decodeWebhook } from '../webhook/decode.js'

export interface StoreWriterOptions {
  readonly writer: string
  /**
   * `race`: appends to a shared stream with 'any', to shared boleto streams, and to its own stream with exact
   * versions, `count` times, then closes the store. `crash`: batches of three events for ten boletos, each
   * with the exact expected version, until the process is killed.
   */
  readonly mode: 'race' | 'crash'
  readonly count?: number
  readonly write?: (line: string) => void
}

/** A QI-shaped webhook (as in QI's examples) for one occurrence of a boleto, as a store event. */
const webhook = (
  writer: string,
  bankSlipKey: string,
  occurrenceType: string,
  occurrenceKey: string,
): NewEvent => {
  const body = {
    webhook_type: 'baas.bank_slip.occurrence',
    webhook_datetime: new Date().toISOString(),
    data: {
      bank_slip_key: bankSlipKey,
      bank_slip_status: 'registered',
      occurrence_key: occurrenceKey,
      occurrence_type: occurrenceType,
      occurrence_status: 'confirmed',
    },
  }
  const decoded = decodeWebhook(body)
  if (!decoded.ok) throw new Error(decoded.error.message)
  return webhookToNewEvent(body, decoded.value, { writer })
}

/** Runs the writer's appends against `store` (see `StoreWriterOptions.mode`). */
export const runStoreWriter = async (store: EventStore, options: StoreWriterOptions): Promise<void> => {
  const { writer } = options
  const write = options.write ?? ((line: string) => process.stdout.write(line))
  const report = (stream: string, result: AppendResult): void =>
    write(
      `${JSON.stringify({
        stream,
        ids: result.events.map((e) => e.id),
        positions: result.events.map((e) => e.position),
        duplicates: result.events.map((e) => e.duplicate),
        version: result.nextExpectedVersion,
      })}\n`,
    )

  if (options.mode === 'race') {
    // Writers append to the same streams with 'any', to their own stream with exact versions, and redeliver
    // the same webhook ids as each other.
    let own = 0
    for (let i = 0; i < (options.count ?? 0); i++) {
      report(
        'shared',
        await store.appendToStream('shared', [{ id: `${writer}-shared-${i}`, type: 'race', data: { i } }]),
      )
      const key = `race-slip-${i % 5}`
      const stream = bankSlipStreamId(key)
      report(stream, await store.appendToStream(stream, [webhook(writer, key, 'interest', `occ-${i}`)]))
      const mine = await store.appendToStream(
        `own-${writer}`,
        [{ id: `${writer}-own-${i}`, type: 'race', data: { i } }],
        {
          expectedVersion: own,
        },
      )
      own = mine.nextExpectedVersion
      report(`own-${writer}`, mine)
    }
    await store.close()
    return
  }
  const versions = new Map<string, number>()
  for (let batch = 0; ; batch++) {
    const key = `${writer}-slip-${batch % 10}`
    const stream = bankSlipStreamId(key)
    const version = versions.get(stream) ?? 0
    const meta = { writer, batch, size: 3 }
    const events = [0, 1, 2].map((j) => ({
      ...webhook(
        writer,
        key,
        version === 0 && j === 0 ? 'registration' : 'interest',
        `${writer}-${batch}-${j}`,
      ),
      metadata: meta,
    }))
    const result = await store.appendToStream(stream, events, { expectedVersion: version })
    versions.set(stream, result.nextExpectedVersion)
    report(stream, result)
  }
}

/** One append a writer process reported as committed. */
export interface ReportedAppend {
  readonly stream: string
  readonly ids: string[]
  readonly positions: number[]
  readonly duplicates: boolean[]
  readonly version: number
}

/** A writer child process, and what it reported so far. */
export interface WriterProcess {
  readonly child: ChildProcess
  readonly reported: ReportedAppend[]
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>
  /** Resolves once `n` appends were reported. */
  readonly reportedAtLeast: (n: number) => Promise<void>
}

/** Spawns `node <fixture> ...args` (a store's writer.mjs, which calls `runStoreWriter`) and collects its lines. */
export const startWriterProcess = (fixture: string, args: readonly string[]): WriterProcess => {
  const child = spawn(process.execPath, [fixture, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const reported: ReportedAppend[] = []
  const waiters: { n: number; resolve: () => void }[] = []
  let buffer = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk
    const lines = buffer.split('\n')
    buffer = lines.pop()!
    for (const line of lines) if (line !== '') reported.push(JSON.parse(line) as ReportedAppend)
    for (const w of waiters.filter((w) => reported.length >= w.n)) w.resolve()
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  )
  const reportedAtLeast = (n: number): Promise<void> =>
    Promise.race([
      new Promise<void>((resolve) => (reported.length >= n ? resolve() : waiters.push({ n, resolve }))),
      exited.then((e) => {
        throw new Error(`writer exited before ${n} appends: ${e.code} ${e.signal}\n${e.stderr}`)
      }),
    ])
  return { child, reported, exited, reportedAtLeast }
}
