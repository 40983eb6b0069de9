/**
 * `appendToStream` in one round trip: one call of `append_events` (migrations.ts) in its own transaction.
 *
 * Streams no projection follows: mode 'plain'. Boleto streams: the projection is pure JavaScript, so the
 * row is computed here *before* the call, from what this process believes the stream's state is (its cache
 * of the last row it wrote or saw, or "no stream yet", the first webhook of a boleto), and sent along
 * (mode 'predicted'). The function checks the belief (stream version, the row's `xmin`, which ids are
 * duplicates) and writes events and row together, or answers `retry` with the actual state and writes
 * nothing; the row is then recomputed and sent again. After a few misses (many writers on one stream) the
 * append falls back to mode 'locked': `BEGIN; SELECT append_events(...)` returns the previous row with the
 * stream locked, the row is computed, and `INSERT ...; COMMIT` writes it: two round trips, never a retry.
 */
import {
  type AppendedEvent,
  type AppendResult,
  type BankSlipRow,
  type CheckedAppend,
  EventStoreError,
  type InlineProjection,
  normalizeRow,
  type ProjectedEvent,
  WrongExpectedVersionError,
} from '@boleto/core'
import { escapeLiteral, type Pool, type PoolClient } from 'pg'
import { type SlipRow, toBankSlipRow } from './projection.js'
import { qualified } from './schema.js'

/** What `append_events` returns. */
interface AppendOutcome {
  readonly wrong_expected_version?: number
  readonly retry?: true
  readonly version: number
  readonly duplicates: readonly (readonly [string, number, number])[]
  readonly positions?: readonly number[]
  readonly row_xmin?: string | null
  readonly row?: { readonly row: SlipRow; readonly xmin: string } | null
}

/** What this process last knew of a boleto stream. */
interface Belief {
  readonly version: number
  readonly row: BankSlipRow | null
  /** `xmin` of the row in the database (changes on every write of it), null when there is none. */
  readonly rowXmin: string | null
  readonly duplicates: readonly string[]
}

const NEW_STREAM: Belief = { version: 0, row: null, rowXmin: null, duplicates: [] }
/** Predicted attempts before the locked fallback. */
const PREDICTED_ATTEMPTS = 3
/** Two writers inserting one new id at once: the loser hits the unique index and starts over. */
const RACE_ATTEMPTS = 3

const isDuplicateIdRace = (error: unknown): boolean =>
  (error as { code?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === 'events_id_key'

/** Pure. The events a projection sees (no positions: they are assigned by the call). */
const projectedEvents = (
  batch: CheckedAppend,
  duplicates: readonly string[],
  version: number,
  recordedAt: string,
): ProjectedEvent[] => {
  const skip = new Set(duplicates)
  return batch.events
    .filter((e) => !skip.has(e.id))
    .map((e, i) => ({
      id: e.id,
      type: e.type,
      data: JSON.parse(e.dataJson) as unknown,
      metadata: e.metadata === null ? null : (JSON.parse(e.metadataJson!) as ProjectedEvent['metadata']),
      streamId: batch.streamId,
      streamVersion: version + i + 1,
      recordedAt,
    }))
}

/** Pure. */
const toResult = (batch: CheckedAppend, outcome: AppendOutcome): AppendResult => {
  const originals = new Map(outcome.duplicates.map(([id, position, version]) => [id, { position, version }]))
  let next = 0
  const first = outcome.version - batch.events.length + originals.size + 1
  return {
    nextExpectedVersion: outcome.version,
    events: batch.events.map((e): AppendedEvent => {
      const o = originals.get(e.id)
      if (o !== undefined)
        return { id: e.id, position: Number(o.position), streamVersion: o.version, duplicate: true }
      const i = next++
      return { id: e.id, position: Number(outcome.positions![i]), streamVersion: first + i, duplicate: false }
    }),
  }
}

/** Pure. A belief from what the database answered. */
const beliefOf = (outcome: AppendOutcome): Belief => ({
  version: outcome.version,
  row: outcome.row == null ? null : toBankSlipRow(outcome.row.row),
  rowXmin: outcome.row?.xmin ?? null,
  duplicates: outcome.duplicates.map(([id]) => id),
})

const literal = (value: string | number | null): string =>
  value === null ? 'NULL' : typeof value === 'number' ? String(value) : escapeLiteral(value)

/** Pure. An array literal for the simple query protocol. */
const arrayLiteral = (values: readonly (string | null)[], type: string): string =>
  `ARRAY[${values.map(literal).join(',')}]::${type}[]`

export const createAppend = (
  pool: Pool,
  schema: string,
  projection: InlineProjection,
  /** Streams whose last known state this process keeps (least recently used dropped). */
  cacheSize: number,
): {
  append: (batch: CheckedAppend) => Promise<AppendResult>
  /**
   * Runs one append in a transaction that is rolled back, so this session has compiled and planned
   * `append_events` before the first webhook needs it. Nothing is stored (a sequence value may be used:
   * positions may have gaps). Best effort: a failure only means the first real call pays the cost.
   */
  warm: (client: PoolClient) => Promise<void>
  /** Forget what this process believes of streams (after a rebuild of the projection). */
  forget: () => void
} => {
  const fn = qualified(schema, 'append_events')
  const table = qualified(schema, 'bank_slips')
  const streams = qualified(schema, 'streams')
  const call = `SELECT ${fn}(${Array.from({ length: 18 }, (_, i) => `$${i + 1}`).join(', ')}) AS outcome`
  const cache = new Map<string, Belief>()
  const unusable = new WeakSet<PoolClient>()
  /** Errors thrown by the projection itself (no call failed: the connection is fine). */
  const projectionFailed = new WeakSet<object>()
  const evolve = (previous: BankSlipRow | null, events: readonly ProjectedEvent[]): BankSlipRow => {
    try {
      return normalizeRow(projection.evolve(previous, events))
    } catch (error) {
      if (typeof error === 'object' && error !== null) projectionFailed.add(error)
      throw error
    }
  }
  const remember = (streamId: string, belief: Belief): void => {
    cache.delete(streamId)
    if (cacheSize <= 0) return
    cache.set(streamId, belief)
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!)
  }

  const wrongVersion = (batch: CheckedAppend, actual: number): WrongExpectedVersionError =>
    new WrongExpectedVersionError(batch.streamId, batch.expectedVersion, actual)

  const columns = (batch: CheckedAppend): [string[], string[], string[], (string | null)[]] => [
    batch.events.map((e) => e.id),
    batch.events.map((e) => e.type),
    batch.events.map((e) => e.dataJson),
    batch.events.map((e) => e.metadataJson),
  ]

  const warm = async (client: PoolClient): Promise<void> => {
    try {
      await client.query('BEGIN')
      await client.query(call, [
        '\u0001warm-up',
        'any',
        ['\u0001warm-up'],
        ['warm-up'],
        ['{}'],
        [null],
        new Date().toISOString(),
        'plain',
        ...Array.from({ length: 10 }, () => null),
      ])
    } catch {
      // best effort (see above)
    } finally {
      await client.query('ROLLBACK').catch(() => undefined)
    }
  }

  /** One call, one transaction, one round trip. */
  const callOnce = async (
    client: PoolClient,
    batch: CheckedAppend,
    recordedAt: string,
    predicted: { belief: Belief; row: BankSlipRow } | null,
  ): Promise<AppendOutcome> => {
    const { belief, row } = predicted ?? { belief: null, row: null }
    const values = [
      batch.streamId,
      String(batch.expectedVersion),
      ...columns(batch),
      recordedAt,
      predicted === null ? 'plain' : 'predicted',
      belief?.version ?? null,
      belief?.rowXmin ?? null,
      belief?.duplicates ?? null,
      row?.bankSlipKey ?? null,
      row?.status ?? null,
      row?.reportedStatus ?? null,
      row?.version ?? null,
      row?.anomalyCount ?? null,
      row?.updatedAt ?? null,
      row === null ? null : JSON.stringify(row.state),
    ]
    return (await client.query<{ outcome: AppendOutcome }>({ name: `${schema}.append`, text: call, values }))
      .rows[0]!.outcome
  }

  /** Two round trips in one transaction, the stream locked in between: always settles. */
  const appendLocked = async (
    client: PoolClient,
    batch: CheckedAppend,
    recordedAt: string,
  ): Promise<AppendResult> => {
    const [ids, types, data, metadata] = columns(batch)
    const args = [
      literal(batch.streamId),
      literal(String(batch.expectedVersion)),
      arrayLiteral(ids, 'text'),
      arrayLiteral(types, 'text'),
      arrayLiteral(data, 'json'),
      arrayLiteral(metadata, 'json'),
      `${literal(recordedAt)}::timestamptz`,
      `'locked'`,
      ...Array.from({ length: 10 }, () => 'NULL'),
    ]
    let open = true
    try {
      const results = (await client.query(
        `BEGIN; SELECT ${fn}(${args.join(', ')}) AS outcome`,
      )) as unknown as {
        rows: { outcome: AppendOutcome }[]
      }[]
      const outcome = results[1]!.rows[0]!.outcome
      if (outcome.wrong_expected_version !== undefined)
        throw wrongVersion(batch, outcome.wrong_expected_version)
      if (outcome.positions === undefined) {
        await client.query('COMMIT')
        open = false
        return toResult(batch, outcome)
      }
      const previous = beliefOf(outcome)
      const fresh = projectedEvents(
        batch,
        previous.duplicates,
        outcome.version - outcome.positions.length,
        recordedAt,
      )
      const row = evolve(previous.row, fresh)
      const write = await client.query(
        `DELETE FROM ${table} WHERE bank_slip_key <> ${literal(row.bankSlipKey)}
           AND bank_slip_key = (SELECT slip_key FROM ${streams} WHERE stream_id = ${literal(batch.streamId)});
         INSERT INTO ${table} AS b
           (bank_slip_key, stream_id, status, reported_status, version, anomaly_count, updated_at, state)
         VALUES (${[row.bankSlipKey, row.streamId, row.status, row.reportedStatus, row.version, row.anomalyCount].map(literal).join(', ')},
                 ${literal(row.updatedAt)}::timestamptz, ${literal(JSON.stringify(row.state))}::json)
         ON CONFLICT (bank_slip_key) DO UPDATE SET
           stream_id = excluded.stream_id, status = excluded.status, reported_status = excluded.reported_status,
           version = excluded.version, anomaly_count = excluded.anomaly_count, updated_at = excluded.updated_at,
           state = excluded.state
         RETURNING b.xmin::text AS xmin;
         UPDATE ${streams} SET slip_key = ${literal(row.bankSlipKey)} WHERE stream_id = ${literal(batch.streamId)};
         COMMIT`,
      )
      open = false
      const xmin = (write as unknown as { rows: { xmin: string }[] }[])[1]!.rows[0]!.xmin
      remember(batch.streamId, { version: outcome.version, row, rowXmin: xmin, duplicates: [] })
      return toResult(batch, outcome)
    } finally {
      // If even the ROLLBACK fails the connection is in an unknown state: pg-pool drops it on release(error).
      if (open) await client.query('ROLLBACK').catch(() => unusable.add(client))
    }
  }

  const appendProjected = async (
    client: PoolClient,
    batch: CheckedAppend,
    recordedAt: string,
  ): Promise<AppendResult> => {
    let belief = cache.get(batch.streamId) ?? NEW_STREAM
    for (let attempt = 0; attempt < PREDICTED_ATTEMPTS; attempt++) {
      const fresh = projectedEvents(batch, belief.duplicates, belief.version, recordedAt)
      // Nothing new (a redelivery): nothing to project.
      const row = fresh.length === 0 ? null : evolve(belief.row, fresh)
      const outcome = await callOnce(client, batch, recordedAt, row === null ? null : { belief, row })
      if (outcome.wrong_expected_version !== undefined)
        throw wrongVersion(batch, outcome.wrong_expected_version)
      if (outcome.retry === true) {
        belief = beliefOf(outcome)
        continue
      }
      if (row !== null && outcome.positions !== undefined)
        remember(batch.streamId, {
          version: outcome.version,
          row,
          rowXmin: outcome.row_xmin ?? null,
          duplicates: [],
        })
      return toResult(batch, outcome)
    }
    return appendLocked(client, batch, recordedAt)
  }

  const append = async (batch: CheckedAppend): Promise<AppendResult> => {
    // One clock for the whole append (the projection's updatedAt is the events' recordedAt).
    const recordedAt = new Date().toISOString()
    const projected = batch.events.length > 0 && projection.handles(batch.streamId)
    const client = await pool.connect()
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          if (projected) return await appendProjected(client, batch, recordedAt)
          const outcome = await callOnce(client, batch, recordedAt, null)
          if (outcome.wrong_expected_version !== undefined)
            throw wrongVersion(batch, outcome.wrong_expected_version)
          return toResult(batch, outcome)
        } catch (error) {
          if (isDuplicateIdRace(error)) {
            if (attempt < RACE_ATTEMPTS) continue
          } else if (!(error instanceof EventStoreError) && !projectionFailed.has(error as object)) {
            // A call that failed for any other reason (cancelled, timed out, connection lost) may have left
            // the session holding the positions lock: the connection is dropped, which releases it.
            unusable.add(client)
          }
          throw error
        }
      }
    } finally {
      client.release(unusable.has(client) ? new Error('ROLLBACK failed') : undefined)
    }
  }

  return { append, warm, forget: () => cache.clear() }
}
