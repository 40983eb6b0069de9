/**
 * The in-memory event store: the port's reference semantics, for tests, demos and one-process tools. Nothing
 * survives the process. Its argument checks are shared with every adapter (arguments.ts).
 */
import {
  checkAppend,
  checkCheckpoint,
  checkName,
  checkReadAll,
  checkReadStream,
  normalizeRow,
  rebuildRow,
  toProjected,
} from './arguments.js'
import {
  type BankSlipQuery,
  compareBankSlipRows,
  matchesBankSlipQuery,
  toBankSlipPage,
  toBankSlipQuery,
} from './cursor.js'
import {
  type AppendedEvent,
  type AppendResult,
  type BankSlipRow,
  type EventStore,
  EventStoreError,
  expectationHolds,
  type InlineProjection,
  type JsonObject,
  type StoredEvent,
  WrongExpectedVersionError,
} from './port.js'
import { bankSlipProjection } from './projection.js'

export interface InMemoryEventStoreOptions {
  /** Default: `bankSlipProjection`. */
  readonly projection?: InlineProjection
}

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value)) deepFreeze(item)
  }
  return value
}

const pageOf = <T>(items: readonly T[], start: number, limit: number | null): readonly T[] =>
  items.slice(start, limit === null ? undefined : start + limit)

/**
 * Stored data goes through JSON (what SQL stores do) and is frozen, so readers cannot change the log. One
 * append is computed completely before anything is changed: a throwing projection leaves the store as it was.
 */
export const createInMemoryEventStore = (options: InMemoryEventStoreOptions = {}): EventStore => {
  const projection = options.projection ?? (bankSlipProjection as InlineProjection)
  const log: StoredEvent[] = []
  const byId = new Map<string, StoredEvent>()
  const streams = new Map<string, StoredEvent[]>()
  let slips = new Map<string, BankSlipRow>()
  let slipKeyOfStream = new Map<string, string>()
  const checkpoints = new Map<string, number>()
  let closed = false

  const open = (): void => {
    if (closed) throw new EventStoreError('CLOSED', 'the event store is closed')
  }

  const listRows = (q: BankSlipQuery): readonly BankSlipRow[] =>
    [...slips.values()]
      .filter((row) => matchesBankSlipQuery(row, q))
      .sort(compareBankSlipRows)
      .slice(0, q.limit + 1)

  return {
    async appendToStream(streamId, events, appendOptions): Promise<AppendResult> {
      open()
      const batch = checkAppend(streamId, events, appendOptions)
      const stream = streams.get(batch.streamId) ?? []
      const current = stream.length
      const fresh = batch.events.filter((e) => !byId.has(e.id))
      const freshIds = new Set(fresh.map((e) => e.id))
      if (batch.events.length > 0 && fresh.length === 0) {
        // A retry of something already stored: no version check, nothing written.
        return {
          nextExpectedVersion: current,
          events: batch.events.map((e) => {
            const original = byId.get(e.id)!
            return {
              id: e.id,
              position: original.position,
              streamVersion: original.streamVersion,
              duplicate: true,
            }
          }),
        }
      }
      if (!expectationHolds(batch.expectedVersion, current))
        throw new WrongExpectedVersionError(batch.streamId, batch.expectedVersion, current)
      const recordedAt = new Date().toISOString()
      const appended = fresh.map(
        (e, i): StoredEvent =>
          deepFreeze({
            id: e.id,
            type: e.type,
            data: JSON.parse(e.dataJson) as unknown,
            metadata: e.metadataJson === null ? null : (JSON.parse(e.metadataJson) as JsonObject),
            streamId: batch.streamId,
            streamVersion: current + i + 1,
            position: log.length + i + 1,
            recordedAt,
          }),
      )
      let row: BankSlipRow | null = null
      if (appended.length > 0 && projection.handles(batch.streamId)) {
        const key = slipKeyOfStream.get(batch.streamId)
        row = deepFreeze(
          normalizeRow(
            projection.evolve(
              key === undefined ? null : slips.get(key)!,
              appended.map((e, i) => toProjected(e, fresh[i]!)),
            ),
          ),
        )
      }
      // Commit: nothing below throws.
      for (const e of appended) {
        log.push(e)
        byId.set(e.id, e)
        stream.push(e)
      }
      if (stream.length > 0) streams.set(batch.streamId, stream)
      if (row !== null) {
        const previousKey = slipKeyOfStream.get(batch.streamId)
        if (previousKey !== undefined && previousKey !== row.bankSlipKey) slips.delete(previousKey)
        slips.set(row.bankSlipKey, row)
        slipKeyOfStream.set(batch.streamId, row.bankSlipKey)
      }
      return {
        nextExpectedVersion: stream.length,
        events: batch.events.map((e): AppendedEvent => {
          const stored = byId.get(e.id)!
          return {
            id: e.id,
            position: stored.position,
            streamVersion: stored.streamVersion,
            duplicate: !freshIds.has(e.id),
          }
        }),
      }
    },

    async readStream(streamId, readOptions) {
      open()
      const q = checkReadStream(streamId, readOptions)
      return pageOf(streams.get(q.streamId) ?? [], q.from - 1, q.limit)
    },

    async readAll(readOptions) {
      open()
      const q = checkReadAll(readOptions)
      // Positions are 1-based and gapless here, so `after` is also an index.
      return pageOf(log, Math.min(q.after, log.length), q.limit)
    },

    async streamExists(streamId) {
      open()
      return streams.has(checkName(streamId, 'streamId'))
    },

    async getEvent(id) {
      open()
      return byId.get(checkName(id, 'id')) ?? null
    },

    async getBankSlip(bankSlipKey) {
      open()
      return slips.get(checkName(bankSlipKey, 'bankSlipKey')) ?? null
    },

    async listBankSlips(listOptions) {
      open()
      const q = toBankSlipQuery(listOptions)
      return toBankSlipPage(listRows(q), q.limit)
    },

    async rebuildProjection() {
      open()
      const rebuilt = new Map<string, BankSlipRow>()
      const keys = new Map<string, string>()
      for (const [streamId, events] of streams) {
        if (!projection.handles(streamId)) continue
        const row = rebuildRow(projection, events)
        if (row === null) continue
        rebuilt.set(row.bankSlipKey, deepFreeze(row))
        keys.set(streamId, row.bankSlipKey)
      }
      slips = rebuilt
      slipKeyOfStream = keys
      return rebuilt.size
    },

    async readCheckpoint(consumer) {
      open()
      return checkpoints.get(checkName(consumer, 'consumer')) ?? null
    },

    async storeCheckpoint(consumer, position, expected) {
      open()
      checkCheckpoint(consumer, position, expected)
      if ((checkpoints.get(consumer) ?? null) !== expected) return false
      checkpoints.set(consumer, position)
      return true
    },

    async close() {
      closed = true
    },
  }
}
