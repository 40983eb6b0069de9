/**
 * `appendToStream` by group commit: appends requested while others are on their way to the database are
 * sent together, as ONE call of `append_group` (migrations.ts) in its own transaction: one round trip, one
 * commit, one WAL flush for the group. Each append gets its own outcome (a broken expectation or a missed
 * prediction rejects or retries that append alone) and every promise settles only when the call has
 * returned, that is after the shared COMMIT. A lone append waits one turn of the event loop.
 *
 * Boleto streams: the projection is pure JavaScript, so each row is computed here *before* the call, from
 * what this process believes the stream's state is (its cache of the last row it wrote or saw, or "no
 * stream yet", the first webhook of a boleto), and sent along (mode 'predicted'). The function checks the
 * belief (stream version, the row's `xmin`, which ids are duplicates) and writes events and row together,
 * or answers `retry` with the actual state and writes nothing; the row is then recomputed and the append
 * goes into the next group. After a few misses (many writers on one stream) the append falls back to mode
 * 'locked': `BEGIN; SELECT append_events(...)` returns the previous row with the stream locked, the row is
 * computed, and `INSERT ...; COMMIT` writes it: two round trips on a connection of its own, never a retry.
 *
 * Groups never hold two appends of one stream, nor an append whose stream or event ids are in a group still
 * in flight: appends to one stream reach the database one after the other, in the order they were made, so
 * each one's prediction starts from its predecessor's outcome.
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
  toProjected,
  WrongExpectedVersionError,
} from '@boleto/core'
import { DatabaseError, escapeLiteral, type Pool, type PoolClient } from 'pg'
import { type SlipRow, toBankSlipRow } from './projection.js'
import { qualified } from './schema.js'

/** What `append_events` returns, and `append_group` for each append. */
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
/**
 * One group in flight at a time: the next one gathers meanwhile, so groups grow with the load (measured on
 * 2 cores: one in flight beat two or four, whose smaller groups cost the database and the event loop more
 * per append). Another group goes out only when the last one sent has been out for STALL_MS (waiting on a
 * row lock of another process, a slow flush), so one slow group never holds back the whole intake (20 ms
 * gave a lower p99 of verified intake at half load than 8 or 3 ms: 39-40 against 41-47 and 43-47 ms).
 */
const MAX_GROUPS_IN_FLIGHT = 4
const STALL_MS = 20
/** Bounds on one group, so one call stays a few milliseconds long. */
const GROUP_APPENDS = 100
const GROUP_EVENTS = 1000

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
    .map((e, i) =>
      toProjected<ProjectedEvent>(
        {
          id: e.id,
          type: e.type,
          data: JSON.parse(e.dataJson) as unknown,
          metadata: e.metadata === null ? null : (JSON.parse(e.metadataJson!) as ProjectedEvent['metadata']),
          streamId: batch.streamId,
          streamVersion: version + i + 1,
          recordedAt,
        },
        e,
      ),
    )
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

/** Type oids of the array elements sent in binary. */
const TEXT_OID = 25
const JSON_OID = 114

/**
 * Pure. A one-dimensional `text[]` or `json[]` in PostgreSQL's binary array format (what `array_recv`
 * reads; pg sends a Buffer parameter in binary). The JSON documents of a group go over as they are: the
 * text format of an array would escape every quote and backslash of them here (measured: a quarter of
 * the intake's garbage) and unescape them there.
 */
export const binaryArray = (elementOid: number, values: readonly (string | null)[]): Buffer => {
  let size = values.length === 0 ? 12 : 20
  for (const v of values) size += 4 + (v === null ? 0 : Buffer.byteLength(v))
  const out = Buffer.allocUnsafe(size)
  out.writeInt32BE(values.length === 0 ? 0 : 1, 0)
  out.writeInt32BE(values.includes(null) ? 1 : 0, 4)
  out.writeInt32BE(elementOid, 8)
  if (values.length === 0) return out
  out.writeInt32BE(values.length, 12)
  out.writeInt32BE(1, 16)
  let at = 20
  for (const v of values) {
    if (v === null) {
      out.writeInt32BE(-1, at)
      at += 4
      continue
    }
    const n = out.write(v, at + 4)
    out.writeInt32BE(n, at)
    at += 4 + n
  }
  return out
}

const literal = (value: string | number | null): string =>
  value === null ? 'NULL' : typeof value === 'number' ? String(value) : escapeLiteral(value)

/** Pure. An array literal for the simple query protocol. */
const arrayLiteral = (values: readonly (string | null)[], type: string): string =>
  `ARRAY[${values.map(literal).join(',')}]::${type}[]`

/** One append waiting for, or travelling in, a group. */
interface Queued {
  readonly batch: CheckedAppend
  /** Whether the inline projection follows its stream (mode 'predicted'). */
  readonly projected: boolean
  readonly resolve: (result: AppendResult) => void
  readonly reject: (error: unknown) => void
  /** What the database answered to a missed prediction (null: use the cache). */
  belief: Belief | null
  predictedAttempts: number
  raceAttempts: number
  /** Sent in a group of its own: its group failed as a whole, so each append goes again alone. */
  alone: boolean
  /** Handed to the locked fallback: its stream stays busy until that settles. */
  locked: boolean
}

/** An append as sent in a group: mode 'predicted' with its belief and row, or 'plain' (row null). */
interface Call {
  readonly batch: CheckedAppend
  readonly recordedAt: string
  readonly belief: Belief | null
  readonly row: BankSlipRow | null
}

interface Sent extends Call {
  readonly item: Queued
}

export interface Appender {
  append: (batch: CheckedAppend) => Promise<AppendResult>
  /**
   * Runs one append in a transaction that is rolled back, so this session has compiled and planned
   * `append_group` before the first webhook needs it. Nothing is stored (a sequence value may be used:
   * positions may have gaps). Best effort: a failure only means the first real call pays the cost.
   */
  warm: (client: PoolClient) => Promise<void>
  /** Forget what this process believes of streams (after a rebuild of the projection). */
  forget: () => void
  /** Resolves once every append requested so far has settled. */
  drain: () => Promise<void>
}

export const createAppend = (
  pool: Pool,
  schema: string,
  projection: InlineProjection,
  /** Streams whose last known state this process keeps (least recently used dropped). */
  cacheSize: number,
): Appender => {
  const fn = qualified(schema, 'append_events')
  const table = qualified(schema, 'bank_slips')
  const streams = qualified(schema, 'streams')
  const groupCall = `SELECT ${qualified(schema, 'append_group')}(${Array.from({ length: 20 }, (_, i) => `$${i + 1}`).join(', ')}) AS outcomes`
  const cache = new Map<string, Belief>()
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

  /** The 20 arguments of `append_group` for these appends. */
  const groupValues = (sent: readonly Call[]): unknown[] => {
    const ids: string[] = []
    const types: string[] = []
    const data: string[] = []
    const metadata: (string | null)[] = []
    const known: string[] = []
    for (const { batch, belief, row } of sent) {
      for (const e of batch.events) {
        ids.push(e.id)
        types.push(e.type)
        data.push(e.dataJson)
        metadata.push(e.metadataJson)
      }
      if (row !== null) known.push(...belief!.duplicates)
    }
    const rows = sent.map((s) => s.row)
    return [
      binaryArray(
        TEXT_OID,
        sent.map((s) => s.batch.streamId),
      ),
      binaryArray(
        TEXT_OID,
        sent.map((s) => String(s.batch.expectedVersion)),
      ),
      sent.map((s) => s.batch.events.length),
      sent.map((s) => s.recordedAt),
      binaryArray(
        TEXT_OID,
        sent.map((s) => (s.row === null ? 'plain' : 'predicted')),
      ),
      binaryArray(TEXT_OID, ids),
      binaryArray(TEXT_OID, types),
      binaryArray(JSON_OID, data),
      binaryArray(JSON_OID, metadata),
      sent.map((s) => (s.row === null ? null : s.belief!.version)),
      sent.map((s) => (s.row === null ? null : s.belief!.rowXmin)),
      sent.map((s) => (s.row === null ? 0 : s.belief!.duplicates.length)),
      binaryArray(TEXT_OID, known),
      binaryArray(
        TEXT_OID,
        rows.map((r) => r?.bankSlipKey ?? null),
      ),
      binaryArray(
        TEXT_OID,
        rows.map((r) => r?.status ?? null),
      ),
      binaryArray(
        TEXT_OID,
        rows.map((r) => r?.reportedStatus ?? null),
      ),
      rows.map((r) => r?.version ?? null),
      rows.map((r) => r?.anomalyCount ?? null),
      rows.map((r) => r?.updatedAt ?? null),
      binaryArray(
        JSON_OID,
        rows.map((r) => (r === null ? null : JSON.stringify(r.state))),
      ),
    ]
  }

  const warm = async (client: PoolClient): Promise<void> => {
    try {
      await client.query('BEGIN')
      // A new boleto stream in mode 'predicted': the statements the webhook path runs.
      const now = new Date().toISOString()
      const row: BankSlipRow = {
        bankSlipKey: '\u0001warm-up',
        streamId: '\u0001warm-up',
        status: 'warm-up',
        reportedStatus: null,
        version: 1,
        anomalyCount: 0,
        updatedAt: now,
        state: {},
      }
      const batch: CheckedAppend = {
        streamId: '\u0001warm-up',
        expectedVersion: 'any',
        events: [
          { id: '\u0001warm-up', type: 'warm-up', dataJson: '{}', metadata: null, metadataJson: null },
        ],
      }
      await client.query({
        name: `${schema}.group`,
        text: groupCall,
        values: groupValues([{ batch, recordedAt: now, belief: NEW_STREAM, row }]),
      })
    } catch {
      // best effort (see above)
    } finally {
      await client.query('ROLLBACK').catch(() => undefined)
    }
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
      // If even the ROLLBACK fails the connection is in an unknown state: it is dropped (below).
      if (open) await client.query('ROLLBACK').catch(() => undefined)
    }
  }

  // ------------------------------------------------------------------------------------------ the groups

  let queue: Queued[] = []
  let groupsInFlight = 0
  /** When the last group was sent (performance.now()). */
  let lastSent = 0
  let scheduled = false
  let stallTimer: NodeJS.Timeout | undefined
  /** Streams and event ids of the groups (and locked appends) in flight. */
  const busyStreams = new Set<string>()
  const busyIds = new Set<string>()
  const idle: (() => void)[] = []

  const settledAll = (): boolean => queue.length === 0 && groupsInFlight === 0 && busyStreams.size === 0

  /** How long until another group may go out (0: now). */
  const wait = (): number =>
    groupsInFlight === 0
      ? 0
      : groupsInFlight >= MAX_GROUPS_IN_FLIGHT
        ? Number.POSITIVE_INFINITY
        : Math.max(0, lastSent + STALL_MS - performance.now())

  const schedule = (): void => {
    if (scheduled || queue.length === 0) return
    const ms = wait()
    if (ms === 0) {
      scheduled = true
      // The next turn: every append requested in this one joins the group.
      setImmediate(flush)
    } else if (ms !== Number.POSITIVE_INFINITY && stallTimer === undefined) {
      stallTimer = setTimeout(() => {
        stallTimer = undefined
        schedule()
      }, ms)
      // The group in flight keeps the process alive; this timer need not.
      stallTimer.unref()
    }
  }

  const occupy = (item: Queued): void => {
    busyStreams.add(item.batch.streamId)
    for (const e of item.batch.events) busyIds.add(e.id)
  }
  const free = (item: Queued): void => {
    busyStreams.delete(item.batch.streamId)
    for (const e of item.batch.events) busyIds.delete(e.id)
  }
  const isBusy = (item: Queued): boolean =>
    busyStreams.has(item.batch.streamId) || item.batch.events.some((e) => busyIds.has(e.id))

  /** Takes the next group off the queue, in order, skipping appends that must wait for one in flight. */
  const take = (): Queued[] => {
    const group: Queued[] = []
    const rest: Queued[] = []
    let events = 0
    for (const item of queue) {
      const full =
        group.length >= GROUP_APPENDS ||
        (group.length > 0 &&
          (item.alone || group[0]!.alone || events + item.batch.events.length > GROUP_EVENTS))
      if (full || isBusy(item)) {
        rest.push(item)
        continue
      }
      occupy(item)
      group.push(item)
      events += item.batch.events.length
    }
    queue = rest
    return group
  }

  /** Puts appends back at the head of the queue (they came before everything queued since). */
  const requeue = (items: readonly Queued[]): void => {
    queue = [...items, ...queue]
  }

  const flush = (): void => {
    scheduled = false
    while (queue.length > 0 && wait() === 0) {
      const group = take()
      if (group.length === 0) break
      groupsInFlight++
      lastSent = performance.now()
      void runGroup(group)
        // Never leave a caller waiting (settling twice is a no-op for the appends runGroup did settle).
        .catch((error: unknown) => {
          for (const item of group) item.reject(error)
        })
        .finally(() => {
          groupsInFlight--
          for (const item of group) if (!item.locked) free(item)
          settled()
        })
    }
    // Appends left over wait for a group to come back, or for the stall delay.
    schedule()
  }

  const settled = (): void => {
    schedule()
    if (settledAll()) for (const resolve of idle.splice(0)) resolve()
  }

  const runLocked = (item: Queued): void => {
    item.locked = true
    void (async () => {
      try {
        const client = await pool.connect()
        let failed: unknown
        try {
          item.resolve(await appendLocked(client, item.batch, new Date().toISOString()))
        } catch (error) {
          failed = error
          item.reject(error)
        } finally {
          client.release(isConnectionSuspect(failed) ? (failed as Error) : undefined)
        }
      } catch (error) {
        item.reject(error)
      } finally {
        free(item)
        settled()
      }
    })()
  }

  /** Whether a failure leaves the connection in doubt (any failed call may have left the positions lock held). */
  const isConnectionSuspect = (error: unknown): boolean =>
    error !== undefined &&
    !(error instanceof EventStoreError) &&
    !(typeof error === 'object' && error !== null && projectionFailed.has(error))

  const runGroup = async (group: readonly Queued[]): Promise<void> => {
    // One clock per group (each append's projection updatedAt is its events' recordedAt).
    const recordedAt = new Date().toISOString()
    const sent: Sent[] = []
    // In stream order, so that groups of several processes lock streams in one order (no deadlocks).
    for (const item of [...group].sort((a, b) => (a.batch.streamId < b.batch.streamId ? -1 : 1))) {
      const { batch } = item
      if (!item.projected) {
        sent.push({ item, batch, recordedAt, belief: null, row: null })
        continue
      }
      const belief = item.belief ?? cache.get(batch.streamId) ?? NEW_STREAM
      try {
        const fresh = projectedEvents(batch, belief.duplicates, belief.version, recordedAt)
        // Nothing new (a redelivery): nothing to project.
        sent.push({
          item,
          batch,
          recordedAt,
          belief,
          row: fresh.length === 0 ? null : evolve(belief.row, fresh),
        })
      } catch (error) {
        // The projection threw: this append fails alone, before anything is sent.
        item.reject(error)
      }
    }
    if (sent.length === 0) return
    let client: PoolClient
    try {
      client = await pool.connect()
    } catch (error) {
      for (const s of sent) s.item.reject(error)
      return
    }
    let outcomes: AppendOutcome[]
    try {
      outcomes = (
        await client.query<{ outcomes: AppendOutcome[] }>({
          name: `${schema}.group`,
          text: groupCall,
          values: groupValues(sent),
        })
      ).rows[0]!.outcomes
      client.release()
    } catch (error) {
      // A failed call may have left the session holding the positions lock: the connection is dropped,
      // which releases it.
      client.release(error as Error)
      // The server rolled the whole group back: each append goes again on its own, so the one at fault
      // fails alone. Anything else (connection lost, cancelled) may or may not have committed: all fail,
      // as a single append would (the caller answers 503 and QI's re-send is deduplicated by its id).
      if (!(error instanceof DatabaseError)) {
        for (const s of sent) s.item.reject(error)
        return
      }
      if (sent.length > 1) {
        for (const s of sent) s.item.alone = true
        requeue(sent.map((s) => s.item))
        return
      }
      const item = sent[0]!.item
      if (isDuplicateIdRace(error) && ++item.raceAttempts < RACE_ATTEMPTS) requeue([item])
      else item.reject(error)
      return
    }
    // Settled after the COMMIT: the call returned, so its implicit transaction has committed.
    const again: Queued[] = []
    outcomes.forEach((outcome, i) => {
      const { item, belief, row } = sent[i]!
      if (outcome.wrong_expected_version !== undefined) {
        item.reject(wrongVersion(item.batch, outcome.wrong_expected_version))
        return
      }
      if (outcome.retry === true) {
        item.belief = beliefOf(outcome)
        if (++item.predictedAttempts < PREDICTED_ATTEMPTS) again.push(item)
        else runLocked(item)
        return
      }
      if (row !== null && belief !== null && outcome.positions !== undefined)
        remember(item.batch.streamId, {
          version: outcome.version,
          row,
          rowXmin: outcome.row_xmin ?? null,
          duplicates: [],
        })
      item.resolve(toResult(item.batch, outcome))
    })
    requeue(again)
  }

  const append = (batch: CheckedAppend): Promise<AppendResult> =>
    new Promise<AppendResult>((resolve, reject) => {
      queue.push({
        batch,
        projected: batch.events.length > 0 && projection.handles(batch.streamId),
        resolve,
        reject,
        belief: null,
        predictedAttempts: 0,
        raceAttempts: 0,
        alone: false,
        locked: false,
      })
      schedule()
    })

  const drain = (): Promise<void> =>
    settledAll() ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))

  return { append, warm, forget: () => cache.clear(), drain }
}
