/**
 * Keyset pagination of `listBankSlips`, shared by every store. Rows are ordered by (updatedAt, bankSlipKey);
 * a page's cursor is its last row's pair, base64url-encoded so callers treat it as opaque. Unlike an offset,
 * a keyset never repeats or skips a row that did not change between two pages.
 */
import { type BankSlipRow, EventStoreError, type ListBankSlipsOptions, type Page } from './port.js'

export interface BankSlipCursor {
  /** Normalised ISO-8601 (`Date#toISOString`), so strings compare like instants. */
  readonly updatedAt: string
  readonly bankSlipKey: string
}

/** `listBankSlips` options once checked: what every store's query needs. */
export interface BankSlipQuery {
  readonly status: string | null
  /** Normalised ISO-8601, exclusive. */
  readonly updatedAfter: string | null
  /** Rows strictly after this (updatedAt, bankSlipKey) pair. */
  readonly after: BankSlipCursor | null
  readonly limit: number
}

export const DEFAULT_PAGE_SIZE = 100
export const MAX_PAGE_SIZE = 1000

const invalid = (message: string): EventStoreError => new EventStoreError('INVALID_ARGUMENT', message)

const toBase64Url = (text: string): string => {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const fromBase64Url = (text: string): string => {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
}

/** Pure. Throws INVALID_ARGUMENT for anything `Date` cannot read. */
export const normalizeTimestamp = (value: string, what: string): string => {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (Number.isNaN(time)) throw invalid(`${what} is not an ISO-8601 date-time`)
  return new Date(time).toISOString()
}

/** Pure. */
export const encodeCursor = (cursor: BankSlipCursor): string =>
  toBase64Url(JSON.stringify([cursor.updatedAt, cursor.bankSlipKey]))

/** Pure. Throws INVALID_ARGUMENT when the text is not a cursor this module made. */
export const decodeCursor = (text: string): BankSlipCursor => {
  let parsed: unknown
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('not base64url')
    parsed = JSON.parse(fromBase64Url(text))
  } catch {
    throw invalid('cursor is not one returned by listBankSlips')
  }
  if (!Array.isArray(parsed) || parsed.length !== 2)
    throw invalid('cursor is not one returned by listBankSlips')
  const [updatedAt, bankSlipKey] = parsed as unknown[]
  if (typeof updatedAt !== 'string' || typeof bankSlipKey !== 'string')
    throw invalid('cursor is not one returned by listBankSlips')
  return { updatedAt: normalizeTimestamp(updatedAt, 'cursor'), bankSlipKey }
}

/** Pure. Checks and normalises `listBankSlips` options (INVALID_ARGUMENT on bad ones). */
export const toBankSlipQuery = (options: ListBankSlipsOptions = {}): BankSlipQuery => {
  const { status, updatedAfter, cursor, limit } = options
  if (status !== undefined && (typeof status !== 'string' || status === ''))
    throw invalid('status must be a non-empty string')
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE))
    throw invalid(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`)
  if (cursor !== undefined && cursor !== null && typeof cursor !== 'string')
    throw invalid('cursor must be a string')
  return {
    status: status ?? null,
    updatedAfter: updatedAfter === undefined ? null : normalizeTimestamp(updatedAfter, 'updatedAfter'),
    after: cursor === undefined || cursor === null || cursor === '' ? null : decodeCursor(cursor),
    limit: limit ?? DEFAULT_PAGE_SIZE,
  }
}

/**
 * Pure. The order of `listBankSlips`. Keys compare by UTF-16 code unit; SQLite (BINARY) and PostgreSQL
 * (COLLATE "C") compare UTF-8 bytes, which agrees for every key without astral characters (UUIDs, ASCII).
 */
export const compareBankSlipRows = (a: BankSlipCursor, b: BankSlipCursor): number =>
  a.updatedAt < b.updatedAt
    ? -1
    : a.updatedAt > b.updatedAt
      ? 1
      : a.bankSlipKey < b.bankSlipKey
        ? -1
        : a.bankSlipKey > b.bankSlipKey
          ? 1
          : 0

/** Pure. Whether a row belongs to the query's page (before the limit). */
export const matchesBankSlipQuery = (
  row: BankSlipCursor & { readonly status: string },
  q: BankSlipQuery,
): boolean =>
  (q.status === null || row.status === q.status) &&
  (q.updatedAfter === null || row.updatedAt > q.updatedAfter) &&
  (q.after === null || compareBankSlipRows(row, q.after) > 0)

/**
 * Pure. A page from up to `limit + 1` rows in list order: stores fetch one row more than asked so they know
 * whether another page exists without a count.
 */
export const toBankSlipPage = <Row extends BankSlipRow>(rows: readonly Row[], limit: number): Page<Row> => {
  if (rows.length <= limit) return { items: rows, nextCursor: null }
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]!
  return { items, nextCursor: encodeCursor({ updatedAt: last.updatedAt, bankSlipKey: last.bankSlipKey }) }
}
