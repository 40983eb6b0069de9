/**
 * Opening a database file the way every connection of this package does (the store's and the benchmark's
 * bare inserts alike), so their durability settings are the same.
 */
import Database from 'better-sqlite3'

export type SqliteSynchronous = 'full' | 'normal'

export interface SqliteConnectionOptions {
  /** A file path, or ':memory:' (one connection's private database). */
  readonly path: string
  /**
   * 'full' (default): every commit fsyncs the WAL, so an acknowledged append survives a power loss.
   * 'normal': the WAL is fsynced only at checkpoints; an append survives a crash of the process but the last
   * commits before a power loss or OS crash may be lost (the file stays consistent).
   */
  readonly synchronous?: SqliteSynchronous
  /** How long a writer waits for another process's write lock before SQLITE_BUSY (default 5000 ms). */
  readonly busyTimeoutMs?: number
}

export const openDatabase = (options: SqliteConnectionOptions): Database.Database => {
  const db = new Database(options.path)
  try {
    // The busy timeout first: switching to WAL needs a lock another process may hold.
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`)
    if (options.path !== ':memory:' && options.path !== '') db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
