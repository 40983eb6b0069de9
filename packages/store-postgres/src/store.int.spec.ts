import { randomBytes } from 'node:crypto'
import { bankSlipStreamId, createConsumer, projectStream } from '@boleto/core'
import { describeEventStoreContract, seedWebhook, webhookEvent } from '@boleto/core/testing'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from './migrations.js'
import { createPostgresEventStore } from './store.js'

const url = process.env.DATABASE_URL
if (!url) console.warn('DATABASE_URL not set: PostgreSQL contract tests SKIPPED')

describe.skipIf(!url)('postgresql store', () => {
  // Test files run in parallel: this one works in its own schema, dropped at the end.
  const schema = `test_contract_${randomBytes(4).toString('hex')}`
  let pool: pg.Pool
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: url, max: 12 })
    await migrate(pool, schema)
  })
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await pool.end()
  })

  describeEventStoreContract(
    `postgresql (schema ${schema})`,
    async () => {
      await pool.query(
        `TRUNCATE "${schema}".events, "${schema}".streams, "${schema}".bank_slips, "${schema}".checkpoints RESTART IDENTITY`,
      )
      return createPostgresEventStore({ pool }, { schema })
    },
    { timeout: 60_000 },
  )

  describe('postgresql specifics', () => {
    it('a store that owns its pool opens and warms every connection, storing nothing', async () => {
      const own = `test_warm_${randomBytes(4).toString('hex')}`
      const store = await createPostgresEventStore(
        { connectionString: url!, maxConnections: 3 },
        { schema: own },
      )
      try {
        expect(store.pool.totalCount).toBe(3)
        expect(await store.readAll()).toEqual([])
        expect((await store.listBankSlips()).items).toEqual([])
        const appended = await store.appendToStream('s', [{ id: 'e1', type: 't', data: {} }], {
          expectedVersion: 'no_stream',
        })
        expect(appended.nextExpectedVersion).toBe(1)
      } finally {
        await store.pool.query(`DROP SCHEMA IF EXISTS "${own}" CASCADE`)
        await store.close()
      }
    })

    const slipEvent = (key: string, i: number) =>
      webhookEvent(
        seedWebhook(i === 0 ? 'registration (confirmed)' : 'interest', {
          bankSlipKey: key,
          occurrenceKey: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          webhookDatetime: new Date(Date.UTC(2024, 7, 14, 0, 0, i)).toISOString(),
        }),
      )

    it('keeps the projection right when writers race on one boleto and beliefs go stale', async () => {
      // Two stores on one database stand for two processes, each with its own beliefs of the streams.
      const stores = [
        await createPostgresEventStore({ pool }, { schema }),
        await createPostgresEventStore({ pool }, { schema }),
      ]
      const key = 'race-on-one-boleto'
      const stream = bankSlipStreamId(key)
      try {
        await stores[0]!.appendToStream(stream, [slipEvent(key, 0)], { expectedVersion: 'no_stream' })
        // Eight concurrent writers on one stream: predictions miss, retries and the locked fallback settle it.
        await Promise.all(
          Array.from({ length: 8 }, (_, w) =>
            (async () => {
              for (let i = 0; i < 4; i++)
                await stores[w % 2]!.appendToStream(stream, [slipEvent(key, 1 + w * 4 + i)], {
                  expectedVersion: 'any',
                })
            })(),
          ),
        )
        // Alternating stores: each one's belief is stale every time.
        for (let i = 0; i < 6; i++) await stores[i % 2]!.appendToStream(stream, [slipEvent(key, 100 + i)])
        // A rebuild elsewhere rewrites the row under the other store's belief.
        await stores[0]!.rebuildProjection()
        await stores[1]!.appendToStream(stream, [slipEvent(key, 200)], { expectedVersion: 39 })
        const events = await stores[0]!.readStream(stream)
        expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1))
        expect(events).toHaveLength(40)
        const row = await stores[1]!.getBankSlip(key)
        expect(row).toMatchObject({ version: 40, status: 'registered' })
        expect(row).toEqual(JSON.parse(JSON.stringify(projectStream(events))))
      } finally {
        for (const store of stores) await store.close()
      }
    })

    it('readAll holds back a committed event while an older append is open, so no consumer skips', async () => {
      const store = await createPostgresEventStore({ pool }, { schema })
      const first = await store.appendToStream('horizon', [{ id: 'horizon-0', type: 't', data: 0 }])
      const after = first.events[0]!.position
      const slow = await pool.connect()
      try {
        // A writer that took its position and has not committed yet (a slow append, a long GC pause...).
        await slow.query('BEGIN')
        const open = await slow.query(
          `SELECT "${schema}".append_events('horizon-slow', 'any', $1, $2, $3, $4, now(), 'plain',
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL) AS outcome`,
          [['slow-1'], ['t'], ['1'], [null]],
        )
        const slowPosition = Number(open.rows[0].outcome.positions[0])
        const fast = await store.appendToStream('horizon-fast', [{ id: 'fast-1', type: 't', data: 2 }])
        expect(fast.events[0]!.position).toBeGreaterThan(slowPosition)
        expect(await store.getEvent('fast-1')).not.toBeNull()
        // A reader by position alone would hand fast-1 over and checkpoint past slow-1 for ever.
        const naive = await pool.query(
          `SELECT id FROM "${schema}".events WHERE position > $1 ORDER BY position`,
          [after],
        )
        expect(naive.rows.map((r: { id: string }) => r.id)).toEqual(['fast-1'])
        expect(await store.readAll({ after })).toEqual([])
        const seen: string[] = []
        await store.storeCheckpoint('horizon', after, null)
        const consumer = createConsumer({
          store,
          name: 'horizon',
          handle: async (events) => void seen.push(...events.map((e) => e.id)),
        })
        expect((await consumer.runOnce()).handled).toBe(0)
        await slow.query('COMMIT')
        for (let tries = 0; seen.length < 2 && tries < 500; tries++) {
          await consumer.runOnce()
          if (seen.length < 2) await new Promise((r) => setTimeout(r, 10))
        }
        expect(seen).toEqual(['slow-1', 'fast-1'])
      } finally {
        await slow.query('ROLLBACK').catch(() => undefined)
        slow.release()
        await store.close()
      }
    })

    it('applies migrations once and records them; running them again does nothing', async () => {
      expect(await migrate(pool, schema)).toEqual([])
      const store = await createPostgresEventStore({ pool }, { schema })
      expect(store.migrationsApplied).toEqual([])
      expect((await pool.query(`SELECT version, name FROM "${schema}".schema_migrations`)).rows).toEqual([
        { version: 1, name: 'events, streams, bank_slips, checkpoints, append_events' },
      ])
      await store.close()
    })

    it('migrates from two connections at once', async () => {
      const other = `${schema}_twice`
      try {
        const results = await Promise.all([migrate(pool, other), migrate(pool, other)])
        expect(results.map((r) => r.length).sort()).toEqual([0, 1])
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS "${other}" CASCADE`)
      }
    })

    it('owns and closes a pool made from a connection string', async () => {
      const store = await createPostgresEventStore({ connectionString: url! }, { schema })
      await store.appendToStream('own-pool', [{ id: 'own-pool-1', type: 't', data: 1 }])
      await store.close()
      expect(store.pool.ending).toBe(true)
    })
  })
})
