/**
 * Reads of the log. SQLite has one writer at a time and a position is assigned inside the write
 * transaction, so positions are committed in increasing order: a `readAll` reader can never see position n+1
 * before n has committed, and never skips an event that commits later.
 */
import type { JsonObject, StoredEvent } from '@boleto/core'
import type Database from 'better-sqlite3'

export interface EventRow {
  readonly position: number
  readonly stream_id: string
  readonly stream_version: number
  readonly id: string
  readonly type: string
  readonly data: string
  readonly metadata: string | null
  readonly recorded_at: string
}

export const EVENT_COLUMNS = 'position, stream_id, stream_version, id, type, data, metadata, recorded_at'

/** Pure. */
export const toStoredEvent = (row: EventRow): StoredEvent => ({
  id: row.id,
  type: row.type,
  data: JSON.parse(row.data) as unknown,
  metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as JsonObject),
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  position: row.position,
  recordedAt: row.recorded_at,
})

export interface Reads {
  readStream(streamId: string, from: number, limit: number | null): StoredEvent[]
  readAll(after: number, limit: number | null): StoredEvent[]
  getEvent(id: string): StoredEvent | null
  streamVersion(streamId: string): number
}

export const prepareReads = (db: Database.Database): Reads => {
  const byStream = db.prepare(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?`,
  )
  const all = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
  const byId = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`)
  const version = db.prepare('SELECT version FROM streams WHERE stream_id = ?').pluck()
  return {
    // LIMIT -1: no limit.
    readStream: (streamId, from, limit) =>
      (byStream.all(streamId, from, limit ?? -1) as EventRow[]).map(toStoredEvent),
    readAll: (after, limit) => (all.all(after, limit ?? -1) as EventRow[]).map(toStoredEvent),
    getEvent: (id) => {
      const row = byId.get(id) as EventRow | undefined
      return row === undefined ? null : toStoredEvent(row)
    },
    streamVersion: (streamId) => (version.get(streamId) as number | undefined) ?? 0,
  }
}
