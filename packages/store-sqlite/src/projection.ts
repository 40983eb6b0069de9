/**
 * The `bank_slips` table: the inline projection's rows, written by the append transaction, read by key or
 * by (status, updated_at) with keyset pagination, and rebuilt from the log in one transaction.
 */
import {
  type BankSlipQuery,
  type BankSlipRow,
  type InlineProjection,
  normalizeRow,
  rebuildRow,
  type StoredEvent,
} from '@boleto/core'
import type Database from 'better-sqlite3'
import { EVENT_COLUMNS, type EventRow, toStoredEvent } from './read.js'

interface SlipRow {
  readonly bank_slip_key: string
  readonly stream_id: string
  readonly status: string
  readonly reported_status: string | null
  readonly version: number
  readonly anomaly_count: number
  readonly updated_at: string
  readonly state: string
}

const SLIP_COLUMNS =
  'bank_slip_key, stream_id, status, reported_status, version, anomaly_count, updated_at, state'

/** Pure. */
const toBankSlipRow = (row: SlipRow): BankSlipRow => ({
  bankSlipKey: row.bank_slip_key,
  streamId: row.stream_id,
  status: row.status,
  reportedStatus: row.reported_status,
  version: row.version,
  anomalyCount: row.anomaly_count,
  updatedAt: row.updated_at,
  state: JSON.parse(row.state) as unknown,
})

export interface ProjectionTable {
  /** Inside the append transaction: fold the new events into the stream's row (`slipKey`: its key now). */
  apply(streamId: string, slipKey: string | null, events: readonly StoredEvent[]): void
  get(bankSlipKey: string): BankSlipRow | null
  /** Up to `limit + 1` rows in list order. */
  list(q: BankSlipQuery): BankSlipRow[]
  rebuild(): number
}

export const prepareProjection = (db: Database.Database, projection: InlineProjection): ProjectionTable => {
  const byKey = db.prepare(`SELECT ${SLIP_COLUMNS} FROM bank_slips WHERE bank_slip_key = ?`)
  const deleteByKey = db.prepare('DELETE FROM bank_slips WHERE bank_slip_key = ?')
  const setSlipKey = db.prepare('UPDATE streams SET slip_key = ? WHERE stream_id = ?')
  const upsert = db.prepare(`
    INSERT INTO bank_slips (${SLIP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (bank_slip_key) DO UPDATE SET
      stream_id = excluded.stream_id, status = excluded.status, reported_status = excluded.reported_status,
      version = excluded.version, anomaly_count = excluded.anomaly_count, updated_at = excluded.updated_at,
      state = excluded.state`)
  const write = (streamId: string, slipKey: string | null, row: BankSlipRow): void => {
    if (slipKey !== row.bankSlipKey) {
      // A new row, or a projection that moved the stream's row to another key.
      if (slipKey !== null) deleteByKey.run(slipKey)
      setSlipKey.run(row.bankSlipKey, streamId)
    }
    upsert.run(
      row.bankSlipKey,
      row.streamId,
      row.status,
      row.reportedStatus,
      row.version,
      row.anomalyCount,
      row.updatedAt,
      JSON.stringify(row.state),
    )
  }

  // One statement per combination of filters, so each can use its index.
  const lists = new Map<string, Database.Statement>()
  const listStatement = (q: BankSlipQuery): Database.Statement => {
    const shape = `${q.status !== null}${q.updatedAfter !== null}${q.after !== null}`
    let statement = lists.get(shape)
    if (statement === undefined) {
      const where = [
        ...(q.status !== null ? ['status = @status'] : []),
        ...(q.updatedAfter !== null ? ['updated_at > @updatedAfter'] : []),
        ...(q.after !== null ? ['(updated_at, bank_slip_key) > (@afterUpdatedAt, @afterKey)'] : []),
      ]
      statement = db.prepare(
        `SELECT ${SLIP_COLUMNS} FROM bank_slips ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY updated_at, bank_slip_key LIMIT @limit`,
      )
      lists.set(shape, statement)
    }
    return statement
  }

  const streams = db.prepare('SELECT stream_id FROM streams ORDER BY stream_id').pluck()
  const streamEvents = db.prepare(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? ORDER BY stream_version`,
  )
  const clear = db.prepare('DELETE FROM bank_slips')
  const forgetKeys = db.prepare('UPDATE streams SET slip_key = NULL WHERE slip_key IS NOT NULL')
  const rebuild = db.transaction((): number => {
    clear.run()
    forgetKeys.run()
    let rows = 0
    for (const streamId of streams.all() as string[]) {
      if (!projection.handles(streamId)) continue
      const row = rebuildRow(projection, (streamEvents.all(streamId) as EventRow[]).map(toStoredEvent))
      if (row === null) continue
      write(streamId, null, row)
      rows++
    }
    return rows
  })

  return {
    apply(streamId, slipKey, events) {
      if (events.length === 0 || !projection.handles(streamId)) return
      const previous = slipKey === null ? undefined : (byKey.get(slipKey) as SlipRow | undefined)
      const row = projection.evolve(previous === undefined ? null : toBankSlipRow(previous), events)
      write(streamId, slipKey, normalizeRow(row))
    },
    get(bankSlipKey) {
      const row = byKey.get(bankSlipKey) as SlipRow | undefined
      return row === undefined ? null : toBankSlipRow(row)
    },
    list(q) {
      const params: Record<string, unknown> = { limit: q.limit + 1 }
      if (q.status !== null) params.status = q.status
      if (q.updatedAfter !== null) params.updatedAfter = q.updatedAfter
      if (q.after !== null) {
        params.afterUpdatedAt = q.after.updatedAt
        params.afterKey = q.after.bankSlipKey
      }
      return (listStatement(q).all(params) as SlipRow[]).map(toBankSlipRow)
    },
    rebuild: () => rebuild.immediate(),
  }
}
