/**
 * Other OS processes writing to one database file: two writers at once, and a writer killed with SIGKILL
 * mid-stream. The writers are test/fixtures/writer.mjs running the BUILT package (build core and this
 * package first; `pnpm test` does).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type BankSlipRow, bankSlipStreamId, type StoredEvent } from '@boleto/core'
import { startWriterProcess, type WriterProcess } from '@boleto/core/testing/writer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSqliteEventStore, type SqliteEventStore } from './store.js'

const here = dirname(fileURLToPath(import.meta.url))
const fixture = join(here, '../test/fixtures/writer.mjs')
const built = [join(here, '../dist/index.js'), join(here, '../../core/dist/index.js')]

/** The built core the writer processes ran (loaded in beforeAll). */
let builtCore: { projectStream: (events: readonly StoredEvent[]) => BankSlipRow | null }

const startWriter = (args: string[]): WriterProcess => startWriterProcess(fixture, args)

/** The log's invariants: contiguous versions, whole batches, streams table and projection agreeing. */
const checkIntegrity = async (store: SqliteEventStore): Promise<readonly StoredEvent[]> => {
  const all = await store.readAll()
  const positions = all.map((e) => e.position)
  expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true)
  expect(new Set(all.map((e) => e.id)).size).toBe(all.length)
  const streams = store.database.prepare('SELECT stream_id, version FROM streams').all() as {
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
  expect(store.database.pragma('integrity_check', { simple: true })).toBe('ok')
  return all
}

describe('sqlite with other processes', () => {
  let dir: string
  beforeAll(async () => {
    const missing = built.filter((f) => !existsSync(f))
    if (missing.length > 0)
      throw new Error(
        `build first (npx tsc -p tsconfig.build.json in core and store-sqlite); missing ${missing}`,
      )
    builtCore = await import(pathToFileURL(built[1]!).href)
    dir = mkdtempSync(join(tmpdir(), 'boleto-sqlite-processes-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('two processes append to one file: every event once, versions contiguous', async () => {
    const file = join(dir, 'race.db')
    const appends = 40
    const writers = [
      startWriter([file, 'a', 'race', String(appends)]),
      startWriter([file, 'b', 'race', String(appends)]),
    ]
    const exits = await Promise.all(writers.map((w) => w.exited))
    for (const e of exits) expect(e, e.stderr).toMatchObject({ code: 0 })
    const store = await createSqliteEventStore({ path: file })
    try {
      const all = await checkIntegrity(store)
      const byId = new Map(all.map((e) => [e.id, e]))
      for (const r of writers.flatMap((w) => w.reported))
        r.ids.forEach((id, i) => {
          expect(byId.get(id)?.position, id).toBe(r.positions[i])
        })
      expect(await store.readStream('shared')).toHaveLength(2 * appends)
      expect(await store.readStream('own-a')).toHaveLength(appends)
      // Both writers sent the same webhook ids: each is stored once and reported as a duplicate once.
      const webhooks = writers.flatMap((w) => w.reported).filter((r) => r.stream.startsWith('bank_slip-'))
      expect(webhooks.filter((r) => !r.duplicates[0])).toHaveLength(appends)
      expect(all.filter((e) => e.streamId.startsWith('bank_slip-'))).toHaveLength(appends)
    } finally {
      await store.close()
    }
  })

  it('a writer killed with SIGKILL loses no reported append and leaves nothing half-written', async () => {
    const file = join(dir, 'crash.db')
    const writer = startWriter([file, 'k', 'crash'])
    await writer.reportedAtLeast(30)
    writer.child.kill('SIGKILL')
    expect((await writer.exited).signal).toBe('SIGKILL')
    const store = await createSqliteEventStore({ path: file })
    try {
      const all = await checkIntegrity(store)
      const byId = new Map(all.map((e) => [e.id, e]))
      for (const r of writer.reported)
        r.ids.forEach((id, i) => {
          expect(byId.get(id)?.position, id).toBe(r.positions[i])
        })
      // Whole batches only: every batch has its three events, or none.
      const batches = new Map<number, number>()
      for (const e of all) {
        const batch = (e.metadata as { batch: number }).batch
        batches.set(batch, (batches.get(batch) ?? 0) + 1)
      }
      expect([...batches.values()].every((n) => n === 3)).toBe(true)
      expect(batches.size).toBeGreaterThanOrEqual(writer.reported.length)
      expect(batches.size).toBeLessThanOrEqual(writer.reported.length + 1)
      expect(await store.getBankSlip('k-slip-0')).toMatchObject({ status: 'registered' })
      expect(await store.streamExists(bankSlipStreamId('k-slip-0'))).toBe(true)
    } finally {
      await store.close()
    }
  })
})
