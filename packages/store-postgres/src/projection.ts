/**
 * The `bank_slips` table: the inline projection's rows, written by the append's transaction (append.ts),
 * read by key or by (status, updated_at) with keyset pagination, and rebuilt from the log in one
 * transaction that holds off appends meanwhile.
 */
import {
  type BankSlipQuery,
  type BankSlipRow,
  type InlineProjection,
  rebuildRow,
  type StoredEvent,
} from '@boleto/core'
import type { Pool } from 'pg'
import { EVENT_COLUMNS, type EventRow, toStoredEvent } from './read.js'
import { qualified } from './schema.js'

/** A `bank_slips` row as `pg` (or `row_to_json`) returns it. */
export interface SlipRow {
  readonly bank_slip_key: string
  readonly stream_id: string
  readonly status: string
  readonly reported_status: string | null
  readonly version: number
  readonly anomaly_count: number
  readonly updated_at: Date | string
  readonly state: unknown
}

const SLIP_COLUMNS =
  'bank_slip_key, stream_id, status, reported_status, version, anomaly_count, updated_at, state'

/** Pure. */
export const toBankSlipRow = (row: SlipRow): BankSlipRow => ({
  bankSlipKey: row.bank_slip_key,
  streamId: row.stream_id,
  status: row.status,
  reportedStatus: row.reported_status,
  version: row.version,
  anomalyCount: row.anomaly_count,
  updatedAt: new Date(row.updated_at).toISOString(),
  state: row.state,
})

export interface ProjectionTable {
  get(bankSlipKey: string): Promise<BankSlipRow | null>
  /** Up to `limit + 1` rows in list order. */
  list(q: BankSlipQuery): Promise<BankSlipRow[]>
  rebuild(): Promise<number>
}

const REBUILD_READ_CHUNK = 5000
const REBUILD_WRITE_CHUNK = 500

export const createProjectionTable = (
  pool: Pool,
  schema: string,
  projection: InlineProjection,
): ProjectionTable => {
  const table = qualified(schema, 'bank_slips')
  const upsertFrom = (source: string) => `
    INSERT INTO ${table} (${SLIP_COLUMNS}) SELECT ${SLIP_COLUMNS} FROM ${source}
    ON CONFLICT (bank_slip_key) DO UPDATE SET
      stream_id = excluded.stream_id, status = excluded.status, reported_status = excluded.reported_status,
      version = excluded.version, anomaly_count = excluded.anomaly_count, updated_at = excluded.updated_at,
      state = excluded.state`

  const listText = (q: BankSlipQuery): { name: string; text: string; values: unknown[] } => {
    const values: unknown[] = []
    const where: string[] = []
    if (q.status !== null) {
      values.push(q.status)
      where.push(`status = $${values.length}`)
    }
    if (q.updatedAfter !== null) {
      values.push(q.updatedAfter)
      where.push(`updated_at > $${values.length}::timestamptz`)
    }
    if (q.after !== null) {
      values.push(q.after.updatedAt, q.after.bankSlipKey)
      where.push(`(updated_at, bank_slip_key) > ($${values.length - 1}::timestamptz, $${values.length})`)
    }
    values.push(q.limit + 1)
    const shape = `${q.status !== null}${q.updatedAfter !== null}${q.after !== null}`
    return {
      name: `${schema}.listBankSlips.${shape}`,
      text: `SELECT ${SLIP_COLUMNS} FROM ${table} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
             ORDER BY updated_at, bank_slip_key LIMIT $${values.length}`,
      values,
    }
  }

  return {
    async get(bankSlipKey) {
      const row = (
        await pool.query<SlipRow>({
          name: `${schema}.getBankSlip`,
          text: `SELECT ${SLIP_COLUMNS} FROM ${table} WHERE bank_slip_key = $1`,
          values: [bankSlipKey],
        })
      ).rows[0]
      return row === undefined ? null : toBankSlipRow(row)
    },

    async list(q) {
      return (await pool.query<SlipRow>(listText(q))).rows.map(toBankSlipRow)
    },

    async rebuild() {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        // Appends write `streams`: SHARE mode waits for those in flight and holds off new ones until COMMIT.
        await client.query(`LOCK TABLE ${qualified(schema, 'streams')} IN SHARE MODE`)
        await client.query(`DELETE FROM ${table}`)
        await client.query(
          `UPDATE ${qualified(schema, 'streams')} SET slip_key = NULL WHERE slip_key IS NOT NULL`,
        )
        let rows = 0
        let pending: BankSlipRow[] = []
        const flush = async (): Promise<void> => {
          if (pending.length === 0) return
          // Typed arrays, not one JSON document: state goes in as untouched json text.
          await client.query(
            upsertFrom(
              'unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::integer[], $7::timestamptz[], $8::json[]) AS r(bank_slip_key, stream_id, status, reported_status, version, anomaly_count, updated_at, state)',
            ),
            [
              pending.map((r) => r.bankSlipKey),
              pending.map((r) => r.streamId),
              pending.map((r) => r.status),
              pending.map((r) => r.reportedStatus),
              pending.map((r) => r.version),
              pending.map((r) => r.anomalyCount),
              pending.map((r) => r.updatedAt),
              pending.map((r) => JSON.stringify(r.state)),
            ],
          )
          await client.query(
            `UPDATE ${qualified(schema, 'streams')} AS s SET slip_key = u.key
               FROM unnest($1::text[], $2::text[]) AS u(stream_id, key) WHERE s.stream_id = u.stream_id`,
            [pending.map((r) => r.streamId), pending.map((r) => r.bankSlipKey)],
          )
          rows += pending.length
          pending = []
        }
        let stream: StoredEvent[] = []
        const finish = async (): Promise<void> => {
          const first = stream[0]
          if (first !== undefined && projection.handles(first.streamId)) {
            const row = rebuildRow(projection, stream)
            if (row !== null) pending.push(row)
            if (pending.length >= REBUILD_WRITE_CHUNK) await flush()
          }
          stream = []
        }
        let after: [string, number] = ['', 0]
        for (;;) {
          const chunk = (
            await client.query<EventRow>(
              `SELECT ${EVENT_COLUMNS} FROM ${qualified(schema, 'events')}
               WHERE (stream_id, stream_version) > ($1, $2) ORDER BY stream_id, stream_version LIMIT $3`,
              [...after, REBUILD_READ_CHUNK],
            )
          ).rows.map(toStoredEvent)
          for (const event of chunk) {
            if (stream[0] !== undefined && stream[0].streamId !== event.streamId) await finish()
            stream.push(event)
          }
          const last = chunk[chunk.length - 1]
          if (last === undefined || chunk.length < REBUILD_READ_CHUNK) break
          after = [last.streamId, last.streamVersion]
        }
        await finish()
        await flush()
        await client.query('COMMIT')
        return rows
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
  }
}
