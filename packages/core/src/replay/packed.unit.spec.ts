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
})
