import { randomBytes } from 'node:crypto'
import {
  bankSlipStreamId,
  createConsumer,
  type InlineProjection,
  projectStream,
  WrongExpectedVersionError,
} from '@boleto/core'
import { describeEventStoreContract, seedWebhook, webhookEvent } from '@boleto/core/testing'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { binaryArray } from './append.js'
import { MIGRATIONS, migrate } from './migrations.js'
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

    describe('group commit', () => {
      const event = (id: string) => ({ id, type: 't', data: { id } })
      const settledFlags = (promises: Promise<unknown>[]) => {
        const flags = promises.map(() => false)
        promises.forEach((p, i) => {
          const done = () => {
            flags[i] = true
          }
          p.then(done, done)
        })
        return flags
      }
      const stored = async (id: string): Promise<number> =>
        Number(
          (await pool.query(`SELECT count(*) FROM "${schema}".events WHERE id = $1`, [id])).rows[0].count,
        )

      it('commits appends of one turn in one transaction, each promise settling only after the COMMIT', async () => {
        const store = await createPostgresEventStore({ pool }, { schema })
        const locker = await pool.connect()
        try {
          const first = await store.appendToStream('gc-locked', [event('gc-locked-0')])
          const after = first.events[0]!.position
          // Another session holds the stream's row: the group that writes it waits for that session.
          await locker.query('BEGIN')
          await locker.query(`SELECT 1 FROM "${schema}".streams WHERE stream_id = 'gc-locked' FOR UPDATE`)
          const group = [
            store.appendToStream('gc-locked', [event('gc-locked-1')]),
            store.appendToStream('gc-free', [event('gc-free-1')]),
          ]
          const flags = settledFlags(group)
          await new Promise((r) => setTimeout(r, 100))
          // gc-free's append is done inside the group but not committed: no answer, nothing visible.
          expect(flags).toEqual([false, false])
          expect(await stored('gc-free-1')).toBe(0)
          // A later append is not held back by the stalled group: it goes out in a group of its own.
          const later = await store.appendToStream('gc-later', [event('gc-later-1')])
          expect(later.events[0]!.duplicate).toBe(false)
          expect(flags).toEqual([false, false])
          // The stalled group took its positions first: readAll holds the later event back until it commits.
          expect(await store.readAll({ after })).toEqual([])
          await locker.query('COMMIT')
          const [locked, free] = await Promise.all(group)
          expect(await stored('gc-free-1')).toBe(1)
          expect(await stored('gc-locked-1')).toBe(1)
          const xids = await pool.query(
            `SELECT DISTINCT transaction_id::text FROM "${schema}".events WHERE id IN ('gc-locked-1', 'gc-free-1')`,
          )
          expect(xids.rows).toHaveLength(1)
          expect(locked!.nextExpectedVersion).toBe(2)
          expect(free!.nextExpectedVersion).toBe(1)
          const ids = async () => (await store.readAll({ after })).map((e) => e.id)
          for (let tries = 0; (await ids()).length < 3 && tries < 100; tries++)
            await new Promise((r) => setTimeout(r, 10))
          expect(await ids()).toEqual(['gc-free-1', 'gc-locked-1', 'gc-later-1'])
        } finally {
          await locker.query('ROLLBACK').catch(() => undefined)
          locker.release()
          await store.close()
        }
      })

      it('rejects a failing append of a group alone; the others commit', async () => {
        // A projection that fails in JavaScript for one stream, and in the database for another (an
        // anomaly count out of integer range aborts the whole call: the group is sent again one by one).
        const projection: InlineProjection = {
          handles: (id) => id.startsWith('gcp-'),
          evolve: (previous, events) => {
            const streamId = events[0]!.streamId
            if (streamId === 'gcp-throws') throw new Error('projection failed')
            return {
              bankSlipKey: streamId,
              streamId,
              status: 'ok',
              reportedStatus: null,
              version: (previous?.version ?? 0) + events.length,
              anomalyCount: streamId === 'gcp-too-big' ? 3_000_000_000 : 0,
              updatedAt: events[0]!.recordedAt,
              state: { ids: events.map((e) => e.id) },
            }
          },
        }
        const store = await createPostgresEventStore({ pool }, { schema, projection })
        try {
          await store.appendToStream('gcp-wrong', [event('gcp-wrong-0')])
          const results = await Promise.allSettled([
            store.appendToStream('gcp-a', [event('gcp-a-1')]),
            store.appendToStream('gcp-too-big', [event('gcp-too-big-1')]),
            store.appendToStream('gcp-wrong', [event('gcp-wrong-1')], { expectedVersion: 5 }),
            store.appendToStream('gcp-throws', [event('gcp-throws-1')]),
            store.appendToStream('plain-b', [event('plain-b-1')], { expectedVersion: 'no_stream' }),
          ])
          expect(results.map((r) => r.status)).toEqual([
            'fulfilled',
            'rejected',
            'rejected',
            'rejected',
            'fulfilled',
          ])
          const reasons = results.map((r) => (r.status === 'rejected' ? r.reason : null))
          expect(reasons[1]).toMatchObject({ code: '22003' })
          expect(reasons[2]).toBeInstanceOf(WrongExpectedVersionError)
          expect(reasons[2]).toMatchObject({ expected: 5, actual: 1 })
          expect((reasons[3] as Error).message).toBe('projection failed')
          for (const [id, n] of [
            ['gcp-a-1', 1],
            ['gcp-too-big-1', 0],
            ['gcp-wrong-1', 0],
            ['gcp-throws-1', 0],
            ['plain-b-1', 1],
          ] as const)
            expect(await stored(id), id).toBe(n)
          expect(await store.getBankSlip('gcp-a')).toMatchObject({ version: 1, state: { ids: ['gcp-a-1'] } })
          expect(await store.getBankSlip('gcp-too-big')).toBeNull()
        } finally {
          await store.close()
        }
      })

      it('applies appends to one stream made in one turn in the order they were made', async () => {
        const store = await createPostgresEventStore({ pool }, { schema })
        const key = 'gc-one-stream'
        const stream = bankSlipStreamId(key)
        try {
          // Each expectation holds only if the one before it was applied first.
          const results = await Promise.all(
            Array.from({ length: 10 }, (_, i) =>
              store.appendToStream(stream, [slipEvent(key, i)], {
                expectedVersion: i === 0 ? 'no_stream' : i,
              }),
            ),
          )
          expect(results.map((r) => r.nextExpectedVersion)).toEqual(results.map((_, i) => i + 1))
          const events = await store.readStream(stream)
          expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1))
          expect(await store.getBankSlip(key)).toEqual(JSON.parse(JSON.stringify(projectStream(events))))
          // A redelivery of the whole lot in one turn: duplicates at their original positions.
          const again = await Promise.all(
            Array.from({ length: 10 }, (_, i) => store.appendToStream(stream, [slipEvent(key, i)])),
          )
          expect(again.map((r) => r.events[0]!.duplicate)).toEqual(again.map(() => true))
          expect(again.map((r) => r.events[0]!.position)).toEqual(results.map((r) => r.events[0]!.position))
        } finally {
          await store.close()
        }
      })

      it('stores hundreds of appends made in one turn, in groups of bounded size', async () => {
        const store = await createPostgresEventStore({ pool }, { schema })
        try {
          const results = await Promise.all(
            Array.from({ length: 250 }, (_, i) =>
              store.appendToStream(bankSlipStreamId(`gc-many-${i}`), [slipEvent(`gc-many-${i}`, 0)]),
            ),
          )
          expect(new Set(results.map((r) => r.events[0]!.position)).size).toBe(250)
          const groups = await pool.query(
            `SELECT count(*)::int AS n FROM "${schema}".events WHERE stream_id LIKE 'bank_slip-gc-many-%'
             GROUP BY transaction_id`,
          )
          expect(groups.rows.length).toBeGreaterThanOrEqual(3)
          expect(groups.rows.every((r: { n: number }) => r.n <= 100)).toBe(true)
        } finally {
          await store.close()
        }
      })

      it('settles appends already requested when the store closes', async () => {
        const store = await createPostgresEventStore({ pool }, { schema })
        const pending = store.appendToStream('gc-at-close', [event('gc-at-close-1')])
        await store.close()
        expect((await pending).events[0]!.duplicate).toBe(false)
        expect(await stored('gc-at-close-1')).toBe(1)
        await expect(store.appendToStream('gc-at-close', [event('gc-at-close-2')])).rejects.toMatchObject({
          code: 'CLOSED',
        })
      })
    })

    it('sends text and json arrays in the binary format, byte for byte', async () => {
      const texts = ['plain', '', 'quotes " and \\ backslash', 'ünïcödé 😀', '{"a":"\\u0000"}', null, ' x ']
      expect((await pool.query('SELECT $1::text[] AS a', [binaryArray(25, texts)])).rows[0].a).toEqual(texts)
      const documents = ['{"a":"\\u0000","b":"é"}', '[1, 2.50]', '"\\"quoted\\""', null]
      const back = await pool.query(
        'SELECT array_agg(j::text ORDER BY o) AS a FROM unnest($1::json[]) WITH ORDINALITY AS u(j, o)',
        [binaryArray(114, documents)],
      )
      expect(back.rows[0].a).toEqual(documents)
      expect((await pool.query('SELECT cardinality($1::text[]) AS n', [binaryArray(25, [])])).rows[0].n).toBe(
        0,
      )
      await expect(pool.query('SELECT $1::json[]', [binaryArray(114, ['{"not json'])])).rejects.toThrow()
    })

    it('applies migrations once and records them; running them again does nothing', async () => {
      expect(await migrate(pool, schema)).toEqual([])
      const store = await createPostgresEventStore({ pool }, { schema })
      expect(store.migrationsApplied).toEqual([])
      expect(
        (await pool.query(`SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`)).rows,
      ).toEqual([
        { version: 1, name: 'events, streams, bank_slips, checkpoints, append_events' },
        { version: 2, name: 'append_group' },
      ])
      await store.close()
    })

    it('migrates from two connections at once', async () => {
      const other = `${schema}_twice`
      try {
        const results = await Promise.all([migrate(pool, other), migrate(pool, other)])
        expect(results.map((r) => r.length).sort()).toEqual([0, MIGRATIONS.length])
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
