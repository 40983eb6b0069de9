/**
 * Argument checks and row helpers every adapter shares, so that all stores reject exactly the same inputs
 * and store exactly the same JSON.
 */
import { normalizeTimestamp } from './cursor.js'
import {
  type AppendOptions,
  type BankSlipRow,
  EventStoreError,
  type ExpectedVersion,
  type InlineProjection,
  type JsonObject,
  type NewEvent,
  type ProjectedEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
} from './port.js'
import { bankSlipProjection, projectStream } from './projection.js'

/** An event that passed `checkAppend`, with the JSON text the SQL adapters store. */
export interface CheckedEvent {
  readonly id: string
  readonly type: string
  readonly metadata: JsonObject | null
  readonly dataJson: string
  readonly metadataJson: string | null
  /** `NewEvent.decoded`: for the inline projection only, never stored. */
  readonly decoded?: NewEvent['decoded']
}

export interface CheckedAppend {
  readonly streamId: string
  readonly events: readonly CheckedEvent[]
  readonly expectedVersion: ExpectedVersion
}

/** Longest stream id, event id, event type, consumer name or bank-slip key accepted. */
export const MAX_NAME_LENGTH = 1024

const invalid = (message: string): EventStoreError => new EventStoreError('INVALID_ARGUMENT', message)

/** Pure. No NUL and no lone surrogate: such text does not survive a round trip through PostgreSQL's `text`. */
const storableText = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0) return false
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false
      i++
    } else if (c >= 0xdc00 && c <= 0xdfff) return false
  }
  return true
}

/** Pure. A non-empty, storable name (stream id, event id, type, consumer, key); throws INVALID_ARGUMENT. */
export const checkName = (value: unknown, what: string): string => {
  if (typeof value !== 'string' || value === '') throw invalid(`${what} must be a non-empty string`)
  if (value.length > MAX_NAME_LENGTH) throw invalid(`${what} is longer than ${MAX_NAME_LENGTH} characters`)
  if (!storableText(value)) throw invalid(`${what} contains NUL or a lone surrogate`)
  return value
}

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Pure. Why a value would not come back equal from JSON (null when it would). `undefined` object properties
 * are allowed and dropped, as `JSON.stringify` does; everything else lossy is refused.
 */
const jsonProblem = (value: unknown, path: string, ancestors: Set<object>): string | null => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null
    case 'number':
      return Number.isFinite(value) ? null : `${path} is ${value}, not a JSON number`
    case 'object': {
      if (value === null) return null
      if (ancestors.has(value)) return `${path} is circular`
      if (!Array.isArray(value) && !isPlainObject(value)) return `${path} is not a plain object`
      ancestors.add(value)
      try {
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const item: unknown = value[i]
            if (item === undefined) return `${path}[${i}] is undefined`
            const problem = jsonProblem(item, `${path}[${i}]`, ancestors)
            if (problem !== null) return problem
          }
        } else {
          for (const [key, item] of Object.entries(value)) {
            if (item === undefined) continue
            const problem = jsonProblem(item, `${path}.${key}`, ancestors)
            if (problem !== null) return problem
          }
        }
      } finally {
        ancestors.delete(value)
      }
      return null
    }
    default:
      return `${path} is a ${typeof value}, not JSON`
  }
}

/** Pure. JSON text of a value, or INVALID_ARGUMENT when JSON would not give it back. */
export const toJsonText = (value: unknown, what: string): string => {
  if (value === undefined) throw invalid(`${what} is undefined`)
  const problem = jsonProblem(value, what, new Set())
  if (problem !== null) throw invalid(problem)
  return JSON.stringify(value)
}

const checkExpectedVersion = (expected: unknown): ExpectedVersion => {
  if (expected === undefined) return 'any'
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return expected
  throw invalid(`expectedVersion must be a non-negative integer, 'no_stream', 'stream_exists' or 'any'`)
}

/** Pure. Checks every argument of `appendToStream` before anything is written; throws INVALID_ARGUMENT. */
export const checkAppend = (streamId: unknown, events: unknown, options?: AppendOptions): CheckedAppend => {
  const stream = checkName(streamId, 'streamId')
  if (!Array.isArray(events)) throw invalid('events must be an array')
  const expectedVersion = checkExpectedVersion(options?.expectedVersion)
  const seen = new Set<string>()
  const checked = events.map((event: unknown, i): CheckedEvent => {
    if (typeof event !== 'object' || event === null) throw invalid(`events[${i}] is not an object`)
    const e = event as Partial<NewEvent>
    const id = checkName(e.id, `events[${i}].id`)
    if (seen.has(id)) throw invalid(`events[${i}].id ${JSON.stringify(id)} appears twice in the batch`)
    seen.add(id)
    const type = checkName(e.type, `events[${i}].type`)
    const dataJson = toJsonText(e.data, `events[${i}].data`)
    const metadata = e.metadata ?? null
    if (metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata)))
      throw invalid(`events[${i}].metadata must be a JSON object or null`)
    const metadataJson = metadata === null ? null : toJsonText(metadata, `events[${i}].metadata`)
    return e.decoded === undefined
      ? { id, type, metadata, dataJson, metadataJson }
      : { id, type, metadata, dataJson, metadataJson, decoded: e.decoded }
  })
  return { streamId: stream, events: checked, expectedVersion }
}

const checkCount = (value: unknown, what: string, min: number): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw invalid(`${what} must be an integer >= ${min}`)
  return value
}

/** Pure. `from` defaults to 1; `limit` null means no limit. */
export const checkReadStream = (
  streamId: unknown,
  options: ReadStreamOptions = {},
): { readonly streamId: string; readonly from: number; readonly limit: number | null } => ({
  streamId: checkName(streamId, 'streamId'),
  from: options.from === undefined ? 1 : checkCount(options.from, 'from', 1),
  limit: options.limit === undefined ? null : checkCount(options.limit, 'limit', 1),
})

/** Pure. `after` defaults to 0; `limit` null means no limit. */
export const checkReadAll = (
  options: ReadAllOptions = {},
): { readonly after: number; readonly limit: number | null } => ({
  after: options.after === undefined ? 0 : checkCount(options.after, 'after', 0),
  limit: options.limit === undefined ? null : checkCount(options.limit, 'limit', 1),
})

/** Pure. Arguments of `storeCheckpoint`. */
export const checkCheckpoint = (consumer: unknown, position: unknown, expected: unknown): void => {
  checkName(consumer, 'consumer')
  checkCount(position, 'position', 0)
  if (expected !== null) checkCount(expected, 'expected', 0)
}

/** Pure. What the inline projection sees of a new event: the event as stored, and what the caller decoded. */
export const toProjected = <E extends ProjectedEvent>(stored: E, checked: CheckedEvent): E =>
  checked.decoded === undefined ? stored : { ...stored, decoded: checked.decoded }

/** Pure. A projection row as stores keep it: `updatedAt` normalised so it sorts as an instant. */
export const normalizeRow = <State>(row: BankSlipRow<State>): BankSlipRow<State> => {
  checkName(row.bankSlipKey, 'projection row bankSlipKey')
  return { ...row, updatedAt: normalizeTimestamp(row.updatedAt, 'projection row updatedAt') }
}

/**
 * Pure. A stream's row rebuilt from its whole history: the default projection uses core's `projectStream`
 * (the order-independent fold); any other one folds everything in one `evolve`.
 */
export const rebuildRow = (
  projection: InlineProjection,
  events: readonly StoredEvent[],
): BankSlipRow | null => {
  if (events.length === 0) return null
  return normalizeRow(
    projection === (bankSlipProjection as InlineProjection)
      ? projectStream(events)!
      : projection.evolve(null, events),
  )
}
