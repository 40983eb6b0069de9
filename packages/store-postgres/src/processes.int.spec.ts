/**
 * Other OS processes writing to one database: two writers at once (each migrating the same fresh schema on
 * start), and a writer killed with SIGKILL mid-stream. The writers are test/fixtures/writer.mjs running the
 * BUILT package (build core and this package first; `pnpm test` does).
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BankSlipRow, StoredEvent } from '@boleto/core'
import { startWriterProcess, type WriterProcess } from '@boleto/core/testing/writer'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIGRATIONS } from './migrations.js'
import { createPostgresEventStore, type PostgresEventStore } from './store.js'

const url = process.env.DATABASE_URL
if (!url) console.warn('DATABASE_URL not set: PostgreSQL multi-process and crash tests SKIPPED')

const here = dirname(fileURLToPath(import.meta.url))
const fixture = join(here, '../test/fixtures/writer.mjs')
const built = [join(here, '../dist/index.js'), join(here, '../../core/dist/index.js')]

/** The built core the writer processes ran (loaded in beforeAll). */
let builtCore: { projectStream: (events: readonly StoredEvent[]) => BankSlipRow | null }

const startWriter = (args: string[]): WriterProcess => startWriterProcess(fixture, args)

describe.skipIf(!url)('postgresql with other processes', () => {
  const schema = `test_processes_${randomBytes(4).toString('hex')}`
  let pool: pg.Pool
  beforeAll(async () => {
    const missing = built.filter((f) => !existsSync(f))
    if (missing.length > 0)
      throw new Error(
        `build first (npx tsc -p tsconfig.build.json in core and store-postgres); missing ${missing}`,
      )
    builtCore = await import(pathToFileURL(built[1]!).href)
    pool = new pg.Pool({ connectionString: url, max: 4 })
  })
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await pool.end()
  })

  /** The log's invariants: contiguous versions, one transaction per batch, streams and projection agreeing. */
  const checkIntegrity = async (store: PostgresEventStore): Promise<StoredEvent[]> => {
    let all: StoredEvent[] = []
    // The killed writer's transaction may still be ending on the server: readAll waits for it.
    for (let tries = 0; tries < 100; tries++) {
      const visible = await store.readAll()
      const committed = Number((await pool.query(`SELECT count(*) FROM "${schema}".events`)).rows[0].count)
      all = [...visible]
      if (visible.length === committed) break
      await new Promise((r) => setTimeout(r, 20))
    }
    const positions = all.map((e) => e.position)
    expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true)
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length)
    const streams = (await pool.query(`SELECT stream_id, version FROM "${schema}".streams`)).rows as {
      stream_id: string
      version: number
    }[]
    for (const { stream_id, version } of streams) {
      const events = await store.readStream(stream_id)
      expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1))
      expect(events).toHaveLength(version)
      if (stream_id.startsWith('bank_slip-')) {
        const row = (await store.getBankSlip(stream_id.slice('bank_slip-'.length))) as BankSlipRow
        expect(row.version).toBe(version)
        // The writers ran the built core: the row must be what that code folds from the events.
        expect(row).toEqual(JSON.parse(JSON.stringify(builtCore.projectStream(events))))
      }
    }
    expect(new Set(all.map((e) => e.streamId))).toEqual(new Set(streams.map((s) => s.stream_id)))
    return all
  }

  it('two processes append to one database: every event once, versions contiguous', async () => {
    const appends = 40
    const writers = ['a', 'b'].map((w) => startWriter([url!, schema, w, 'race', String(appends)]))
    const exits = await Promise.all(writers.map((w) => w.exited))
    for (const e of exits) expect(e, e.stderr).toMatchObject({ code: 0 })
    const store = await createPostgresEventStore({ pool }, { schema })
    try {
      const all = await checkIntegrity(store)
      const byId = new Map(all.map((e) => [e.id, e]))
      for (const r of writers.flatMap((w) => w.reported))
        r.ids.forEach((id, i) => {
          expect(byId.get(id)?.position, id).toBe(r.positions[i])
        })
      expect(await store.readStream('shared')).toHaveLength(2 * appends)
      expect(await store.readStream('own-a')).toHaveLength(appends)
      const webhooks = writers.flatMap((w) => w.reported).filter((r) => r.stream.startsWith('bank_slip-'))
      expect(webhooks.filter((r) => !r.duplicates[0])).toHaveLength(appends)
      expect(all.filter((e) => e.streamId.startsWith('bank_slip-'))).toHaveLength(appends)
      expect(
        (await pool.query(`SELECT count(*)::int AS n FROM "${schema}".schema_migrations`)).rows[0].n,
      ).toBe(MIGRATIONS.length)
    } finally {
      await store.close()
    }
  })

  it('a writer killed with SIGKILL loses no reported append and leaves nothing half-written', async () => {
    const writer = startWriter([url!, schema, 'k', 'crash'])
    await writer.reportedAtLeast(30)
    writer.child.kill('SIGKILL')
    expect((await writer.exited).signal).toBe('SIGKILL')
    const store = await createPostgresEventStore({ pool }, { schema })
    try {
      const all = (await checkIntegrity(store)).filter(
        (e) => (e.metadata as { writer?: string } | null)?.writer === 'k',
      )
      const byId = new Map(all.map((e) => [e.id, e]))
      for (const r of writer.reported)
        r.ids.forEach((id, i) => {
          expect(byId.get(id)?.position, id).toBe(r.positions[i])
        })
      const batches = new Map<number, number>()
      for (const e of all) {
        const batch = (e.metadata as { batch: number }).batch
        batches.set(batch, (batches.get(batch) ?? 0) + 1)
      }
      expect([...batches.values()].every((n) => n === 3)).toBe(true)
      expect(batches.size).toBeGreaterThanOrEqual(writer.reported.length)
      expect(batches.size).toBeLessThanOrEqual(writer.reported.length + 1)
      // One batch, one transaction.
      const perBatch = await pool.query(
        `SELECT count(DISTINCT transaction_id)::int AS n FROM "${schema}".events
         WHERE metadata->>'writer' = 'k' GROUP BY metadata->>'batch'`,
      )
      expect(perBatch.rows.every((r: { n: number }) => r.n === 1)).toBe(true)
      expect(await store.getBankSlip('k-slip-0')).toMatchObject({ status: 'registered' })
    } finally {
      await store.close()
    }
  })
})
