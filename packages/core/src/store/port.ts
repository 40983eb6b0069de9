/**
 * The event-store port. Adapters (memory here, SQLite and PostgreSQL in their packages) implement it and
 * prove it with the one contract suite in `@boleto/core/testing`.
 *
 * Promises made by every adapter:
 * - `appendToStream` is atomic: all of a batch's new events and the inline projection rows commit together.
 * - An event whose `id` is already stored (in any stream) adds no row and reports its original position,
 *   so a redelivered webhook is a no-op. A batch made only of stored ids succeeds without the
 *   `expectedVersion` check (it is a retry of something that already happened).
 * - `expectedVersion` is enforced inside the write transaction, never by a read before it.
 * - Global positions increase with commit order as seen by `readAll` consumers: no consumer skips an event
 *   that commits later with a lower position (see each adapter for how).
 */

import type { BankSlipEvent } from '../domain/events.js'

export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any'

export type JsonObject = { readonly [key: string]: unknown }

export interface NewEvent<Data = unknown> {
  /** Globally unique; re-appending the same id is idempotent. For QI webhooks: the occurrence identity. */
  readonly id: string
  readonly type: string
  readonly data: Data
  readonly metadata?: JsonObject | null
  /**
   * What `data` decodes to (`fromStoredEvent`), when the caller has decoded it already, as intake has: never
   * stored, only handed to the inline projection so it does not decode the body a second time. It must be
   * what `fromStoredEvent` gives for this event (`webhookToNewEvent` makes it so): a rebuild of the
   * projection decodes the stored data.
   */
  readonly decoded?: BankSlipEvent
}

export interface StoredEvent<Data = unknown> {
  readonly id: string
  readonly type: string
  readonly data: Data
  readonly metadata: JsonObject | null
  readonly streamId: string
  /** 1-based position inside its stream. */
  readonly streamVersion: number
  /** Position in the global log (1-based, gaps allowed). A number: 2^53 events is far beyond any store here. */
  readonly position: number
  /** ISO-8601 UTC time the store committed it. */
  readonly recordedAt: string
}

export interface AppendedEvent {
  readonly id: string
  readonly position: number
  readonly streamVersion: number
  /** true when the id was already stored: nothing was written, position is the original one. */
  readonly duplicate: boolean
}

export interface AppendResult {
  /** The stream's version after the append (pass it as the next `expectedVersion`). */
  readonly nextExpectedVersion: number
  readonly events: readonly AppendedEvent[]
}

export interface AppendOptions {
  readonly expectedVersion?: ExpectedVersion
}

export interface ReadStreamOptions {
  /** First stream version to return (1-based, inclusive). */
  readonly from?: number
  readonly limit?: number
}

export interface ReadAllOptions {
  /** Return events with a global position strictly greater than this. */
  readonly after?: number
  readonly limit?: number
}

/** Rows of the inline projection of each boleto's current state. */
export interface BankSlipRow<State = unknown> {
  readonly bankSlipKey: string
  readonly streamId: string
  readonly status: string
  readonly reportedStatus: string | null
  readonly version: number
  readonly anomalyCount: number
  /** ISO-8601: when the row last changed (commit time of the last event folded into it). */
  readonly updatedAt: string
  readonly state: State
}

export interface ListBankSlipsOptions {
  readonly status?: string
  /** ISO-8601, exclusive */
  readonly updatedAfter?: string
  /** Opaque cursor returned by the previous page. */
  readonly cursor?: string | null
  readonly limit?: number
}

export interface Page<T> {
  readonly items: readonly T[]
  /** null on the last page */
  readonly nextCursor: string | null
}

/**
 * What an inline projection sees of a newly appended event: all of it but its global position. A row is a
 * function of its stream, not of where the events landed in the global log, and a store may compute the row
 * before the log assigns positions (PostgreSQL does, to append in one round trip).
 */
export type ProjectedEvent<Data = unknown> = Omit<StoredEvent<Data>, 'position'> & {
  /** `NewEvent.decoded`, when the caller gave it. */
  readonly decoded?: BankSlipEvent
}

/**
 * How an inline projection turns appended events into a row. Pure: adapters call it inside the append
 * transaction with the row as stored before.
 */
export interface InlineProjection<State = unknown> {
  /** Which streams it follows. */
  readonly handles: (streamId: string) => boolean
  readonly evolve: (
    previous: BankSlipRow<State> | null,
    events: readonly ProjectedEvent[],
  ) => BankSlipRow<State>
}

export interface Checkpoint {
  readonly consumer: string
  readonly position: number
}

export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>
  readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly StoredEvent[]>
  readAll(options?: ReadAllOptions): Promise<readonly StoredEvent[]>
  streamExists(streamId: string): Promise<boolean>
  /** The event with that id, wherever it is stored. */
  getEvent(id: string): Promise<StoredEvent | null>

  /** Inline projection (`bank_slips`). */
  getBankSlip(bankSlipKey: string): Promise<BankSlipRow | null>
  listBankSlips(options?: ListBankSlipsOptions): Promise<Page<BankSlipRow>>
  /** Drops and rebuilds the projection from the log, in one transaction. Returns rows written. */
  rebuildProjection(): Promise<number>

  /** Consumer checkpoints, compare-and-set: returns false when `expected` is not the stored position. */
  readCheckpoint(consumer: string): Promise<number | null>
  storeCheckpoint(consumer: string, position: number, expected: number | null): Promise<boolean>

  close(): Promise<void>
}

export type EventStoreErrorCode = 'WRONG_EXPECTED_VERSION' | 'INVALID_ARGUMENT' | 'CLOSED'

export class EventStoreError extends Error {
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'EventStoreError'
  }
}

export class WrongExpectedVersionError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** current version, 0 when the stream does not exist */
    readonly actual: number,
  ) {
    super(
      'WRONG_EXPECTED_VERSION',
      `stream ${streamId}: expected version ${String(expected)}, actual ${actual}`,
    )
    this.name = 'WrongExpectedVersionError'
  }
}

/** Pure. Shared by every adapter so they agree on what each expectation means. */
export const expectationHolds = (expected: ExpectedVersion | undefined, actual: number): boolean => {
  if (expected === undefined || expected === 'any') return true
  if (expected === 'no_stream') return actual === 0
  if (expected === 'stream_exists') return actual > 0
  return expected === actual
}

/** Boleto streams are named after the boleto key. */
export const BANK_SLIP_STREAM_PREFIX = 'bank_slip-'
export const bankSlipStreamId = (bankSlipKey: string): string => BANK_SLIP_STREAM_PREFIX + bankSlipKey
export const bankSlipKeyOf = (streamId: string): string | null =>
  streamId.startsWith(BANK_SLIP_STREAM_PREFIX) ? streamId.slice(BANK_SLIP_STREAM_PREFIX.length) : null

/** Event types this project writes. Webhook events keep the body exactly as QI sent it (parsed JSON). */
export const EVENT_TYPES = {
  webhook: 'qi.webhook',
  issuanceRequested: 'issuance_requested',
  instructionRequested: 'instruction_requested',
} as const
