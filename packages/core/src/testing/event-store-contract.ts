/**
 * The event-store contract: one vitest suite every adapter runs (`describeEventStoreContract`), so memory,
 * SQLite and PostgreSQL are held to the same semantics: examples for each rule of the port, the inline
 * projection on QI's own example webhooks, checkpoints and consumers, argument errors, concurrent writers,
 * and a fast-check model-based test of appends, reads, expectations and duplicate ids.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { createConsumer } from '../store/consumer.js'
import { fromStoredEvent, webhookToNewEvent } from '../store/events.js'
import {
  type AppendResult,
  type BankSlipRow,
  bankSlipStreamId,
  type EventStore,
  EventStoreError,
  type ExpectedVersion,
  expectationHolds,
  type NewEvent,
  type StoredEvent,
  WrongExpectedVersionError,
} from '../store/port.js'
import { projectStream } from '../store/projection.js'
import { decodeWebhook } from '../webhook/decode.js'
import { SEED_WEBHOOKS } from './seeds.js'

export interface EventStoreContractOptions {
  /** Runs of the model-based test (default 100). */
  readonly numRuns?: number
  /** Longest command sequence of one run (default 30). */
  readonly maxCommands?: number
  /** Concurrent calls in the concurrency cases (default 8). */
  readonly concurrency?: number
  /** Per-test timeout in ms (default: vitest's). */
  readonly timeout?: number
}

/** A webhook body shaped like QI's example `seedName`, for another boleto / occurrence. */
export const seedWebhook = (
  seedName: string,
  overrides: {
    readonly bankSlipKey?: string
    readonly occurrenceKey?: string
    readonly webhookDatetime?: string
  } = {},
): Record<string, unknown> => {
  const seed = SEED_WEBHOOKS.find((s) => s.name === seedName)
  if (seed === undefined) throw new Error(`no seed webhook named ${seedName}`)
  const body = structuredClone(seed.body) as Record<string, unknown> & { data: Record<string, unknown> }
  if (overrides.bankSlipKey !== undefined) body.data.bank_slip_key = overrides.bankSlipKey
  if (overrides.occurrenceKey !== undefined) body.data.occurrence_key = overrides.occurrenceKey
  if (overrides.webhookDatetime !== undefined) body.webhook_datetime = overrides.webhookDatetime
  return body
}

/** The store event of a webhook body (its id is the occurrence identity). */
export const webhookEvent = (body: unknown): NewEvent => {
  const decoded = decodeWebhook(body)
  if (!decoded.ok) throw new Error(`seed does not decode: ${decoded.error.message}`)
  return webhookToNewEvent(body, decoded.value)
}

/** A boleto key of our own (not one of the seeds'). */
const key0 = '5eed0000-0000-4000-8000-000000000000'

const plain = (id: string, data: unknown = { id }, metadata: NewEvent['metadata'] = null): NewEvent => ({
  id,
  type: 'test.event',
  data,
  metadata,
})

const ids = (events: readonly { readonly id: string }[]): string[] => events.map((e) => e.id)

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

const expectInvalid = async (promise: Promise<unknown>): Promise<void> => {
  const error = await rejection(promise)
  expect(error).toBeInstanceOf(EventStoreError)
  expect((error as EventStoreError).code).toBe('INVALID_ARGUMENT')
}

const expectWrongVersion = async (promise: Promise<unknown>, actual: number): Promise<void> => {
  const error = await rejection(promise)
  expect(error).toBeInstanceOf(WrongExpectedVersionError)
  expect((error as WrongExpectedVersionError).code).toBe('WRONG_EXPECTED_VERSION')
  expect((error as WrongExpectedVersionError).actual).toBe(actual)
}

const allRows = async (store: EventStore): Promise<BankSlipRow[]> => {
  const rows: BankSlipRow[] = []
  let cursor: string | null = null
  do {
    const page: Awaited<ReturnType<EventStore['listBankSlips']>> = await store.listBankSlips({
      cursor,
      limit: 3,
    })
    rows.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null)
  return rows
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * `readAll` may lag a little behind commits (PostgreSQL returns an event once every transaction that began
 * writing before it has ended, in the whole cluster), so assertions about it retry for a while.
 */
const eventually = async (assertion: () => Promise<void>, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await assertion()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await delay(10)
    }
  }
}

const readAllIds = (store: EventStore, expected: readonly string[]): Promise<void> =>
  eventually(async () => {
    expect(ids(await store.readAll())).toEqual(expected)
  })

// ---------------------------------------------------------------------------------------------------------
// Model-based test: a model of appends (streams of ids, global order) checked against the real store.

interface Model {
  readonly streams: Map<string, string[]>
  readonly events: Map<
    string,
    { readonly streamId: string; readonly streamVersion: number; readonly position: number }
  >
  readonly order: string[]
}

interface Real {
  readonly store: EventStore
  readonly prefix: string
  /** Every position of earlier runs is at most this. */
  readonly baseline: number
  head: number
}

type Expectation = ExpectedVersion | 'current' | 'omitted'

const modelStream = (r: Real, i: number): string => `${r.prefix}s${i}`
const modelId = (r: Real, i: number): string => `${r.prefix}e${i}`

class AppendCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly stream: number,
    readonly idNumbers: readonly number[],
    readonly expectation: Expectation,
  ) {}
  check = (): boolean => true
  async run(m: Model, r: Real): Promise<void> {
    const streamId = modelStream(r, this.stream)
    const eventIds = this.idNumbers.map((i) => modelId(r, i))
    const current = m.streams.get(streamId)?.length ?? 0
    const expected: ExpectedVersion | undefined =
      this.expectation === 'current' ? current : this.expectation === 'omitted' ? undefined : this.expectation
    let result: AppendResult | null = null
    let error: unknown = null
    try {
      result = await r.store.appendToStream(
        streamId,
        eventIds.map((id, i) => plain(id, { n: this.idNumbers[i] })),
        expected === undefined ? {} : { expectedVersion: expected },
      )
    } catch (e) {
      error = e
    }
    if (new Set(eventIds).size !== eventIds.length) {
      expect(error).toBeInstanceOf(EventStoreError)
      expect((error as EventStoreError).code).toBe('INVALID_ARGUMENT')
      return
    }
    const fresh = eventIds.filter((id) => !m.events.has(id))
    const duplicateOnly = eventIds.length > 0 && fresh.length === 0
    if (!duplicateOnly && !expectationHolds(expected, current)) {
      expect(error).toBeInstanceOf(WrongExpectedVersionError)
      expect((error as WrongExpectedVersionError).actual).toBe(current)
      return
    }
    if (error !== null) throw error
    expect(result!.nextExpectedVersion).toBe(current + fresh.length)
    const stream = m.streams.get(streamId) ?? []
    let version = current
    result!.events.forEach((appended, i) => {
      const id = eventIds[i]!
      expect(appended.id).toBe(id)
      const known = m.events.get(id)
      if (known !== undefined) {
        expect(appended).toEqual({
          id,
          position: known.position,
          streamVersion: known.streamVersion,
          duplicate: true,
        })
        return
      }
      version += 1
      expect(appended.duplicate).toBe(false)
      expect(appended.streamVersion).toBe(version)
      expect(appended.position).toBeGreaterThan(r.head)
      r.head = appended.position
      m.events.set(id, { streamId, streamVersion: version, position: appended.position })
      m.order.push(id)
      stream.push(id)
    })
    if (stream.length > 0) m.streams.set(streamId, stream)
  }
  toString = (): string =>
    `append(s${this.stream}, [${this.idNumbers.map((i) => `e${i}`).join(',')}], ${String(this.expectation)})`
}

class ReadStreamCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly stream: number,
    readonly from: number | undefined,
    readonly limit: number | undefined,
  ) {}
  check = (): boolean => true
  async run(m: Model, r: Real): Promise<void> {
    const streamId = modelStream(r, this.stream)
    const options = {
      ...(this.from !== undefined ? { from: this.from } : {}),
      ...(this.limit !== undefined ? { limit: this.limit } : {}),
    }
    const events = await r.store.readStream(streamId, options)
    const start = (this.from ?? 1) - 1
    const expectedIds = (m.streams.get(streamId) ?? []).slice(
      start,
      this.limit === undefined ? undefined : start + this.limit,
    )
    expect(events.map((e) => [e.id, e.streamId, e.streamVersion, e.position])).toEqual(
      expectedIds.map((id) => {
        const known = m.events.get(id)!
        return [id, streamId, known.streamVersion, known.position]
      }),
    )
  }
  toString = (): string => `readStream(s${this.stream}, from ${this.from}, limit ${this.limit})`
}

class ReadAllCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    /** Read after the k-th event of this run (-1: from the run's start). */
    readonly k: number,
    readonly limit: number | undefined,
  ) {}
  check = (): boolean => true
  async run(m: Model, r: Real): Promise<void> {
    const k = Math.min(this.k, m.order.length - 1)
    const after = k < 0 ? r.baseline : m.events.get(m.order[k]!)!.position
    const expectedIds = m.order.slice(k + 1, this.limit === undefined ? undefined : k + 1 + this.limit)
    await eventually(async () => {
      const events = await r.store.readAll({
        after,
        ...(this.limit !== undefined ? { limit: this.limit } : {}),
      })
      expect(events.map((e) => [e.id, e.position])).toEqual(
        expectedIds.map((id) => [id, m.events.get(id)!.position]),
      )
    }, 3000)
  }
  toString = (): string => `readAll(after #${this.k}, limit ${this.limit})`
}

class GetEventCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly idNumber: number) {}
  check = (): boolean => true
  async run(m: Model, r: Real): Promise<void> {
    const id = modelId(r, this.idNumber)
    const event = await r.store.getEvent(id)
    const known = m.events.get(id)
    if (known === undefined) expect(event).toBeNull()
    else
      expect(event).toMatchObject({
        id,
        type: 'test.event',
        data: { n: this.idNumber },
        metadata: null,
        streamId: known.streamId,
        streamVersion: known.streamVersion,
        position: known.position,
      })
  }
  toString = (): string => `getEvent(e${this.idNumber})`
}

class StreamExistsCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly stream: number) {}
  check = (): boolean => true
  async run(m: Model, r: Real): Promise<void> {
    const streamId = modelStream(r, this.stream)
    expect(await r.store.streamExists(streamId)).toBe(m.streams.has(streamId))
  }
  toString = (): string => `streamExists(s${this.stream})`
}

const STREAMS = 4
const IDS = 12

const commandArbitraries = [
  fc
    .tuple(
      fc.integer({ min: 0, max: STREAMS - 1 }),
      fc.oneof(
        { weight: 9, arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: IDS - 1 }), { maxLength: 4 }) },
        { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: IDS - 1 }), { maxLength: 4 }) },
      ),
      fc.oneof(
        fc.constantFrom<Expectation>('any', 'omitted', 'no_stream', 'stream_exists', 'current', 'current'),
        fc.integer({ min: 0, max: 5 }),
      ),
    )
    .map(([s, idNumbers, expectation]) => new AppendCommand(s, idNumbers, expectation)),
  fc
    .tuple(
      fc.integer({ min: 0, max: STREAMS - 1 }),
      fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    )
    .map(([s, from, limit]) => new ReadStreamCommand(s, from, limit)),
  fc
    .tuple(fc.integer({ min: -1, max: IDS }), fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }))
    .map(([k, limit]) => new ReadAllCommand(k, limit)),
  fc.integer({ min: 0, max: IDS - 1 }).map((i) => new GetEventCommand(i)),
  fc.integer({ min: 0, max: STREAMS - 1 }).map((s) => new StreamExistsCommand(s)),
]

// ---------------------------------------------------------------------------------------------------------

/**
 * Registers the contract as a vitest `describe` block. `factory` returns a new, empty store for each test
 * (the suite closes it afterwards).
 */
export const describeEventStoreContract = (
  name: string,
  factory: () => Promise<EventStore>,
  options: EventStoreContractOptions = {},
): void => {
  const numRuns = options.numRuns ?? 100
  const maxCommands = options.maxCommands ?? 30
  const concurrency = options.concurrency ?? 8
  const timeout = options.timeout

  describe(`event store contract: ${name}`, () => {
    // Every test gets the suite's timeout (PostgreSQL needs more than vitest's default).
    const test = (title: string, fn: () => Promise<void>): void => {
      it(title, fn, timeout)
    }
    const opened: EventStore[] = []
    const open = async (): Promise<EventStore> => {
      const store = await factory()
      opened.push(store)
      return store
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()))
    })

    describe('appendToStream', () => {
      test('creates a stream with no_stream, numbering events from 1 with increasing positions', async () => {
        const store = await open()
        const result = await store.appendToStream('orders-1', [plain('a'), plain('b'), plain('c')], {
          expectedVersion: 'no_stream',
        })
        expect(result.nextExpectedVersion).toBe(3)
        expect(result.events.map((e) => [e.id, e.streamVersion, e.duplicate])).toEqual([
          ['a', 1, false],
          ['b', 2, false],
          ['c', 3, false],
        ])
        const positions = result.events.map((e) => e.position)
        expect(positions[0]).toBeGreaterThanOrEqual(1)
        expect([...positions].sort((x, y) => x - y)).toEqual(positions)
        expect(new Set(positions).size).toBe(3)
        expect(await store.streamExists('orders-1')).toBe(true)
      })

      test('refuses no_stream on an existing stream and writes nothing', async () => {
        const store = await open()
        await store.appendToStream('s', [plain('a')], { expectedVersion: 'no_stream' })
        await expectWrongVersion(store.appendToStream('s', [plain('b')], { expectedVersion: 'no_stream' }), 1)
        await readAllIds(store, ['a'])
        expect(await store.getEvent('b')).toBeNull()
      })

      test('enforces a numeric expected version (0 means no stream)', async () => {
        const store = await open()
        await expectWrongVersion(store.appendToStream('s', [plain('a')], { expectedVersion: 1 }), 0)
        const first = await store.appendToStream('s', [plain('a')], { expectedVersion: 0 })
        expect(first.nextExpectedVersion).toBe(1)
        await expectWrongVersion(store.appendToStream('s', [plain('b')], { expectedVersion: 0 }), 1)
        await expectWrongVersion(store.appendToStream('s', [plain('b')], { expectedVersion: 2 }), 1)
        const second = await store.appendToStream('s', [plain('b'), plain('c')], { expectedVersion: 1 })
        expect(second.nextExpectedVersion).toBe(3)
        expect(ids(await store.readStream('s'))).toEqual(['a', 'b', 'c'])
      })

      test('enforces stream_exists', async () => {
        const store = await open()
        await expectWrongVersion(
          store.appendToStream('s', [plain('a')], { expectedVersion: 'stream_exists' }),
          0,
        )
        expect(await store.streamExists('s')).toBe(false)
        await store.appendToStream('s', [plain('a')])
        const result = await store.appendToStream('s', [plain('b')], { expectedVersion: 'stream_exists' })
        expect(result.nextExpectedVersion).toBe(2)
      })

      test("appends whatever the version with 'any' or no expectation", async () => {
        const store = await open()
        expect(
          (await store.appendToStream('s', [plain('a')], { expectedVersion: 'any' })).nextExpectedVersion,
        ).toBe(1)
        expect((await store.appendToStream('s', [plain('b')])).nextExpectedVersion).toBe(2)
        expect((await store.appendToStream('s', [plain('c')], {})).nextExpectedVersion).toBe(3)
      })

      test('checks the expectation of an empty batch and writes nothing', async () => {
        const store = await open()
        expect(await store.appendToStream('s', [], { expectedVersion: 'no_stream' })).toEqual({
          nextExpectedVersion: 0,
          events: [],
        })
        expect(await store.streamExists('s')).toBe(false)
        await expectWrongVersion(store.appendToStream('s', [], { expectedVersion: 'stream_exists' }), 0)
        await store.appendToStream('s', [plain('a')])
        expect((await store.appendToStream('s', [], { expectedVersion: 1 })).nextExpectedVersion).toBe(1)
        await expectWrongVersion(store.appendToStream('s', [], { expectedVersion: 0 }), 1)
      })

      test('reports a stored id as a duplicate at its original position and adds no row', async () => {
        const store = await open()
        const first = await store.appendToStream('s', [plain('a'), plain('b')])
        const again = await store.appendToStream('s', [plain('b', { changed: true })])
        expect(again.events).toEqual([
          { id: 'b', position: first.events[1]!.position, streamVersion: 2, duplicate: true },
        ])
        expect(again.nextExpectedVersion).toBe(2)
        await readAllIds(store, ['a', 'b'])
        expect((await store.getEvent('b'))!.data).toEqual({ id: 'b' })
      })

      test('accepts a duplicate-only batch whatever the expected version (it is a retry)', async () => {
        const store = await open()
        const first = await store.appendToStream('s', [plain('a'), plain('b')], {
          expectedVersion: 'no_stream',
        })
        for (const expectedVersion of ['no_stream', 0, 7, 'stream_exists', 'any'] as const) {
          const retry = await store.appendToStream('s', [plain('a'), plain('b')], { expectedVersion })
          expect(retry).toEqual({
            nextExpectedVersion: 2,
            events: first.events.map((e) => ({ ...e, duplicate: true })),
          })
        }
        await readAllIds(store, ['a', 'b'])
      })

      test('treats an id stored in another stream as a duplicate too', async () => {
        const store = await open()
        const first = await store.appendToStream('one', [plain('x')])
        const other = await store.appendToStream('two', [plain('x')], { expectedVersion: 'no_stream' })
        expect(other.events).toEqual([
          { id: 'x', position: first.events[0]!.position, streamVersion: 1, duplicate: true },
        ])
        expect(other.nextExpectedVersion).toBe(0)
        expect(await store.streamExists('two')).toBe(false)
        expect((await store.getEvent('x'))!.streamId).toBe('one')
      })

      test('appends only the new ids of a mixed batch, after checking the expectation', async () => {
        const store = await open()
        const first = await store.appendToStream('s', [plain('a')])
        await expectWrongVersion(
          store.appendToStream('s', [plain('a'), plain('b')], { expectedVersion: 0 }),
          1,
        )
        const mixed = await store.appendToStream('s', [plain('a'), plain('b'), plain('c')], {
          expectedVersion: 1,
        })
        expect(mixed.nextExpectedVersion).toBe(3)
        expect(mixed.events.map((e) => [e.id, e.streamVersion, e.duplicate])).toEqual([
          ['a', 1, true],
          ['b', 2, false],
          ['c', 3, false],
        ])
        expect(mixed.events[0]!.position).toBe(first.events[0]!.position)
        expect(ids(await store.readStream('s'))).toEqual(['a', 'b', 'c'])
      })

      test('gives increasing positions across streams, in append order', async () => {
        const store = await open()
        const positions: number[] = []
        for (const i of range(6)) {
          const r = await store.appendToStream(`s${i % 3}`, [plain(`e${i}`)])
          positions.push(r.events[0]!.position)
        }
        expect([...positions].sort((a, b) => a - b)).toEqual(positions)
        expect(new Set(positions).size).toBe(6)
        await eventually(async () =>
          expect((await store.readAll()).map((e) => e.position)).toEqual(positions),
        )
      })

      test('names stream, expectation and actual version in WrongExpectedVersionError', async () => {
        const store = await open()
        await store.appendToStream('s', [plain('a'), plain('b')])
        const error = (await rejection(
          store.appendToStream('s', [plain('c')], { expectedVersion: 5 }),
        )) as WrongExpectedVersionError
        expect(error).toBeInstanceOf(WrongExpectedVersionError)
        expect({ streamId: error.streamId, expected: error.expected, actual: error.actual }).toEqual({
          streamId: 's',
          expected: 5,
          actual: 2,
        })
      })
    })

    describe('reads', () => {
      test('readStream honours from and limit; a missing stream reads empty', async () => {
        const store = await open()
        await store.appendToStream(
          's',
          range(5).map((i) => plain(`e${i}`)),
        )
        await store.appendToStream('other', [plain('x')])
        expect(ids(await store.readStream('s'))).toEqual(['e0', 'e1', 'e2', 'e3', 'e4'])
        expect(ids(await store.readStream('s', { from: 2 }))).toEqual(['e1', 'e2', 'e3', 'e4'])
        expect(ids(await store.readStream('s', { from: 2, limit: 2 }))).toEqual(['e1', 'e2'])
        expect(ids(await store.readStream('s', { limit: 1 }))).toEqual(['e0'])
        expect(await store.readStream('s', { from: 6 })).toEqual([])
        expect(await store.readStream('missing')).toEqual([])
        expect((await store.readStream('s')).map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5])
      })

      test('readAll honours after and limit, in global order', async () => {
        const store = await open()
        for (const i of range(6)) await store.appendToStream(`s${i % 2}`, [plain(`e${i}`)])
        await readAllIds(store, ['e0', 'e1', 'e2', 'e3', 'e4', 'e5'])
        const all = await store.readAll()
        expect(ids(await store.readAll({ limit: 2 }))).toEqual(['e0', 'e1'])
        expect(ids(await store.readAll({ after: all[1]!.position }))).toEqual(['e2', 'e3', 'e4', 'e5'])
        expect(ids(await store.readAll({ after: all[1]!.position, limit: 3 }))).toEqual(['e2', 'e3', 'e4'])
        expect(await store.readAll({ after: all[5]!.position })).toEqual([])
        expect(ids(await store.readAll({ after: 0 }))).toEqual(ids(all))
      })

      test('getEvent finds an event by id with its data, metadata, stream and time', async () => {
        const store = await open()
        const before = Date.now()
        const result = await store.appendToStream('s', [
          plain('a'),
          plain('b', { n: 1 }, { requestId: 'r-1' }),
        ])
        const event = await store.getEvent('b')
        expect(event).toEqual({
          id: 'b',
          type: 'test.event',
          data: { n: 1 },
          metadata: { requestId: 'r-1' },
          streamId: 's',
          streamVersion: 2,
          position: result.events[1]!.position,
          recordedAt: expect.any(String),
        })
        expect(event!.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
        // Clocks of a database server and of this process may differ a little.
        expect(Math.abs(Date.parse(event!.recordedAt) - before)).toBeLessThan(60_000)
        expect(await store.getEvent('missing')).toBeNull()
        expect(await store.readStream('s')).toEqual([await store.getEvent('a'), event])
      })

      test('round-trips JSON data exactly', async () => {
        const store = await open()
        const data = {
          text: 'ç ã \u00e9 \u{1F600} "quoted" \\ \n\t',
          nul: 'a\u0000b',
          numbers: [0, -1, 1.5, 850, 1e21, 2 ** 53 - 1, -0.25],
          nested: { deep: [{ a: null, b: true, c: false }], empty: {}, list: [] },
          'odd key': 1,
        }
        await store.appendToStream('s', [
          plain('a', data),
          plain('b', 'just a string'),
          plain('c', 42),
          plain('d', null),
        ])
        expect((await store.getEvent('a'))!.data).toEqual(data)
        expect((await store.readStream('s')).map((e) => e.data)).toEqual([data, 'just a string', 42, null])
      })
    })

    describe('inline projection (bank_slips)', () => {
      const registration = seedWebhook('registration (confirmed)')
      const key = (registration.data as { bank_slip_key: string }).bank_slip_key

      test('keeps a row per boleto from QI webhooks: registration → registered', async () => {
        const store = await open()
        expect(await store.getBankSlip(key)).toBeNull()
        const result = await store.appendToStream(bankSlipStreamId(key), [webhookEvent(registration)], {
          expectedVersion: 'no_stream',
        })
        const row = await store.getBankSlip(key)
        const event = await store.getEvent(result.events[0]!.id)
        expect(row).toMatchObject({
          bankSlipKey: key,
          streamId: bankSlipStreamId(key),
          status: 'registered',
          reportedStatus: 'registered',
          version: 1,
          anomalyCount: 0,
          updatedAt: event!.recordedAt,
        })
        expect(row!.state).toMatchObject({ status: 'registered', bankSlipKey: key })
      })

      test('folds each append into the row, like projectStream over the whole stream', async () => {
        const store = await open()
        const stream = bankSlipStreamId(key)
        await store.appendToStream(stream, [webhookEvent(registration)])
        await store.appendToStream(stream, [
          webhookEvent(
            seedWebhook('extension', { bankSlipKey: key, webhookDatetime: '2024-08-14T10:00:00.000Z' }),
          ),
          webhookEvent(
            seedWebhook('rebate', { bankSlipKey: key, webhookDatetime: '2024-08-15T10:00:00.000Z' }),
          ),
        ])
        const payment = seedWebhook('payment', {
          bankSlipKey: key,
          occurrenceKey: 'c0ffee00-0000-4000-8000-000000000001',
          webhookDatetime: '2024-08-16T10:00:00.000Z',
        })
        await store.appendToStream(stream, [webhookEvent(payment)], { expectedVersion: 3 })
        const row = await store.getBankSlip(key)
        expect(row).toMatchObject({ status: 'paid', reportedStatus: 'paid', version: 4 })
        expect(row).toEqual(JSON.parse(JSON.stringify(projectStream(await store.readStream(stream)))))
      })

      test('takes the webhook the caller decoded for the row, and stores the body alone', async () => {
        const store = await open()
        const stream = bankSlipStreamId(key)
        const event = webhookEvent(registration)
        expect(event.decoded).toBeDefined()
        await store.appendToStream(stream, [event])
        const [stored] = await store.readStream(stream)
        expect(stored).not.toHaveProperty('decoded')
        expect(stored!.data).toEqual(registration)
        // What the projection was handed is what decoding the stored body gives.
        expect(fromStoredEvent(stored!)).toEqual({ ok: true, event: event.decoded })
        expect(await store.getBankSlip(key)).toEqual(
          JSON.parse(JSON.stringify(projectStream(await store.readStream(stream)))),
        )
      })

      test('keeps rejected registrations apart and ignores streams it does not handle', async () => {
        const store = await open()
        const rejected = seedWebhook('registration (rejected)')
        const rejectedKey = (rejected.data as { bank_slip_key: string }).bank_slip_key
        await store.appendToStream(bankSlipStreamId(rejectedKey), [webhookEvent(rejected)])
        await store.appendToStream('quarantine', [plain('q1')])
        expect(await store.getBankSlip(rejectedKey)).toMatchObject({ status: 'rejected' })
        expect((await allRows(store)).map((r) => r.bankSlipKey)).toEqual([rejectedKey])
      })

      test('leaves the row alone on a duplicate-only append', async () => {
        const store = await open()
        const stream = bankSlipStreamId(key)
        await store.appendToStream(stream, [webhookEvent(registration)])
        const before = await store.getBankSlip(key)
        await delay(5)
        const redelivered = seedWebhook('registration (confirmed)', {
          webhookDatetime: '2024-08-13T21:40:00.000Z',
        })
        const again = await store.appendToStream(stream, [webhookEvent(redelivered)])
        expect(again.events[0]!.duplicate).toBe(true)
        expect(await store.getBankSlip(key)).toEqual(before)
      })

      test('lists rows by status and update time with keyset pagination', async () => {
        const store = await open()
        const keys = range(7).map((i) => `0000000${i}-aaaa-4bbb-8ccc-000000000000`)
        for (const [i, k] of keys.entries()) {
          const seed = i % 3 === 2 ? 'registration (rejected)' : 'registration (confirmed)'
          await store.appendToStream(bankSlipStreamId(k), [
            webhookEvent(seedWebhook(seed, { bankSlipKey: k })),
          ])
          if (i === 3) await delay(5)
        }
        const rows = await allRows(store)
        expect(rows.map((r) => r.bankSlipKey).sort()).toEqual(keys)
        const order = rows.map((r) => [r.updatedAt, r.bankSlipKey] as const)
        expect(
          [...order].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1)),
        ).toEqual(order)

        const first = await store.listBankSlips({ limit: 2 })
        expect(first.items).toHaveLength(2)
        expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/)
        const second = await store.listBankSlips({ limit: 2, cursor: first.nextCursor })
        expect(second.items.map((r) => r.bankSlipKey)).toEqual(rows.slice(2, 4).map((r) => r.bankSlipKey))
        const last = await store.listBankSlips({ limit: 7 })
        expect(last.items).toHaveLength(7)
        expect(last.nextCursor).toBeNull()

        const registered = await store.listBankSlips({ status: 'registered', limit: 100 })
        expect(registered.items.map((r) => r.bankSlipKey).sort()).toEqual(keys.filter((_, i) => i % 3 !== 2))
        const rejectedPage = await store.listBankSlips({ status: 'rejected', limit: 1 })
        expect(rejectedPage.items.map((r) => r.status)).toEqual(['rejected'])
        const rejectedNext = await store.listBankSlips({
          status: 'rejected',
          limit: 1,
          cursor: rejectedPage.nextCursor,
        })
        expect(rejectedNext.items.map((r) => r.status)).toEqual(['rejected'])
        expect(rejectedNext.nextCursor).toBeNull()
        expect((await store.listBankSlips({ status: 'paid' })).items).toEqual([])

        const pivot = rows[3]!.updatedAt
        const newer = await store.listBankSlips({ updatedAfter: pivot })
        expect(newer.items.map((r) => r.bankSlipKey)).toEqual(
          rows.filter((r) => r.updatedAt > pivot).map((r) => r.bankSlipKey),
        )
        expect(newer.items.length).toBeGreaterThan(0)
        expect((await store.listBankSlips({ updatedAfter: '2999-01-01T00:00:00Z' })).items).toEqual([])
      })

      test('refuses cursors it did not make', async () => {
        const store = await open()
        await expectInvalid(store.listBankSlips({ cursor: 'not a cursor!' }))
        await expectInvalid(store.listBankSlips({ cursor: Buffer.from('{"a":1}').toString('base64url') }))
        await expectInvalid(store.listBankSlips({ updatedAfter: 'yesterday' }))
        await expectInvalid(store.listBankSlips({ limit: 0 }))
      })

      test('rebuildProjection rebuilds the inline rows from the log', async () => {
        const store = await open()
        const stream = bankSlipStreamId(key)
        await store.appendToStream(stream, [webhookEvent(registration)])
        await store.appendToStream(stream, [
          webhookEvent(
            seedWebhook('fine', { bankSlipKey: key, webhookDatetime: '2024-09-01T00:00:00.000Z' }),
          ),
        ])
        for (const seed of ['write_off', 'protest_request', 'payment_notice', 'registration (rejected)'])
          await store.appendToStream(bankSlipStreamId(`k-${seed}`), [
            webhookEvent(seedWebhook(seed, { bankSlipKey: `k-${seed}` })),
          ])
        await store.appendToStream('not-a-boleto', [plain('x')])
        const inline = await allRows(store)
        expect(inline).toHaveLength(5)
        expect(await store.rebuildProjection()).toBe(5)
        expect(await allRows(store)).toEqual(inline)
        expect(await store.rebuildProjection()).toBe(5)
        expect(await store.getBankSlip(key)).toEqual(inline.find((r) => r.bankSlipKey === key))
      })
    })

    describe('checkpoints and consumers', () => {
      test('stores checkpoints with compare-and-set', async () => {
        const store = await open()
        expect(await store.readCheckpoint('c')).toBeNull()
        expect(await store.storeCheckpoint('c', 5, 3)).toBe(false)
        expect(await store.storeCheckpoint('c', 5, null)).toBe(true)
        expect(await store.storeCheckpoint('c', 6, null)).toBe(false)
        expect(await store.storeCheckpoint('c', 9, 4)).toBe(false)
        expect(await store.readCheckpoint('c')).toBe(5)
        expect(await store.storeCheckpoint('c', 9, 5)).toBe(true)
        expect(await store.readCheckpoint('c')).toBe(9)
        expect(await store.readCheckpoint('other')).toBeNull()
      })

      test('a consumer hands every event over once, in order, and checkpoints', async () => {
        const store = await open()
        for (const i of range(7)) await store.appendToStream(`s${i % 2}`, [plain(`e${i}`)])
        await readAllIds(
          store,
          range(7).map((i) => `e${i}`),
        )
        const seen: StoredEvent[] = []
        const consumer = createConsumer({
          store,
          name: 'projector',
          batchSize: 3,
          handle: async (events) => void seen.push(...events),
        })
        expect((await consumer.runOnce()).handled).toBe(3)
        expect((await consumer.runOnce()).handled).toBe(3)
        const third = await consumer.runOnce()
        expect(third).toEqual({ handled: 1, checkpoint: seen[6]!.position, conflict: false })
        expect((await consumer.runOnce()).handled).toBe(0)
        expect(ids(seen)).toEqual(range(7).map((i) => `e${i}`))
        expect(await store.readCheckpoint('projector')).toBe(seen[6]!.position)
        await store.appendToStream('s0', [plain('late')])
        await eventually(async () => expect(ids(await store.readAll()).at(-1)).toBe('late'))
        const again = createConsumer({
          store,
          name: 'projector',
          handle: async (events) => void seen.push(...events),
        })
        expect((await again.runOnce()).handled).toBe(1)
        expect(ids(seen).at(-1)).toBe('late')
      })

      test('a consumer whose checkpoint moved under it reports a conflict and never moves it back', async () => {
        const store = await open()
        for (const i of range(4)) await store.appendToStream('s', [plain(`e${i}`)])
        await readAllIds(store, ['e0', 'e1', 'e2', 'e3'])
        const all = await store.readAll()
        const consumer = createConsumer({
          store,
          name: 'shared',
          batchSize: 2,
          handle: async () => {
            await store.storeCheckpoint('shared', all[3]!.position, null)
          },
        })
        const run = await consumer.runOnce()
        expect(run).toEqual({ handled: 2, checkpoint: all[3]!.position, conflict: true })
        expect(await store.readCheckpoint('shared')).toBe(all[3]!.position)
      })

      test('a started consumer keeps up until stopped', async () => {
        const store = await open()
        const seen: string[] = []
        const errors: unknown[] = []
        const consumer = createConsumer({
          store,
          name: 'live',
          batchSize: 2,
          pollIntervalMs: 5,
          handle: async (events) => void seen.push(...ids(events)),
          onError: (e) => errors.push(e),
        })
        consumer.start()
        expect(consumer.running).toBe(true)
        for (const i of range(5)) await store.appendToStream('s', [plain(`e${i}`)])
        for (let tries = 0; seen.length < 5 && tries < 400; tries++) await delay(5)
        await consumer.stop()
        expect(consumer.running).toBe(false)
        expect(seen).toEqual(range(5).map((i) => `e${i}`))
        expect(errors).toEqual([])
      })
    })

    describe('arguments', () => {
      test('refuses invalid arguments with INVALID_ARGUMENT and writes nothing', async () => {
        const store = await open()
        const circular: Record<string, unknown> = {}
        circular.self = circular
        const bad: [string, () => Promise<unknown>][] = [
          ['empty stream id', () => store.appendToStream('', [plain('a')])],
          ['non-string stream id', () => store.appendToStream(7 as unknown as string, [plain('a')])],
          ['NUL in stream id', () => store.appendToStream('a\u0000b', [plain('a')])],
          ['events not an array', () => store.appendToStream('s', 'x' as unknown as NewEvent[])],
          ['empty event id', () => store.appendToStream('s', [plain('ok'), plain('')])],
          ['missing type', () => store.appendToStream('s', [{ id: 'a', data: 1 } as unknown as NewEvent])],
          ['duplicate ids in a batch', () => store.appendToStream('s', [plain('a'), plain('b'), plain('a')])],
          ['function data', () => store.appendToStream('s', [plain('a', () => 1)])],
          ['bigint data', () => store.appendToStream('s', [plain('a', { n: 10n })])],
          ['NaN data', () => store.appendToStream('s', [plain('a', { n: Number.NaN })])],
          ['undefined data', () => store.appendToStream('s', [{ id: 'a', type: 't', data: undefined }])],
          ['undefined in an array', () => store.appendToStream('s', [plain('a', [1, undefined])])],
          ['circular data', () => store.appendToStream('s', [plain('a', circular)])],
          ['a Date', () => store.appendToStream('s', [plain('a', { at: new Date() })])],
          ['array metadata', () => store.appendToStream('s', [plain('a', 1, [] as unknown as null)])],
          [
            'negative expected version',
            () => store.appendToStream('s', [plain('a')], { expectedVersion: -1 }),
          ],
          [
            'fractional expected version',
            () => store.appendToStream('s', [plain('a')], { expectedVersion: 1.5 }),
          ],
          [
            'unknown expectation',
            () => store.appendToStream('s', [plain('a')], { expectedVersion: 'latest' as ExpectedVersion }),
          ],
          ['readStream from 0', () => store.readStream('s', { from: 0 })],
          ['readStream limit 0', () => store.readStream('s', { limit: 0 })],
          ['readStream empty id', () => store.readStream('')],
          ['readAll negative after', () => store.readAll({ after: -1 })],
          ['readAll fractional limit', () => store.readAll({ limit: 1.5 })],
          ['getEvent empty id', () => store.getEvent('')],
          ['storeCheckpoint negative', () => store.storeCheckpoint('c', -1, null)],
          ['storeCheckpoint empty name', () => store.storeCheckpoint('', 1, null)],
        ]
        for (const [what, call] of bad) {
          const error = await call().then(
            () => new Error(`${what}: no rejection`),
            (e: unknown) => e,
          )
          expect(error, what).toBeInstanceOf(EventStoreError)
          expect((error as EventStoreError).code, what).toBe('INVALID_ARGUMENT')
        }
        expect(await store.readAll()).toEqual([])
        expect(await store.streamExists('s')).toBe(false)
        expect(await store.readCheckpoint('c')).toBeNull()
        expect((await store.listBankSlips()).items).toEqual([])
      })

      test('refuses calls once closed', async () => {
        const store = await open()
        await store.close()
        const error = await rejection(store.appendToStream('s', [plain('a')]))
        expect(error).toBeInstanceOf(EventStoreError)
        expect((error as EventStoreError).code).toBe('CLOSED')
      })
    })

    describe('concurrency', () => {
      test('lets exactly one of many appends at one expected version win', async () => {
        const store = await open()
        await store.appendToStream('s', [plain('first')], { expectedVersion: 'no_stream' })
        const results = await Promise.allSettled(
          range(concurrency).map((i) => store.appendToStream('s', [plain(`c${i}`)], { expectedVersion: 1 })),
        )
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
        for (const r of results.filter((r) => r.status === 'rejected'))
          expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError)
        expect((await store.readStream('s')).map((e) => e.streamVersion)).toEqual([1, 2])
      })

      test('lets exactly one of many no_stream creations of one stream win', async () => {
        const store = await open()
        const stream = bankSlipStreamId(key0)
        const results = await Promise.allSettled(
          range(concurrency).map((i) =>
            store.appendToStream(
              stream,
              [
                webhookEvent(
                  seedWebhook('registration (confirmed)', {
                    bankSlipKey: key0,
                    occurrenceKey: `00000000-0000-4000-8000-00000000000${i % 10}`,
                  }),
                ),
              ],
              { expectedVersion: 'no_stream' },
            ),
          ),
        )
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
        for (const r of results.filter((r) => r.status === 'rejected'))
          expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError)
        expect(await store.readStream(stream)).toHaveLength(1)
        expect(await store.getBankSlip(key0)).toMatchObject({ version: 1, status: 'registered' })
      })

      test('stores one copy of an id redelivered concurrently', async () => {
        const store = await open()
        const event = webhookEvent(seedWebhook('registration (confirmed)', { bankSlipKey: key0 }))
        const results = await Promise.all(
          range(concurrency).map(() =>
            store.appendToStream(bankSlipStreamId(key0), [event], { expectedVersion: 'any' }),
          ),
        )
        expect(results.filter((r) => !r.events[0]!.duplicate)).toHaveLength(1)
        expect(new Set(results.map((r) => r.events[0]!.position)).size).toBe(1)
        await eventually(async () => expect(await store.readAll()).toHaveLength(1))
        expect(await store.getBankSlip(key0)).toMatchObject({ version: 1 })
      })

      test('hands each event of concurrent writers to a reading consumer exactly once, in position order', async () => {
        const store = await open()
        const writers = concurrency
        const perWriter = 12
        const seen: StoredEvent[] = []
        const consumer = createConsumer({
          store,
          name: 'tail',
          batchSize: 5,
          pollIntervalMs: 1,
          handle: async (events) => void seen.push(...events),
        })
        consumer.start()
        const written: string[] = []
        await Promise.all(
          range(writers).map(async (w) => {
            for (const i of range(perWriter)) {
              const slip = `w${w}-slip${i % 3}`
              // The first event of each boleto is its registration.
              const body = seedWebhook(i < 3 ? 'registration (confirmed)' : 'interest', {
                bankSlipKey: slip,
                occurrenceKey: `00000000-0000-4000-8000-${String(w * 100 + i).padStart(12, '0')}`,
              })
              const event = webhookEvent(body)
              const batch = i % 4 === 3 ? [event, plain(`${slip}-extra-${i}`)] : [event]
              await store.appendToStream(bankSlipStreamId(slip), batch, { expectedVersion: 'any' })
              written.push(...ids(batch))
            }
          }),
        )
        await consumer.stop()
        await eventually(async () => {
          while ((await consumer.runOnce()).handled > 0);
          expect(seen.length).toBeGreaterThanOrEqual(written.length)
        })
        expect(seen).toHaveLength(written.length)
        expect(new Set(ids(seen))).toEqual(new Set(written))
        const positions = seen.map((e) => e.position)
        expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true)
        for (const w of range(writers))
          for (const s of range(3)) {
            const versions = (await store.readStream(bankSlipStreamId(`w${w}-slip${s}`))).map(
              (e) => e.streamVersion,
            )
            expect(versions).toEqual(range(versions.length).map((i) => i + 1))
          }
      })
    })

    describe('model', () => {
      test(`behaves like a model of streams and ids (fast-check, ${numRuns} runs)`, async () => {
        const store = await open()
        let run = 0
        let head = 0
        await fc.assert(
          fc.asyncProperty(fc.commands(commandArbitraries, { maxCommands }), async (commands) => {
            const real: Real = { store, prefix: `run${run++}-`, baseline: head, head }
            const model: Model = { streams: new Map(), events: new Map(), order: [] }
            try {
              await fc.asyncModelRun(() => ({ model, real }), commands)
            } finally {
              head = real.head
            }
          }),
          { numRuns },
        )
      })
    })
  })
}
