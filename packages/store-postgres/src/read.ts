/**
 * Reads of the log.
 *
 * `readAll` and concurrent writers: positions come from a sequence, so a transaction can take position 10,
 * another take 11 and commit first; a reader that returned 11 and checkpointed it would skip 10 forever. The
 * fix uses transaction ids (`xid8`): every event row stores its writer's `pg_current_xact_id()`, and
 * `readAll` only returns rows whose transaction is older than every transaction still running
 * (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`). Rows below that horizon are final: no
 * transaction that could still add one is running. `append_events` takes the transaction id and its
 * positions together under a short session lock, so transaction-id order is position order; hence every
 * event that becomes visible later has a higher transaction id than all rows returned so far, and so a
 * higher position than the checkpoint. Consumers see positions in commit-safe order and never skip.
 * Cost: an event becomes readable once every older transaction in the cluster has ended (normally
 * milliseconds; a long-running writing transaction elsewhere delays consumers, it never loses events).
 */
import type { JsonObject, StoredEvent } from '@boleto/core'
import type { Pool } from 'pg'
import { qualified } from './schema.js'

export interface EventRow {
  readonly position: string
  readonly stream_id: string
  readonly stream_version: number
  readonly id: string
  readonly type: string
  readonly data: unknown
  readonly metadata: JsonObject | null
  readonly recorded_at: Date
}

export const EVENT_COLUMNS = 'position, stream_id, stream_version, id, type, data, metadata, recorded_at'

/** Pure. */
export const toStoredEvent = (row: EventRow): StoredEvent => ({
  id: row.id,
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  position: Number(row.position),
  recordedAt: row.recorded_at.toISOString(),
})

export interface Reads {
  readStream(streamId: string, from: number, limit: number | null): Promise<StoredEvent[]>
  readAll(after: number, limit: number | null): Promise<StoredEvent[]>
  getEvent(id: string): Promise<StoredEvent | null>
  streamVersion(streamId: string): Promise<number>
}

export const createReads = (pool: Pool, schema: string): Reads => {
  const events = qualified(schema, 'events')
  const byStream = `SELECT ${EVENT_COLUMNS} FROM ${events}
    WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version LIMIT $3`
  const all = `SELECT ${EVENT_COLUMNS} FROM ${events}
    WHERE position > $1 AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY position LIMIT $2`
  const byId = `SELECT ${EVENT_COLUMNS} FROM ${events} WHERE id = $1`
  const version = `SELECT version FROM ${qualified(schema, 'streams')} WHERE stream_id = $1`
  return {
    // LIMIT NULL: no limit.
    readStream: async (streamId, from, limit) =>
      (
        await pool.query<EventRow>({
          name: `${schema}.readStream`,
          text: byStream,
          values: [streamId, from, limit],
        })
      ).rows.map(toStoredEvent),
    readAll: async (after, limit) =>
      (await pool.query<EventRow>({ name: `${schema}.readAll`, text: all, values: [after, limit] })).rows.map(
        toStoredEvent,
      ),
    getEvent: async (id) => {
      const row = (await pool.query<EventRow>({ name: `${schema}.getEvent`, text: byId, values: [id] }))
        .rows[0]
      return row === undefined ? null : toStoredEvent(row)
    },
    streamVersion: async (streamId) =>
      (
        await pool.query<{ version: number }>({
          name: `${schema}.streamVersion`,
          text: version,
          values: [streamId],
        })
      ).rows[0]?.version ?? 0,
  }
}
