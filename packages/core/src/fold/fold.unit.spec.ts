import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { FINAL_STATUSES } from '../domain/vocabulary.js'
import { deliveryArb, validHistoryArb, webhookBodyArb } from '../testing/arbitraries.js'
import { SEED_WEBHOOKS } from '../testing/seeds.js'
import { evolve, fold, initialState } from './fold.js'
import { decoded, events, historyPart } from './test-helpers.js'

const body = (type: string, time: string, status: string, extra: Record<string, unknown> = {}) => ({
  webhook_type: type === 'payment' ? 'baas.bank_slip.payment' : 'baas.bank_slip.occurrence',
  webhook_datetime: time,
  data: {
    bank_slip_key: 'slip',
    bank_slip_status: status,
    occurrence_key: `occ-${type}-${time}`,
    occurrence_type: type,
    occurrence_status: 'confirmed',
    ...extra,
  },
})
const registration = body('registration', '2024-01-01T10:00:00Z', 'registered')
const rebate = body('rebate', '2024-01-02T10:00:00Z', 'registered')
const payment = body('payment', '2024-01-03T10:00:00Z', 'paid', { paid_amount: 100.5 })

const reduceEvolve = (bodies: readonly unknown[]) =>
  events(bodies).reduce((s, e) => evolve(s, e), initialState)

describe('fold', () => {
  it('folds a registration, a rebate and a payment', () => {
    const state = fold(events([registration, rebate, payment]))
    expect(state.status).toBe('paid')
    expect(state.rebate).toBe('active')
    expect(state.payment?.paidAmountCents).toBe(10050)
    expect(state.anomalies).toEqual([])
    expect(state.version).toBe(3)
  })

  it('counts a duplicate and changes nothing else', () => {
    const once = reduceEvolve([registration, rebate])
    const twice = reduceEvolve([registration, rebate, registration])
    expect(twice.delivery).toEqual({ duplicates: 1, outOfOrder: 0 })
    expect(historyPart(twice)).toEqual(historyPart(once))
  })

  it('keeps the earliest-dated copy of a re-sent occurrence, whatever the arrival order', () => {
    const resent = { ...registration, webhook_datetime: '2024-01-05T00:00:00Z' }
    const a = reduceEvolve([resent, rebate, registration])
    const b = reduceEvolve([registration, rebate, resent])
    expect(historyPart(a)).toEqual(historyPart(b))
    expect(a.history[0]).toEqual(decoded(registration))
  })

  it('re-derives the state when an earlier event arrives late', () => {
    const state = reduceEvolve([payment, registration])
    expect(state.status).toBe('paid')
    expect(state.anomalies).toEqual([])
    expect(state.delivery.outOfOrder).toBe(1)
  })

  it('is lenient by default: an invalid transition is an anomaly and the reported status is adopted', () => {
    const state = fold(events([payment]))
    expect(state.status).toBe('paid')
    expect(state.anomalies).toEqual([
      expect.objectContaining({
        kind: 'invalid_transition',
        expected: 'accepted',
        actual: 'paid',
        occurrenceType: 'payment',
      }),
    ])
  })

  it('strict mode returns an error instead', () => {
    const result = fold(events([payment]), { strict: true })
    expect(E.isLeft(result)).toBe(true)
    if (E.isLeft(result)) expect(result.left).toMatchObject({ _tag: 'InvalidTransition', from: 'accepted' })
    expect(E.isRight(fold(events([registration, payment]), { strict: true }))).toBe(true)
    expect(E.isLeft(evolve(initialState, decoded(payment), { strict: true }))).toBe(true)
  })

  it('reports a disagreement with the provider status without dropping it', () => {
    const state = fold(events([registration, body('rebate', '2024-01-02T10:00:00Z', 'written_off')]))
    expect(state.status).toBe('registered')
    expect(state.reportedStatus).toBe('written_off')
    expect(state.anomalies).toEqual([
      expect.objectContaining({ kind: 'status_mismatch', expected: 'registered', actual: 'written_off' }),
    ])
  })

  it('replays an unknown occurrence type without throwing and reports it', () => {
    const state = fold(
      events([registration, body('hologram', '2024-01-02T00:00:00Z', 'registered', { sparkle: true })]),
    )
    expect(state.status).toBe('registered')
    expect(state.anomalies.map((a) => a.kind)).toEqual(['unknown_type'])
  })

  it('rejected occurrences settle nothing but are kept', () => {
    const rejected = {
      ...body('rebate', '2024-01-02T10:00:00Z', 'registered'),
      data: { ...body('rebate', '2024-01-02T10:00:00Z', 'registered').data, occurrence_status: 'rejected' },
    }
    const state = fold(events([registration, rejected]))
    expect(state.status).toBe('registered')
    expect(state.rebate).toBe('none')
    expect(state.rejectedOccurrences).toEqual([expect.objectContaining({ occurrenceType: 'rebate' })])
  })

  it('orders the seed examples, which share one timestamp, by lifecycle rank', () => {
    const slip = SEED_WEBHOOKS.filter(
      (s) =>
        (s.body.data as { bank_slip_key: string }).bank_slip_key === 'db04719d-4370-4f3f-82b7-d72d3db2f39e',
    )
    const reversed = [...slip].reverse().map((s) => s.body)
    const state = fold(events(reversed))
    expect(state.status).toBe('paid')
    expect(state.anomalies).toEqual([
      expect.objectContaining({ kind: 'invalid_transition', occurrenceType: 'payment_notice' }),
    ])
  })
})

const historyAndDelivery = validHistoryArb().chain((steps) =>
  fc.tuple(fc.constant(steps), deliveryArb(steps.map((s) => s.body))),
)

describe('fold properties', () => {
  it('converges: every delivery of a valid history (reordered, duplicated) folds to the in-order state', () => {
    fc.assert(
      fc.property(historyAndDelivery, ([steps, delivery]) => {
        const inOrder = fold(events(steps.map((s) => s.body)))
        const batch = fold(events(delivery))
        const incremental = reduceEvolve(delivery)
        expect(inOrder.status).toBe(steps[steps.length - 1]!.status)
        expect(inOrder.anomalies).toEqual([])
        expect(historyPart(batch)).toEqual(historyPart(inOrder))
        expect(incremental).toEqual(batch)
        expect(batch.delivery.duplicates).toBe(delivery.length - steps.length)
      }),
      { numRuns: 3000 },
    )
  })

  it('is deterministic for any input, equal timestamps included: every permutation folds alike', () => {
    const sameTime = webhookBodyArb({ bankSlipKey: 'slip' }).map((b) => ({
      ...b,
      webhook_datetime: '2024-08-13T21:35:55.679Z',
    }))
    const anyBody = fc.oneof(webhookBodyArb({ bankSlipKey: 'slip' }), sameTime)
    fc.assert(
      fc.property(
        fc
          .array(anyBody, { maxLength: 10 })
          .chain((bodies) => fc.tuple(fc.constant(bodies), deliveryArb(bodies))),
        ([bodies, delivery]) => {
          expect(historyPart(fold(events(delivery)))).toEqual(historyPart(fold(events(bodies))))
          expect(reduceEvolve(delivery)).toEqual(fold(events(delivery)))
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('final states absorb: nothing after paid or rejected moves the status', () => {
    // Drive each valid history to `paid` by construction (or keep it `rejected`), instead of filtering.
    const toPaid: Partial<Record<string, string[]>> = {
      registered: ['payment'],
      payment_notice: ['payment'],
      notary_office_payment_notice: ['payment'],
      payment_blocked: ['notary_office_payment_notice', 'payment'],
    }
    fc.assert(
      fc.property(
        validHistoryArb({ maxLength: 12 }),
        fc.array(webhookBodyArb({ bankSlipKey: 'any' }), { maxLength: 6 }),
        (steps, later) => {
          let base = fold(events(steps.map((s) => s.body)))
          const key = base.bankSlipKey!
          const tail = toPaid[base.status] ?? []
          base = tail.reduce(
            (state, type, i) =>
              evolve(
                state,
                decoded({
                  ...body(type, `2030-01-0${1 + i}T00:00:00Z`, type === 'payment' ? 'paid' : type),
                  data: {
                    ...body(type, `2030-01-0${1 + i}T00:00:00Z`, type === 'payment' ? 'paid' : type).data,
                    bank_slip_key: key,
                  },
                }),
              ),
            base,
          )
          fc.pre((FINAL_STATUSES as readonly string[]).includes(base.status))
          const after = events(
            later.map((b, i) => ({
              ...b,
              webhook_datetime: `2031-01-0${1 + (i % 9)}T00:00:00Z`,
              data: { ...b.data, bank_slip_key: key },
            })),
          ).reduce((s, e) => evolve(s, e), base)
          expect(after.status).toBe(base.status)
          expect(after.payment).toEqual(base.payment)
        },
      ),
      { numRuns: 3000 },
    )
  })
})

describe('review regressions: order independence and the lifecycle', () => {
  const keyless = (paid: number, time = '2024-01-03T10:00:00Z') => ({
    webhook_type: 'baas.bank_slip.payment',
    webhook_datetime: time,
    data: {
      bank_slip_key: 'slip',
      bank_slip_status: 'paid',
      occurrence_type: 'payment',
      occurrence_status: 'confirmed',
      paid_amount: paid,
    },
  })

  it('two different keyless events at one instant fold alike in both orders, and fold equals reduce(evolve)', () => {
    const a = keyless(10)
    const b = keyless(20)
    expect(historyPart(fold(events([registration, a, b])))).toEqual(
      historyPart(fold(events([registration, b, a]))),
    )
    expect(reduceEvolve([registration, a, b])).toEqual(fold(events([registration, a, b])))
  })

  it('copies of one occurrence written with different precision keep the same copy in both orders', () => {
    const a = { ...payment, webhook_datetime: '2024-01-03T10:00:00Z' }
    const b = {
      ...payment,
      webhook_datetime: '2024-01-03T10:00:00.000Z',
      data: { ...payment.data, paid_amount: 20 },
    }
    expect(historyPart(fold(events([registration, a, b])))).toEqual(
      historyPart(fold(events([registration, b, a]))),
    )
  })

  it('an event with a bad offset is reported, not silently ordered', () => {
    const bad = { ...payment, webhook_datetime: '2024-01-01T00:00:00+ab:cd' }
    const one = fold(events([registration, bad]))
    expect(historyPart(one)).toEqual(historyPart(fold(events([bad, registration]))))
    expect(one.anomalies.map((a) => a.kind)).toContain('invalid_datetime')
  })

  it('written_off accepts only protest_remove_request: later events are anomalies, nothing moves', () => {
    const writeOff = body('write_off', '2024-01-02T10:00:00Z', 'written_off')
    const state = fold(
      events([registration, writeOff, body('payment', '2024-01-04T10:00:00Z', 'paid', { paid_amount: 5 })]),
    )
    expect(state.status).toBe('written_off')
    expect(state.payment).toBeNull()
    expect(state.reportedStatus).toBe('paid')
    expect(state.anomalies).toEqual([
      expect.objectContaining({ kind: 'invalid_transition', expected: 'written_off' }),
    ])
  })

  it('unknown values that are objects neither crash nor collide', () => {
    const odd = (code: number) => ({
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-01-05T00:00:00Z',
      data: {
        bank_slip_key: 'slip',
        bank_slip_status: 'registered',
        occurrence_key: 'same',
        occurrence_type: { code },
        occurrence_status: 'confirmed',
      },
    })
    const state = fold(events([registration, odd(1), odd(2)]))
    expect(state.version).toBe(3)
    expect(state.delivery.duplicates).toBe(0)
  })

  it('a keyless re-send that differs only in its send time is a duplicate', () => {
    const legacy = (time: string) => ({
      webhook_type: 'bank_slip.status_change',
      key: 'slip',
      status: 'registered',
      event_datetime: time,
      data: { occurrence_type: 'registration', occurrence_feedback: 'confirmed' },
    })
    const state = fold(events([legacy('2021-01-01T00:00:00'), legacy('2021-01-02T00:00:00')]))
    expect(state).toMatchObject({ version: 1, delivery: { duplicates: 1 } })
  })
})
