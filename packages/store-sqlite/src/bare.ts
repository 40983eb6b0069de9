/**
 * For the benchmark only: a bare INSERT of event rows into a table of the same shape as `events`, through
 * the same driver and pragmas, with none of the store's logic (no duplicate check, no expected version, no
 * projection). One call is one transaction.
 */
import { openDatabase, type SqliteConnectionOptions } from './connection.js'

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

export const createSqliteBareInsert = async (options: SqliteConnectionOptions): Promise<BareInsert> => {
  const db = openDatabase(options)
  db.exec(`CREATE TABLE IF NOT EXISTS bare_events (
    position       INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id      TEXT    NOT NULL,
    stream_version INTEGER NOT NULL,
    id             TEXT    NOT NULL UNIQUE,
    type           TEXT    NOT NULL,
    data           TEXT    NOT NULL,
    metadata       TEXT,
    recorded_at    TEXT    NOT NULL,
    UNIQUE (stream_id, stream_version)
  )`)
  const statement = db.prepare(
    `INSERT INTO bare_events (stream_id, stream_version, id, type, data, metadata, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
  const insert = db.transaction((rows: readonly BareEventRow[]) => {
    const recordedAt = new Date().toISOString()
    for (const r of rows)
      statement.run(r.streamId, r.streamVersion, r.id, r.type, r.dataJson, r.metadataJson, recordedAt)
  })
  return {
    async insert(rows) {
      insert(rows)
    },
    async close() {
      if (db.open) db.close()
    },
  }
}
