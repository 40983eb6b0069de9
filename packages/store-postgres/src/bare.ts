/**
 * For the benchmark only: a bare INSERT of event rows into a table of the same shape as `events` (same
 * columns, keys and defaults, `transaction_id` included), through the same driver, with none of the store's
 * logic. One call is one statement in its own transaction: one round trip.
 */
import pg from 'pg'
import { checkSchemaName, DEFAULT_SCHEMA, qualified } from './schema.js'
import type { PostgresConnection } from './store.js'

export interface BareEventRow {
  readonly streamId: string
  readonly streamVersion: number
  readonly id: string
  readonly type: string
  readonly dataJson: string
  readonly metadataJson: string | null
}

export interface BareInsert {
  insert(rows: readonly BareEventRow[]): Promise<void>
  close(): Promise<void>
}

export const createPostgresBareInsert = async (
  connection: PostgresConnection,
  options: { readonly schema?: string } = {},
): Promise<BareInsert> => {
  const schema = checkSchemaName(options.schema ?? DEFAULT_SCHEMA)
  const ownsPool = !('pool' in connection)
  const pool =
    'pool' in connection ? connection.pool : new pg.Pool({ connectionString: connection.connectionString })
  const table = qualified(schema, 'bare_events')
  await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
  await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (
    position       bigserial   PRIMARY KEY,
    transaction_id xid8        NOT NULL DEFAULT pg_current_xact_id(),
    stream_id      text        COLLATE "C" NOT NULL,
    stream_version integer     NOT NULL,
    id             text        COLLATE "C" NOT NULL UNIQUE,
    type           text        NOT NULL,
    data           json        NOT NULL,
    metadata       json,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (stream_id, stream_version)
  )`)
  const columns = 'stream_id, stream_version, id, type, data, metadata'
  return {
    async insert(rows) {
      const values = rows.flatMap((r) => [
        r.streamId,
        r.streamVersion,
        r.id,
        r.type,
        r.dataJson,
        r.metadataJson,
      ])
      const tuples = rows.map(
        (_, i) =>
          `($${i * 6 + 1}, $${i * 6 + 2}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}, $${i * 6 + 6})`,
      )
      await pool.query({
        name: `${schema}.bare.${rows.length}`,
        text: `INSERT INTO ${table} (${columns}) VALUES ${tuples.join(', ')}`,
        values,
      })
    },
    async close() {
      if (ownsPool) await pool.end()
    },
  }
}
