/**
 * Versioned schema migrations, applied on start. Each runs in one `BEGIN IMMEDIATE` transaction with the
 * `schema_migrations` bookkeeping, so a second process starting at the same time waits for the lock and
 * then finds the work done; running them twice is a no-op.
 */
import type Database from 'better-sqlite3'

export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, streams, bank_slips, checkpoints',
    sql: `
      -- AUTOINCREMENT: a position is never reused, even after the newest event is deleted.
      CREATE TABLE events (
        position       INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id      TEXT    NOT NULL,
        stream_version INTEGER NOT NULL,
        id             TEXT    NOT NULL UNIQUE,
        type           TEXT    NOT NULL,
        data           TEXT    NOT NULL, -- JSON text
        metadata       TEXT,             -- JSON text
        recorded_at    TEXT    NOT NULL, -- ISO-8601 UTC
        UNIQUE (stream_id, stream_version)
      );
      CREATE TABLE streams (
        stream_id TEXT    PRIMARY KEY,
        version   INTEGER NOT NULL CHECK (version > 0),
        -- The key of the stream's projection row: looked up through here, so bank_slips needs no
        -- stream index (one b-tree less to write per append).
        slip_key  TEXT
      ) WITHOUT ROWID;
      CREATE TABLE bank_slips (
        bank_slip_key   TEXT    PRIMARY KEY,
        stream_id       TEXT    NOT NULL,
        status          TEXT    NOT NULL,
        reported_status TEXT,
        version         INTEGER NOT NULL,
        anomaly_count   INTEGER NOT NULL,
        updated_at      TEXT    NOT NULL, -- normalised ISO-8601, so text order is time order
        state           TEXT    NOT NULL  -- JSON text
      );
      CREATE INDEX bank_slips_by_update ON bank_slips (updated_at, bank_slip_key);
      CREATE INDEX bank_slips_by_status ON bank_slips (status, updated_at, bank_slip_key);
      CREATE TABLE checkpoints (
        consumer   TEXT    PRIMARY KEY,
        position   INTEGER NOT NULL,
        updated_at TEXT    NOT NULL
      ) WITHOUT ROWID;
    `,
  },
]

/** Applies what is missing; returns the versions applied by this call. */
export const migrate = (db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] => {
  const run = db.transaction((): number[] => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`)
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
        (r) => r.version,
      ),
    )
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
    const done: number[] = []
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue
      db.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
      done.push(m.version)
    }
    return done
  })
  return run.immediate()
}
