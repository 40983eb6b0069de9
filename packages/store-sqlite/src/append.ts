/**
 * `appendToStream` as one `BEGIN IMMEDIATE` transaction: duplicates looked up, the expected version enforced
 * by the conditional write of the stream's row (the statement that bumps the version only matches when the
 * expectation holds), events inserted, the projection row folded, all committed or none.
 */
import {
  type AppendedEvent,
  type AppendResult,
  type CheckedAppend,
  expectationHolds,
  type StoredEvent,
  toProjected,
  WrongExpectedVersionError,
} from '@boleto/core'
import type Database from 'better-sqlite3'
import type { ProjectionTable } from './projection.js'
import type { Reads } from './read.js'

interface Original {
  readonly position: number
  readonly stream_version: number
}

export const prepareAppend = (
  db: Database.Database,
  reads: Reads,
  projection: ProjectionTable,
): Database.Transaction<(batch: CheckedAppend) => AppendResult> => {
  const original = db.prepare('SELECT position, stream_version FROM events WHERE id = ?')
  // Each returns the new version (and the stream's projection row key), or no row when the expectation does
  // not hold.
  const bumpAny = db.prepare(
    `INSERT INTO streams (stream_id, version) VALUES (@stream, @count)
     ON CONFLICT (stream_id) DO UPDATE SET version = version + excluded.version RETURNING version, slip_key`,
  )
  const create = db.prepare(
    'INSERT INTO streams (stream_id, version) VALUES (@stream, @count) ON CONFLICT DO NOTHING RETURNING version, slip_key',
  )
  const bumpExact = db.prepare(
    `UPDATE streams SET version = @expected + @count WHERE stream_id = @stream AND version = @expected
     RETURNING version, slip_key`,
  )
  const bumpExisting = db.prepare(
    'UPDATE streams SET version = version + @count WHERE stream_id = @stream RETURNING version, slip_key',
  )
  const insert = db.prepare(
    `INSERT INTO events (stream_id, stream_version, id, type, data, metadata, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )

  const append = db.transaction((batch: CheckedAppend): AppendResult => {
    const { streamId, events, expectedVersion } = batch
    const originals = events.map((e) => original.get(e.id) as Original | undefined)
    const fresh = events.filter((_, i) => originals[i] === undefined)
    const duplicatesOf = (version: number, stored: readonly StoredEvent[]): AppendResult => {
      let next = 0
      return {
        nextExpectedVersion: version,
        events: events.map((e, i): AppendedEvent => {
          const o = originals[i]
          if (o !== undefined)
            return { id: e.id, position: o.position, streamVersion: o.stream_version, duplicate: true }
          const s = stored[next++]!
          return { id: e.id, position: s.position, streamVersion: s.streamVersion, duplicate: false }
        }),
      }
    }
    if (fresh.length === 0) {
      // Only retries of stored events (no version check), or an empty batch (check only).
      const current = reads.streamVersion(streamId)
      if (events.length === 0 && !expectationHolds(expectedVersion, current))
        throw new WrongExpectedVersionError(streamId, expectedVersion, current)
      return duplicatesOf(current, [])
    }
    const params = { stream: streamId, count: fresh.length, expected: 0 }
    const bumped = (
      expectedVersion === 'any'
        ? bumpAny.get(params)
        : expectedVersion === 'no_stream' || expectedVersion === 0
          ? create.get(params)
          : expectedVersion === 'stream_exists'
            ? bumpExisting.get(params)
            : bumpExact.get({ ...params, expected: expectedVersion })
    ) as { version: number; slip_key: string | null } | undefined
    if (bumped === undefined)
      throw new WrongExpectedVersionError(streamId, expectedVersion, reads.streamVersion(streamId))
    const first = bumped.version - fresh.length + 1
    const recordedAt = new Date().toISOString()
    const stored = fresh.map((e, i): StoredEvent => {
      const streamVersion = first + i
      const info = insert.run(streamId, streamVersion, e.id, e.type, e.dataJson, e.metadataJson, recordedAt)
      return toProjected(
        {
          id: e.id,
          type: e.type,
          data: JSON.parse(e.dataJson) as unknown,
          metadata: e.metadata === null ? null : (JSON.parse(e.metadataJson!) as StoredEvent['metadata']),
          streamId,
          streamVersion,
          position: Number(info.lastInsertRowid),
          recordedAt,
        },
        e,
      )
    })
    projection.apply(streamId, bumped.slip_key, stored)
    return duplicatesOf(bumped.version, stored)
  })

  return append
}

/** Settles one queued append after the group's commit. */
interface Queued {
  readonly batch: CheckedAppend
  readonly resolve: (result: AppendResult) => void
  readonly reject: (error: unknown) => void
}

/**
 * Group commit. With `synchronous=FULL` every commit waits for an fsync (milliseconds here) while the event
 * loop is blocked, so one commit per webhook caps intake at the disk's fsync rate. Appends requested in the
 * same turn of the event loop therefore share one `BEGIN IMMEDIATE` transaction and one fsync: each runs in
 * its own savepoint (a failing append rolls back alone and rejects alone), and every promise settles only
 * after the shared COMMIT, so nothing is acknowledged before it is durable.
 */
export const groupCommit = (
  db: Database.Database,
  append: Database.Transaction<(batch: CheckedAppend) => AppendResult>,
): ((batch: CheckedAppend) => Promise<AppendResult>) => {
  let queue: Queued[] = []
  const runAll = db.transaction((items: readonly Queued[]) =>
    items.map((item): { ok: true; value: AppendResult } | { ok: false; error: unknown } => {
      try {
        return { ok: true, value: append(item.batch) }
      } catch (error) {
        return { ok: false, error }
      }
    }),
  )
  const flush = (): void => {
    const items = queue
    queue = []
    let outcomes: ReturnType<typeof runAll>
    try {
      outcomes = runAll.immediate(items)
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the group is stored.
      for (const item of items) item.reject(error)
      return
    }
    outcomes.forEach((outcome, i) => {
      const item = items[i]!
      if (outcome.ok) item.resolve(outcome.value)
      else item.reject(outcome.error)
    })
  }
  return (batch) =>
    new Promise<AppendResult>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush)
      queue.push({ batch, resolve, reject })
    })
}
