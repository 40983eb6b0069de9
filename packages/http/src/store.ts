/**
 * Opening the store named by a `db` string: a `postgres://` (or `postgresql://`) URL → PostgreSQL, anything
 * else → a SQLite file path. Adapters are imported lazily so a SQLite deployment never loads `pg`.
 */
import type { EventStore } from '@boleto/core'

/** Pure. */
export const storeKind = (db: string): 'postgres' | 'sqlite' =>
  /^postgres(ql)?:\/\//i.test(db) ? 'postgres' : 'sqlite'

export interface OpenStoreOptions {
  readonly pgSchema?: string
  /** SQLite only: 'full' (default, fsync per commit) or 'normal' (survives a process crash, not a power loss). */
  readonly sqliteSynchronous?: 'full' | 'normal'
}

export const openStore = async (db: string, options: OpenStoreOptions = {}): Promise<EventStore> => {
  if (storeKind(db) === 'postgres') {
    const { createPostgresEventStore } = await import('@boleto/store-postgres')
    return createPostgresEventStore(
      { connectionString: db },
      options.pgSchema !== undefined ? { schema: options.pgSchema } : {},
    )
  }
  const { createSqliteEventStore } = await import('@boleto/store-sqlite')
  return createSqliteEventStore({
    path: db,
    ...(options.sqliteSynchronous !== undefined ? { synchronous: options.sqliteSynchronous } : {}),
  })
}
