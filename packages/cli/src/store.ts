/**
 * Opening the store a `--db` names: a `postgres://` or `postgresql://` URL → PostgreSQL, anything else → a
 * SQLite file. The adapters are imported only when needed, so `boleto replay` never loads a database driver.
 */
import type { EventStore } from '@boleto/core'
import { CliError } from './exit-codes.js'

// The factories as the adapters export them (typed here so the CLI does not load both at start-up).
interface SqliteModule {
  createSqliteEventStore(options: {
    readonly path: string
    readonly synchronous?: 'full' | 'normal'
  }): Promise<EventStore>
}
interface PostgresModule {
  createPostgresEventStore(config: { readonly connectionString: string }): Promise<EventStore>
}

/** Pure. */
export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db)

/** Pure. The --db value without a password, for messages. */
export const describeDb = (db: string): string => {
  if (!isPostgresUrl(db)) return db
  try {
    const url = new URL(db)
    if (url.password !== '') url.password = '***'
    return url.toString()
  } catch {
    return 'postgres://…'
  }
}

export interface OpenStoreOptions {
  /**
   * A bulk load that can simply be run again (`boleto import` is idempotent): SQLite commits without an
   * fsync each (WAL, synchronous=NORMAL: still consistent after a crash, the last commits may be lost to a
   * power cut), 2-3 times faster.
   */
  readonly rerunnable?: boolean
}

/** Opens the store; a failure is a CliError (exit 2) naming the database. */
export const openStore = async (db: string, options: OpenStoreOptions = {}): Promise<EventStore> => {
  try {
    if (isPostgresUrl(db)) {
      const { createPostgresEventStore } = (await import(
        '@boleto/store-postgres'
      )) as unknown as PostgresModule
      return await createPostgresEventStore({ connectionString: db })
    }
    const { createSqliteEventStore } = (await import('@boleto/store-sqlite')) as unknown as SqliteModule
    return await createSqliteEventStore({
      path: db,
      ...(options.rerunnable === true ? { synchronous: 'normal' } : {}),
    })
  } catch (error) {
    throw new CliError(`cannot open the store ${describeDb(db)}: ${(error as Error).message}`)
  }
}
