/**
 * Event-store appends per store (SQLite file; PostgreSQL when DATABASE_URL is set), each next to a bare
 * INSERT of the same rows through the same driver, in the same run:
 * - single: one webhook per append, expectedVersion 'any', projection on. The workload is QI-shaped: each
 *   boleto gets five webhooks (registration, extension, interest, fine, payment) interleaved across 50 open
 *   boletos, so one append in five creates a stream and the others fold into an existing projection row.
 *   Bare: one INSERT per transaction into a table of the same shape.
 * - PostgreSQL also: the single case without the store's cache of stream states (an append to a boleto the
 *   process does not remember costs a second, read-only, round trip), and with 8 writers at once (one connection each), where concurrent commits
 *   share WAL flushes.
 * - batch: 100 events per append (one boleto's registration and 99 occurrences). Bare: 100 rows per
 *   transaction.
 * Ours and bare alternate append by append (slice by slice for the concurrent case) so both see the same
 * machine state; only the awaited calls are timed (bodies are generated outside the clock). SQLite: ours and
 * bare in two files with the same pragmas. Claim: our single-event append reaches at least half the bare
 * insert's rate, per store.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  bankSlipStreamId,
  decodeWebhook,
  type EventStore,
  type NewEvent,
  webhookToNewEvent,
} from '@boleto/core'
import { SEED_WEBHOOKS } from '@boleto/core/testing/seeds'
import { createPostgresBareInsert, createPostgresEventStore } from '@boleto/store-postgres'
import { type BareEventRow, createSqliteBareInsert, createSqliteEventStore } from '@boleto/store-sqlite'
import type { BenchClaim, BenchReport, BenchRow } from '../report.js'

const CASE_SECONDS = 3
const WARMUP_SECONDS = 0.3
const PARALLEL_SLICE_SECONDS = 0.1
const BATCH = 100
const OPEN_BOLETOS = 50
const LIFECYCLE = ['registration (confirmed)', 'extension', 'interest', 'fine', 'payment'] as const
const RATIO_CLAIM = 0.5
/** PostgreSQL only: writers at once (commits of concurrent transactions share WAL flushes). */
const CONCURRENT_WRITERS = 8

interface Append {
  readonly streamId: string
  readonly events: readonly NewEvent[]
}

const seedBody = (name: string): Readonly<Record<string, unknown>> => {
  const seed = SEED_WEBHOOKS.find((s) => s.name === name)
  if (seed === undefined) throw new Error(`no seed ${name}`)
  return seed.body
}

let clock = Date.parse('2025-01-01T00:00:00.000Z')

/** A QI-shaped webhook for a boleto, as the store receives it. */
const webhook = (seedName: string, bankSlipKey: string): NewEvent => {
  const seed = seedBody(seedName) as { data: Record<string, unknown> }
  clock += 1000
  const body = {
    ...seed,
    webhook_datetime: new Date(clock).toISOString(),
    data: { ...seed.data, bank_slip_key: bankSlipKey, occurrence_key: randomUUID() },
  }
  const decoded = decodeWebhook(body)
  if (!decoded.ok) throw new Error(decoded.error.message)
  return webhookToNewEvent(body, decoded.value)
}

/** Single appends: five webhooks per boleto, interleaved across open boletos. */
const singles = (): (() => Append) => {
  const open = Array.from({ length: OPEN_BOLETOS }, () => ({ key: randomUUID(), step: 0 }))
  let i = 0
  return () => {
    const slot = open[i++ % OPEN_BOLETOS]!
    if (slot.step === LIFECYCLE.length) {
      slot.key = randomUUID()
      slot.step = 0
    }
    const event = webhook(LIFECYCLE[slot.step++]!, slot.key)
    return { streamId: bankSlipStreamId(slot.key), events: [event] }
  }
}

/** Batch appends: a new boleto with BATCH webhooks. */
const batches = (): (() => Append) => () => {
  const key = randomUUID()
  const events = [webhook('registration (confirmed)', key)]
  while (events.length < BATCH) events.push(webhook(LIFECYCLE[1 + (events.length % 3)]!, key))
  return { streamId: bankSlipStreamId(key), events }
}

/** The same rows as our append would write, for the bare insert (stream versions counted here). */
const toBareRows = (versions: Map<string, number>, append: Append): BareEventRow[] => {
  let version = versions.get(append.streamId) ?? 0
  const rows = append.events.map((e) => ({
    streamId: append.streamId,
    streamVersion: ++version,
    id: e.id,
    type: e.type,
    dataJson: JSON.stringify(e.data),
    metadataJson: e.metadata == null ? null : JSON.stringify(e.metadata),
  }))
  versions.set(append.streamId, version)
  return rows
}

/** One slice of a case: a few appends; returns [events, seconds they took]. */
type Slice = () => Promise<[number, number]>

/** One append per slice, timing only the awaited call. */
const sequential =
  (next: () => Append, op: (a: Append) => Promise<void>): Slice =>
  async () => {
    const append = next()
    const t0 = performance.now()
    await op(append)
    return [append.events.length, (performance.now() - t0) / 1000]
  }

/** Several writers at once for PARALLEL_SLICE_SECONDS: events over wall time. */
const parallel =
  (writers: readonly Slice[]): Slice =>
  async () => {
    const t0 = performance.now()
    const end = t0 + PARALLEL_SLICE_SECONDS * 1000
    const counts = await Promise.all(
      writers.map(async (w) => {
        let events = 0
        while (performance.now() < end) events += (await w())[0]
        return events
      }),
    )
    return [counts.reduce((a, b) => a + b, 0), (performance.now() - t0) / 1000]
  }

/**
 * Ours and bare interleaved slice by slice for CASE_SECONDS each (after a warm-up), so both see the same
 * machine state even on a shared, noisy machine; events per second of each.
 */
const compare = async (ours: Slice, bare: Slice): Promise<[number, number]> => {
  const run = async (seconds: number): Promise<[number, number, number, number]> => {
    const totals: [number, number, number, number] = [0, 0, 0, 0]
    const end = performance.now() + 2 * seconds * 1000
    while (performance.now() < end) {
      const [oe, os] = await ours()
      const [be, bs] = await bare()
      totals[0] += oe
      totals[1] += os
      totals[2] += be
      totals[3] += bs
    }
    return totals
  }
  await run(WARMUP_SECONDS)
  const [oe, os, be, bs] = await run(CASE_SECONDS)
  return [oe / os, be / bs]
}

interface StoreUnderTest {
  readonly name: string
  readonly store: EventStore
  readonly bare: { insert(rows: readonly BareEventRow[]): Promise<void> }
  /** Also measure CONCURRENT_WRITERS writers at once (a store with a connection pool). */
  readonly concurrent: boolean
  /** The same store without its cache of stream states (PostgreSQL: every append to a known boleto retries). */
  readonly uncached?: EventStore
}

const measureStore = async (s: StoreUnderTest, rows: BenchRow[], claims: BenchClaim[]): Promise<void> => {
  const versions = new Map<string, number>()
  const appendOp = async (a: Append): Promise<void> => {
    await s.store.appendToStream(a.streamId, a.events, { expectedVersion: 'any' })
  }
  const bareOp = (a: Append): Promise<void> => s.bare.insert(toBareRows(versions, a))

  const [single, bareSingle] = await compare(sequential(singles(), appendOp), sequential(singles(), bareOp))
  const ratio = single / bareSingle
  rows.push(
    {
      name: `${s.name}: append 1 webhook ('any', projection)`,
      opsPerSec: single,
      unit: 'events/s',
      extra: { 'vs bare': `${Math.round(ratio * 100)} %` },
    },
    { name: `${s.name}: bare INSERT, 1 row per transaction`, opsPerSec: bareSingle, unit: 'events/s' },
  )
  claims.push({
    claim: `${s.name}: single-event append reaches at least ${RATIO_CLAIM * 100} % of the bare INSERT`,
    ok: ratio >= RATIO_CLAIM,
    detail: `${Math.round(single)} vs ${Math.round(bareSingle)} events/s = ${Math.round(ratio * 100)} %`,
  })

  const uncached = s.uncached
  if (uncached !== undefined) {
    const uncachedOp = async (a: Append): Promise<void> => {
      await uncached.appendToStream(a.streamId, a.events, { expectedVersion: 'any' })
    }
    const [cold, bareCold] = await compare(sequential(singles(), uncachedOp), sequential(singles(), bareOp))
    rows.push(
      {
        name: `${s.name}: append 1 webhook, no cache of stream states (+1 round trip per known boleto)`,
        opsPerSec: cold,
        unit: 'events/s',
        extra: { 'vs bare': `${Math.round((cold / bareCold) * 100)} %` },
      },
      {
        name: `${s.name}: bare INSERT, 1 row per transaction (run beside the row above)`,
        opsPerSec: bareCold,
        unit: 'events/s',
      },
    )
  }

  if (s.concurrent) {
    const writers = (op: (a: Append) => Promise<void>): Slice =>
      parallel(Array.from({ length: CONCURRENT_WRITERS }, () => sequential(singles(), op)))
    const [many, bareMany] = await compare(writers(appendOp), writers(bareOp))
    rows.push(
      {
        name: `${s.name}: append 1 webhook, ${CONCURRENT_WRITERS} writers at once`,
        opsPerSec: many,
        unit: 'events/s',
        extra: { 'vs bare': `${Math.round((many / bareMany) * 100)} %` },
      },
      {
        name: `${s.name}: bare INSERT, 1 row per transaction, ${CONCURRENT_WRITERS} at once`,
        opsPerSec: bareMany,
        unit: 'events/s',
      },
    )
  }

  const [batch, bareBatch] = await compare(sequential(batches(), appendOp), sequential(batches(), bareOp))
  rows.push(
    {
      name: `${s.name}: append ${BATCH} events per call`,
      opsPerSec: batch,
      unit: 'events/s',
      extra: { 'vs bare': `${Math.round((batch / bareBatch) * 100)} %` },
    },
    { name: `${s.name}: bare INSERT, ${BATCH} rows per transaction`, opsPerSec: bareBatch, unit: 'events/s' },
  )
}

export async function run(): Promise<BenchReport> {
  const rows: BenchRow[] = []
  const claims: BenchClaim[] = []
  const environment = [`node ${process.version}`, `${cpus().length} cores`, 'SQLite WAL synchronous=FULL']

  const dir = mkdtempSync(join(tmpdir(), 'boleto-bench-store-'))
  try {
    // Separate files: each side's WAL checkpoints are its own.
    const store = await createSqliteEventStore({ path: join(dir, 'store.db') })
    const bare = await createSqliteBareInsert({ path: join(dir, 'bare.db') })
    try {
      await measureStore({ name: 'sqlite', store, bare, concurrent: false }, rows, claims)
    } finally {
      await store.close()
      await bare.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }

  const url = process.env.DATABASE_URL
  if (url === undefined || url === '') {
    rows.push({ name: 'postgresql: skipped (DATABASE_URL not set)', opsPerSec: 0 })
  } else {
    const schema = `bench_store_${randomBytes(4).toString('hex')}`
    const store = await createPostgresEventStore(
      { connectionString: url, maxConnections: CONCURRENT_WRITERS },
      { schema },
    )
    const bare = await createPostgresBareInsert({ pool: store.pool }, { schema })
    const uncached = await createPostgresEventStore({ pool: store.pool }, { schema, beliefCacheSize: 0 })
    try {
      const settings = await store.pool.query<{ name: string; setting: string }>(
        `SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync')`,
      )
      environment.push(`PostgreSQL ${settings.rows.map((r) => `${r.name}=${r.setting}`).join(' ')}`)
      await measureStore({ name: 'postgresql', store, bare, concurrent: true, uncached }, rows, claims)
    } finally {
      await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined)
      await store.close()
    }
  }

  return { suite: 'store', environment: environment.join(', '), rows, claims }
}
