/**
 * The PostgreSQL event store. Many processes may share one database (and one schema): appends are
 * serialised per stream by the stream's row lock, duplicate ids by the unique index, and `readAll` is safe
 * under concurrent commits (read.ts).
 */
import {
  bankSlipProjection,
  checkAppend,
  checkCheckpoint,
  checkName,
  checkReadAll,
  checkReadStream,
  type EventStore,
  EventStoreError,
  type InlineProjection,
  toBankSlipPage,
  toBankSlipQuery,
} from '@boleto/core'
import pg from 'pg'
import { createAppend } from './append.js'
import { createCheckpoints } from './checkpoints.js'
import { migrate } from './migrations.js'
import { createProjectionTable } from './projection.js'
import { createReads } from './read.js'
import { checkSchemaName, DEFAULT_SCHEMA } from './schema.js'

/** Either a connection string (the store owns and closes its pool) or a pool you own. */
export type PostgresConnection =
  | { readonly connectionString: string; readonly maxConnections?: number }
  | { readonly pool: pg.Pool }

export interface PostgresEventStoreOptions {
  /** Schema of the store's tables, created if missing (default 'boleto'). Tests use one each. */
  readonly schema?: string
  /** Default: core's `bankSlipProjection`. */
  readonly projection?: InlineProjection
  /**
   * How many boleto streams this process remembers the last state of (default 1000, a few MB), so that
   * an append to one of them computes its projection row and writes it in one round trip. An append to a
   * stream it does not remember (or that another process changed) takes one more, read-only, round trip.
   */
  readonly beliefCacheSize?: number
}

export interface PostgresEventStore extends EventStore {
  readonly pool: pg.Pool
  readonly schema: string
  /** Schema versions applied when this store opened (empty when already up to date). */
  readonly migrationsApplied: readonly number[]
}

/**
 * Checks out `size` clients at once (so the pool opens that many sessions), warms each, returns them. Best
 * effort: a server that cannot grant them all now leaves the rest to open lazily, as without warming.
 */
const warmPool = async (
  pool: pg.Pool,
  size: number,
  warm: (client: pg.PoolClient) => Promise<void>,
): Promise<void> => {
  const checkouts = await Promise.allSettled(Array.from({ length: size }, () => pool.connect()))
  const clients = checkouts.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []))
  await Promise.all(clients.map(warm))
  for (const client of clients) client.release()
}

export const createPostgresEventStore = async (
  connection: PostgresConnection,
  options: PostgresEventStoreOptions = {},
): Promise<PostgresEventStore> => {
  const schema = checkSchemaName(options.schema ?? DEFAULT_SCHEMA)
  const ownsPool = !('pool' in connection)
  const pool =
    'pool' in connection
      ? connection.pool
      : new pg.Pool({
          connectionString: connection.connectionString,
          max: connection.maxConnections ?? 10,
          // A receiver's pool stays open: reconnecting after a quiet spell costs the next webhooks tens of ms.
          idleTimeoutMillis: 0,
        })
  // An idle client's connection dropping must not crash the process; the next checkout reconnects.
  if (ownsPool) pool.on('error', () => undefined)
  let migrationsApplied: number[]
  try {
    migrationsApplied = await migrate(pool, schema)
  } catch (error) {
    if (ownsPool) await pool.end()
    throw error
  }
  const projection = options.projection ?? (bankSlipProjection as InlineProjection)
  const projectionTable = createProjectionTable(pool, schema, projection)
  const reads = createReads(pool, schema)
  const { append, forget, warm, drain } = createAppend(
    pool,
    schema,
    projection,
    options.beliefCacheSize ?? 1000,
  )
  // Open and warm every connection of our own pool now, not under the first webhooks: a new session costs
  // tens of milliseconds (measured: the first ~40 appends after start took 50-250 ms, the rest 1-3 ms).
  if (ownsPool) await warmPool(pool, connection.maxConnections ?? 10, warm)
  const checkpoints = createCheckpoints(pool, schema)
  let closed = false

  const open = (): void => {
    if (closed) throw new EventStoreError('CLOSED', 'the event store is closed')
  }

  return {
    pool,
    schema,
    migrationsApplied,
    async appendToStream(streamId, events, appendOptions) {
      open()
      return append(checkAppend(streamId, events, appendOptions))
    },
    async readStream(streamId, readOptions) {
      open()
      const q = checkReadStream(streamId, readOptions)
      return reads.readStream(q.streamId, q.from, q.limit)
    },
    async readAll(readOptions) {
      open()
      const q = checkReadAll(readOptions)
      return reads.readAll(q.after, q.limit)
    },
    async streamExists(streamId) {
      open()
      return (await reads.streamVersion(checkName(streamId, 'streamId'))) > 0
    },
    async getEvent(id) {
      open()
      return reads.getEvent(checkName(id, 'id'))
    },
    async getBankSlip(bankSlipKey) {
      open()
      return projectionTable.get(checkName(bankSlipKey, 'bankSlipKey'))
    },
    async listBankSlips(listOptions) {
      open()
      const q = toBankSlipQuery(listOptions)
      return toBankSlipPage(await projectionTable.list(q), q.limit)
    },
    async rebuildProjection() {
      open()
      // Rows change under this process's beliefs of them (their xmin does too, so a stale belief would
      // only cost a retry; forgetting saves it).
      forget()
      return projectionTable.rebuild()
    },
    async readCheckpoint(consumer) {
      open()
      return checkpoints.read(checkName(consumer, 'consumer'))
    },
    async storeCheckpoint(consumer, position, expected) {
      open()
      checkCheckpoint(consumer, position, expected)
      return checkpoints.store(consumer, position, expected)
    },
    async close() {
      if (closed) return
      closed = true
      // Appends already requested still commit (or fail) and settle before the pool goes.
      await drain()
      if (ownsPool) await pool.end()
    },
  }
}
