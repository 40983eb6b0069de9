/**
 * The embedded event store: one SQLite file (WAL), one connection per store. better-sqlite3 is synchronous,
 * so each call runs to completion on the event loop; the async methods only satisfy the port. Several
 * processes may share a file: writers queue on SQLite's lock for up to `busyTimeoutMs`.
 */
import {
  bankSlipProjection,
  checkAppend,
  checkCheckpoint,
  checkName,
  checkReadAll,
  checkReadStream,
  type EventStore,
  EventStoreError,
  type InlineProjection,
  toBankSlipPage,
  toBankSlipQuery,
} from '@boleto/core'
import type Database from 'better-sqlite3'
import { groupCommit, prepareAppend } from './append.js'
import { prepareCheckpoints } from './checkpoints.js'
import { openDatabase, type SqliteConnectionOptions } from './connection.js'
import { migrate } from './migrations.js'
import { prepareProjection } from './projection.js'
import { prepareReads } from './read.js'

export interface SqliteEventStoreOptions extends SqliteConnectionOptions {
  /** Default: core's `bankSlipProjection`. */
  readonly projection?: InlineProjection
}

export interface SqliteEventStore extends EventStore {
  /** The better-sqlite3 connection (for operations and tests; do not write to the store's tables). */
  readonly database: Database.Database
  /** Schema versions applied when this store opened (empty when already up to date). */
  readonly migrationsApplied: readonly number[]
}

export const createSqliteEventStore = async (options: SqliteEventStoreOptions): Promise<SqliteEventStore> => {
  if (typeof options?.path !== 'string')
    throw new EventStoreError('INVALID_ARGUMENT', 'path must be a string')
  const db = openDatabase(options)
  let migrationsApplied: number[]
  try {
    migrationsApplied = migrate(db)
  } catch (error) {
    db.close()
    throw error
  }
  const projectionTable = prepareProjection(
    db,
    options.projection ?? (bankSlipProjection as InlineProjection),
  )
  const reads = prepareReads(db)
  const append = groupCommit(db, prepareAppend(db, reads, projectionTable))
  const checkpoints = prepareCheckpoints(db)

  const open = (): void => {
    if (!db.open) throw new EventStoreError('CLOSED', 'the event store is closed')
  }

  return {
    database: db,
    migrationsApplied,
    async appendToStream(streamId, events, appendOptions) {
      open()
      return append(checkAppend(streamId, events, appendOptions))
    },
    async readStream(streamId, readOptions) {
      open()
      const q = checkReadStream(streamId, readOptions)
      return reads.readStream(q.streamId, q.from, q.limit)
    },
    async readAll(readOptions) {
      open()
      const q = checkReadAll(readOptions)
      return reads.readAll(q.after, q.limit)
    },
    async streamExists(streamId) {
      open()
      return reads.streamVersion(checkName(streamId, 'streamId')) > 0
    },
    async getEvent(id) {
      open()
      return reads.getEvent(checkName(id, 'id'))
    },
    async getBankSlip(bankSlipKey) {
      open()
      return projectionTable.get(checkName(bankSlipKey, 'bankSlipKey'))
    },
    async listBankSlips(listOptions) {
      open()
      const q = toBankSlipQuery(listOptions)
      return toBankSlipPage(projectionTable.list(q), q.limit)
    },
    async rebuildProjection() {
      open()
      return projectionTable.rebuild()
    },
    async readCheckpoint(consumer) {
      open()
      return checkpoints.read(checkName(consumer, 'consumer'))
    },
    async storeCheckpoint(consumer, position, expected) {
      open()
      checkCheckpoint(consumer, position, expected)
      return checkpoints.store(consumer, position, expected)
    },
    async close() {
      if (db.open) db.close()
    },
  }
}
