import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PaymentDetails, WebhookEvent } from '../domain/events.js'
import {
  BANK_SLIP_STATUSES,
  LEGACY_WEBHOOK_TYPE,
  OCCURRENCE_STATUSES,
  OCCURRENCE_TYPES,
  PAYMENT_METHODS,
  PAYMENT_ORIGINS,
  WEBHOOK_TYPES,
} from '../domain/vocabulary.js'
import { SEED_WEBHOOKS } from '../testing/seeds.js'
import { decodeWebhook } from '../webhook/decode.js'
import { CompactFields, eventOfFields, scanWebhookFields } from '../webhook/scan.js'
import { NO_RECORD, PackedEvents } from './packed.js'

const unknownArb = fc.record({ _tag: fc.constant('Unknown' as const), raw: fc.jsonValue() })
const tolerantArb = <T extends string>(values: readonly T[]) =>
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: unknownArb })
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 })
/** ASCII and not, short and past the packed limit. */
const textArb = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 250, maxLength: 300 }) },
)
const centsArb = nullable(
  fc.oneof(fc.integer({ min: -1e9, max: 1e12 }), fc.constant(-0), fc.constant(Number.MAX_SAFE_INTEGER)),
)
const paymentArb: fc.Arbitrary<PaymentDetails> = fc
  .record({
    paidAmountCents: centsArb,
    paidRebateAmountCents: centsArb,
    paidDiscountAmountCents: centsArb,
    paidFineAmountCents: centsArb,
    paidInterestAmountCents: centsArb,
    paymentMethod: nullable(tolerantArb(PAYMENT_METHODS)),
    paymentOrigin: nullable(tolerantArb(PAYMENT_ORIGINS)),
    paymentCreditDate: nullable(textArb),
  })
  .map((p) => ({ ...p })) // fc.record may build null-prototype objects; the decoder never does

/** Events in the decoder's field order, including every shape the packing leaves as an object. */
const eventArb = (bankSlipKey: string): fc.Arbitrary<WebhookEvent> =>
  fc
    .record({
      webhookType: tolerantArb([...WEBHOOK_TYPES, LEGACY_WEBHOOK_TYPE]),
      webhookDatetime: nullable(textArb),
      at: fc.oneof(fc.integer({ min: 0, max: 4e15 }), fc.constant(Number.MAX_SAFE_INTEGER)),
      bankSlipStatus: nullable(tolerantArb(BANK_SLIP_STATUSES)),
      occurrenceKey: nullable(textArb),
      occurrenceType: nullable(tolerantArb(OCCURRENCE_TYPES)),
      occurrenceStatus: nullable(tolerantArb(OCCURRENCE_STATUSES)),
      payment: nullable(paymentArb),
      unknownFields: fc.option(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }), {
        nil: null,
        freq: 8,
      }),
      issues: fc.constantFrom(null, null, null, [
        { kind: 'unknown_value' as const, path: 'data.x', message: 'unknown value "y"', actual: 'y' },
      ]),
    })
    .map((e) => ({
      kind: 'webhook' as const,
      webhookType: e.webhookType,
      webhookDatetime: e.webhookDatetime,
      at: e.at,
      bankSlipKey,
      bankSlipStatus: e.bankSlipStatus,
      occurrenceKey: e.occurrenceKey,
      occurrenceType: e.occurrenceType,
      occurrenceStatus: e.occurrenceStatus,
      payment: e.payment,
      unknownFields: e.unknownFields,
      issues: e.issues,
    }))

describe('PackedEvents', () => {
  it('gives back exactly the events appended, per chain and in order, with their input positions', () => {
    const keys = ['a', 'b', 'c']
    const inputArb = fc.array(
      fc.constantFrom(...keys).chain((key) => eventArb(key).map((event) => ({ key, event }))),
      { maxLength: 60 },
    )
    fc.assert(
      fc.property(inputArb, (inputs) => {
        const packed = new PackedEvents()
        const chains = new Map<string, { newest: number; count: number }>()
        inputs.forEach(({ key, event }, index) => {
          const chain = chains.get(key) ?? { newest: NO_RECORD, count: 0 }
          chain.newest = packed.append(event, index * 7, chain.newest)
          chain.count++
          chains.set(key, chain)
        })
        for (const [key, chain] of chains) {
          const expected = inputs.flatMap((input, index) => (input.key === key ? [{ input, index }] : []))
          const { events, indices } = packed.readChain(chain.newest, chain.count, key)
          expect(events).toStrictEqual(expected.map((x) => x.input.event))
          // Same field order too: reports are compared as JSON text.
          expect(JSON.stringify(events)).toBe(JSON.stringify(expected.map((x) => x.input.event)))
          expect(indices).toEqual(expected.map((x) => x.index * 7))
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('packs the usual webhook in well under 100 bytes and keeps only the unusual as objects', () => {
    const packed = new PackedEvents()
    let newest = NO_RECORD
    const bodies = SEED_WEBHOOKS.map((s) => s.body)
    for (let i = 0; i < 10_000; i++) {
      const decoded = decodeWebhook(bodies[i % bodies.length])
      if (!decoded.ok) throw new Error('seed does not decode')
      newest = packed.append({ ...decoded.value, bankSlipKey: 'k' }, i, newest)
    }
    // Seeds with payment data are the largest; 10,000 of them still fit in one 1 MiB chunk.
    expect(packed.byteLength).toBe(1 << 20)
    expect(packed.unpacked).toBe(0)
    const { events } = packed.readChain(newest, 10_000, 'k')
    const first = decodeWebhook(bodies[0])
    expect(first.ok && events[0]).toStrictEqual(first.ok && { ...first.value, bankSlipKey: 'k' })
  })

  it('spans chunks: a chain reads back across many megabytes', () => {
    const packed = new PackedEvents()
    let newest = NO_RECORD
    const event = (i: number): WebhookEvent => ({
      kind: 'webhook',
      webhookType: 'baas.bank_slip.occurrence',
      webhookDatetime: new Date(i * 1000).toISOString(),
      at: i * 1e6,
      bankSlipKey: 'k',
      bankSlipStatus: 'registered',
      occurrenceKey: `occurrence-${i}`.padEnd(200, '.'),
      occurrenceType: 'registration',
      occurrenceStatus: 'confirmed',
      payment: null,
      unknownFields: null,
      issues: null,
    })
    for (let i = 0; i < 20_000; i++) newest = packed.append(event(i), i, newest)
    expect(packed.byteLength).toBeGreaterThan(4 << 20)
    const { events, indices } = packed.readChain(newest, 20_000, 'k')
    expect(events[0]).toStrictEqual(event(0))
    expect(events[19_999]).toStrictEqual(event(19_999))
    expect(indices[12_345]).toBe(12_345)
    packed.clear(true)
    expect(packed.byteLength).toBe(1 << 20)
    newest = packed.append(event(7), 7, NO_RECORD)
    expect(packed.readChain(newest, 1, 'k').events).toStrictEqual([event(7)])
    packed.clear()
    expect(packed.byteLength).toBe(0)
  })

  it('shifts the input position of every record, in every chunk, objects included, and nothing else', () => {
    const packed = new PackedEvents()
    const event = (i: number): WebhookEvent => ({
      kind: 'webhook',
      webhookType:
        i % 1000 === 0 ? ({ _tag: 'Unknown', raw: 'baas.new' } as never) : 'baas.bank_slip.occurrence',
      webhookDatetime: new Date(i * 1000).toISOString(),
      at: i * 1e6,
      bankSlipKey: `k${i % 3}`,
      bankSlipStatus: 'registered',
      occurrenceKey: `occurrence-${i}`.padEnd(150, '.'),
      occurrenceType: 'registration',
      occurrenceStatus: 'confirmed',
      payment: null,
      unknownFields: null,
      issues: null,
    })
    const newest = [NO_RECORD, NO_RECORD, NO_RECORD]
    for (let i = 0; i < 15_000; i++) newest[i % 3] = packed.append(event(i), i, newest[i % 3]!)
    expect(packed.byteLength).toBeGreaterThan(2 << 20)
    packed.shiftPositions(1_000_000)
    for (let k = 0; k < 3; k++) {
      const { events, indices } = packed.readChain(newest[k]!, 5_000, `k${k}`)
      expect(indices).toEqual(Array.from({ length: 5_000 }, (_, j) => 1_000_000 + 3 * j + k))
      expect(events).toStrictEqual(Array.from({ length: 5_000 }, (_, j) => event(3 * j + k)))
    }
  })
})

describe('shifted positions', () => {
  const event0: WebhookEvent = {
    kind: 'webhook',
    webhookType: WEBHOOK_TYPES[0],
    webhookDatetime: '2024-08-01T00:00:00.000Z',
    at: 1_722_470_400_000_000,
    bankSlipKey: 'k',
    bankSlipStatus: 'registered',
    occurrenceKey: 'o',
    occurrenceType: 'registration',
    occurrenceStatus: 'confirmed',
    payment: null,
    unknownFields: null,
    issues: null,
  }
  /** A store's exports as a `ChainImport` for another store. */
  const exportAll = (p: PackedEvents, newest: number, count: number) => {
    const out = { bytes: new Uint8Array(1 << 16), at: 0, objects: [] as WebhookEvent[] }
    p.exportChain(newest, count, {
      objects: out.objects,
      reserve(length: number) {
        const at = out.at
        out.at += length
        return { bytes: out.bytes, view: new DataView(out.bytes.buffer), at }
      },
    })
    return { bytes: out.bytes, view: new DataView(out.bytes.buffer), objects: out.objects }
  }

  it('apply to the records held when shifted, across later appends, exports and imports', () => {
    // Steps: append an event at a position, or shift everything held so far.
    const stepArb = fc.oneof(
      { weight: 3, arbitrary: eventArb('k').map((event) => ({ event })) },
      { weight: 1, arbitrary: fc.integer({ min: -1000, max: 1e9 }).map((by) => ({ by })) },
    )
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 12 }), fc.integer({ min: 0, max: 1e6 }), (steps, later) => {
        const packed = new PackedEvents()
        const expected: number[] = []
        let newest = NO_RECORD
        for (const [i, step] of steps.entries())
          if ('event' in step) {
            newest = packed.append(step.event, i, newest)
            expected.push(i)
          } else {
            packed.shiftPositions(step.by)
            for (let j = 0; j < expected.length; j++) expected[j]! += step.by
          }
        expect(packed.readChain(newest, expected.length, 'k').indices).toEqual(expected)
        // Exported records carry their shifted positions; the importer's own earlier shifts are not theirs.
        const other = new PackedEvents()
        const own = other.append(steps.find((s) => 'event' in s)?.event ?? event0, 0, NO_RECORD)
        other.shiftPositions(later)
        const { newest: joined } = other.importChain(
          exportAll(packed, newest, expected.length),
          0,
          expected.length,
          own,
        )
        expect(other.readChain(joined, expected.length + 1, 'k').indices).toEqual([later, ...expected])
      }),
      { numRuns: 500 },
    )
  })
})

describe('packing from a scanned line', () => {
  const absent = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 })
  const plain = fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: 300,
  })
  const amount = fc.oneof(
    fc.integer({ min: 0, max: 1e9 }).map((c) => c / 100),
    fc.constant(0),
  )
  /** Compact bodies in decode.ts's field order, as QI sends them: what `scanWebhookFields` reads. */
  const compactBody = fc.record({
    webhook_type: fc.constantFrom(...WEBHOOK_TYPES),
    webhook_datetime: fc.oneof(
      fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constant('2024-08-06T14:53:05.628123Z'),
    ),
    data: fc.record({
      bank_slip_key: fc.oneof(
        fc.uuid(),
        plain.filter((k) => k.length > 0),
      ),
      bank_slip_status: absent(nullable(fc.constantFrom(...BANK_SLIP_STATUSES))),
      occurrence_key: absent(nullable(fc.oneof(fc.uuid(), plain))),
      occurrence_type: absent(nullable(fc.constantFrom(...OCCURRENCE_TYPES))),
      occurrence_status: absent(nullable(fc.constantFrom(...OCCURRENCE_STATUSES))),
      paid_amount: absent(nullable(amount)),
      paid_rebate_amount: absent(nullable(amount)),
      paid_discount_amount: absent(nullable(amount)),
      paid_fine_amount: absent(nullable(amount)),
      paid_interest_amount: absent(nullable(amount)),
      payment_method: absent(nullable(fc.constantFrom(...PAYMENT_METHODS))),
      payment_origin: absent(nullable(fc.constantFrom(...PAYMENT_ORIGINS))),
      payment_credit_date: absent(nullable(fc.oneof(fc.constant('2024-08-06'), plain))),
    }),
  })

  it('writes the record packing the scanned event would, without making the event', () => {
    let packed = 0
    fc.assert(
      fc.property(
        fc.array(fc.oneof(compactBody, fc.constantFrom(...SEED_WEBHOOKS.map((s) => s.body))), {
          maxLength: 12,
        }),
        // The scanner's enum codes as they come, cleared (fields filled by hand), or wrong (changed by hand).
        fc.constantFrom('scanned', 'cleared', 'wrong'),
        (bodies, codes) => {
          const direct = new PackedEvents()
          const viaEvent = new PackedEvents()
          const fields = new CompactFields()
          let newest = [NO_RECORD, NO_RECORD]
          const events: WebhookEvent[] = []
          for (const [i, body] of bodies.entries()) {
            // Inside a larger buffer, as lines are.
            const line = new TextEncoder().encode(`  ${JSON.stringify(body)}  `)
            if (!scanWebhookFields(line, 2, line.length - 2, fields)) continue
            if (codes === 'cleared') fields.codes.fill(0)
            if (codes === 'wrong')
              for (let slot = 0; slot < fields.codes.length; slot++)
                fields.codes[slot] = (fields.codes[slot]! % 3) + 1
            const event = eventOfFields(line, fields)
            const decoded = decodeWebhook(JSON.parse(JSON.stringify(body)))
            expect(JSON.stringify(event)).toBe(JSON.stringify(decoded.ok ? decoded.value : null))
            events.push(event)
            newest = [direct.appendFields(fields, line, i, newest[0]!), viaEvent.append(event, i, newest[1]!)]
            packed++
          }
          const exported = (p: PackedEvents) => {
            const out = { bytes: new Uint8Array(1 << 20), at: 0, objects: [] as WebhookEvent[] }
            const writer = {
              objects: out.objects,
              reserve(length: number) {
                const at = out.at
                out.at += length
                return { bytes: out.bytes, view: new DataView(out.bytes.buffer), at }
              },
            }
            p.exportChain(p === direct ? newest[0]! : newest[1]!, events.length, writer)
            return [...out.bytes.subarray(0, out.at)]
          }
          expect(exported(direct)).toEqual(exported(viaEvent))
          expect(direct.readChain(newest[0]!, events.length, 'k').events).toEqual(
            viaEvent.readChain(newest[1]!, events.length, 'k').events,
          )
        },
      ),
      { numRuns: 1000 },
    )
    expect(packed).toBeGreaterThan(3000)
  })
})
