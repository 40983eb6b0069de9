import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deliveryArb, validHistoriesArb } from '../testing/arbitraries.js'
import { SEED_WEBHOOKS } from '../testing/seeds.js'
import { createReplayAccumulator, mergeReplayReports, replay } from './replay.js'
import { keyHash } from './slip-index.js'

const keyOf = (body: Record<string, unknown>): string =>
  (body.data as { bank_slip_key: string }).bank_slip_key
const statusOf = (body: Record<string, unknown>): string =>
  (body.data as { bank_slip_status: string }).bank_slip_status

describe('replay of the seed examples', () => {
  it.each(SEED_WEBHOOKS.map((s) => [s.name, s.body] as const))(
    '%s replays to the status its example shows',
    (_name, body) => {
      const report = replay([body])
      expect(report.slips[keyOf(body)]?.status).toBe(statusOf(body))
    },
  )

  it('replays all examples together: each boleto ends in the status of its last example', () => {
    const report = replay(SEED_WEBHOOKS.map((s) => s.body))
    const expected = new Map<string, string>()
    for (const s of SEED_WEBHOOKS) expected.set(keyOf(s.body), statusOf(s.body))
    for (const [key, status] of expected) expect(report.slips[key]?.status, key).toBe(status)
    expect(report.counts.events).toBe(SEED_WEBHOOKS.length)
    expect(report.counts.slips).toBe(expected.size)
    expect(report.counts.undecodable).toBe(0)
  })

  it('a history with an unknown occurrence type and extra fields replays without throwing and reports it', () => {
    const registration = SEED_WEBHOOKS[0]!.body
    const unknown = {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-09-01T10:00:00.000Z',
      shiny_new_envelope_field: { a: 1 },
      data: {
        ...(registration.data as object),
        occurrence_key: 'x-1',
        occurrence_type: 'partial_payment',
        brand_new: 42,
      },
    }
    const report = replay([registration, unknown])
    const slip = report.slips[keyOf(registration)]!
    expect(slip.status).toBe('registered')
    expect(report.counts.byAnomaly.unknown_type).toBe(1)
    expect(report.anomalies).toEqual([
      expect.objectContaining({ kind: 'unknown_type', occurrenceType: 'partial_payment' }),
    ])
  })
})

describe('replay anomalies', () => {
  const seed = (name: string) => SEED_WEBHOOKS.find((s) => s.name === name)!.body

  it('reports duplicates and stale events with their input index', () => {
    const notice = seed('payment_notice')
    const paid = { ...seed('payment'), webhook_datetime: '2024-08-14T00:00:00.000Z' }
    const report = replay([paid, notice, notice])
    expect(report.anomalies.map((a) => [a.kind, a.index])).toEqual([
      ['invalid_transition', undefined],
      ['stale_event', 1],
      ['duplicate', 2],
    ])
    expect(report.counts).toMatchObject({ duplicates: 1, outOfOrder: 1 })
  })

  it('reports undecodable inputs and keeps going', () => {
    const report = replay([42, { data: {} }, seed('registration (confirmed)')])
    expect(report.counts).toMatchObject({ inputs: 3, undecodable: 2, events: 1, slips: 1 })
    expect(report.anomalies.slice(0, 2).map((a) => [a.kind, a.index])).toEqual([
      ['undecodable', 0],
      ['undecodable', 1],
    ])
  })

  it('reports unknown webhook types and the legacy shape distinctly', () => {
    const report = replay([
      {
        webhook_type: 'baas.bank_slip.refund',
        webhook_datetime: '2024-01-01T00:00:00Z',
        data: { bank_slip_key: 'a', bank_slip_status: 'registered' },
      },
      {
        webhook_type: 'bank_slip.status_change',
        key: 'b',
        status: 'registered',
        event_datetime: '2021-01-01T00:00:00',
        data: { occurrence_type: 'registration', occurrence_feedback: 'confirmed' },
      },
    ])
    expect(report.counts.byAnomaly).toMatchObject({ unknown_type: 1, legacy_type: 1 })
    expect(report.slips.b?.status).toBe('registered')
  })

  it('strict mode stops a boleto at its first invalid transition', () => {
    const report = replay([seed('payment')], { strict: true })
    expect(report.counts.strictFailures).toBe(1)
    expect(report.slips[keyOf(seed('payment'))]?.error).toMatch(/not a valid transition from accepted/)
  })

  it('suggests the occurrences probably missing', () => {
    const report = replay([seed('payment')])
    expect(report.slips[keyOf(seed('payment'))]?.probablyMissing.map((m) => m.occurrenceType)).toEqual([
      'registration',
    ])
  })

  it('filters one boleto with `slip`', () => {
    const report = replay(
      SEED_WEBHOOKS.map((s) => s.body),
      { slip: keyOf(seed('payment')) },
    )
    expect(Object.keys(report.slips)).toEqual([keyOf(seed('payment'))])
  })
})

describe('replay properties', () => {
  it('merging reports of disjoint key partitions gives the report of the whole', () => {
    fc.assert(
      fc.property(
        validHistoriesArb({ maxSlips: 6, maxLength: 6 }).chain((slips) =>
          fc.tuple(deliveryArb(slips.flat().map((s) => s.body)), fc.integer({ min: 1, max: 4 })),
        ),
        ([delivery, parts]) => {
          const whole = replay(delivery)
          const partitions = Array.from({ length: parts }, (_, p) =>
            delivery
              .map((body, index) => ({ body, index }))
              .filter(({ body }) => keyOf(body).charCodeAt(0) % parts === p),
          )
          const merged = mergeReplayReports(
            partitions.map((part) => {
              const report = replay(part.map((p) => p.body))
              // Re-index as the whole input would have been indexed.
              const indexOf = part.map((p) => p.index)
              return {
                ...report,
                anomalies: report.anomalies.map((a) =>
                  a.index === undefined ? a : { ...a, index: indexOf[a.index] },
                ),
              }
            }),
          )
          expect(JSON.stringify(merged.slips)).toBe(JSON.stringify(whole.slips))
          expect(merged.anomalies).toEqual(whole.anomalies)
          expect(merged.counts.events).toBe(whole.counts.events)
          expect(merged.counts.byStatus).toEqual(whole.counts.byStatus)
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('every delivery of valid histories replays to the statuses of the histories, with no history anomalies', () => {
    fc.assert(
      fc.property(
        validHistoriesArb({ maxSlips: 5 }).chain((slips) =>
          fc.tuple(fc.constant(slips), deliveryArb(slips.flat().map((s) => s.body))),
        ),
        ([slips, delivery]) => {
          const report = replay(delivery)
          for (const steps of slips) {
            const last = steps[steps.length - 1]!
            expect(report.slips[keyOf(last.body)]?.status).toBe(last.status)
          }
          expect(report.anomalies.filter((a) => a.kind !== 'duplicate' && a.kind !== 'stale_event')).toEqual(
            [],
          )
        },
      ),
      { numRuns: 1000 },
    )
  })
})

describe('review regressions: replay', () => {
  it('keys and types named like Object.prototype members are plain data', () => {
    const report = replay([
      {
        webhook_type: 'constructor',
        webhook_datetime: '2024-01-01T00:00:00Z',
        data: { bank_slip_key: '__proto__', occurrence_key: 'a' },
      },
      {
        webhook_type: 'constructor',
        webhook_datetime: '2024-01-02T00:00:00Z',
        data: { bank_slip_key: '__proto__', occurrence_key: 'b' },
      },
    ])
    expect(report.counts.byWebhookType.constructor).toBe(2)
    expect(Object.keys(report.slips)).toEqual(['__proto__'])
    expect(report.counts.slips).toBe(1)
  })

  it('suggests what is missing to reach the status QI reports', () => {
    const registration = SEED_WEBHOOKS[0]!.body
    const rebate = {
      ...registration,
      webhook_datetime: '2024-09-01T00:00:00Z',
      data: {
        ...(registration.data as object),
        occurrence_key: 'r',
        occurrence_type: 'rebate',
        bank_slip_status: 'payment_blocked',
      },
    }
    const slip = replay([registration, rebate]).slips[keyOf(registration)]!
    expect(slip.probablyMissing.map((m) => m.occurrenceType)).toEqual(['protest_request'])
  })

  it('prints merged and whole reports identically (count keys sorted)', () => {
    const bodies = SEED_WEBHOOKS.map((s) => s.body)
    const whole = replay(bodies)
    const half = (p: number) => replay(bodies.filter((b) => keyOf(b).charCodeAt(0) % 2 === p))
    expect(JSON.stringify(mergeReplayReports([half(0), half(1)]).counts)).toBe(
      JSON.stringify({ ...whole.counts }),
    )
  })
})

describe('drain', () => {
  it('hands out the boletos of finish() one by one, in key order, with the same counts and anomalies', () => {
    fc.assert(
      fc.property(
        validHistoriesArb({ maxSlips: 6, maxLength: 6 }).chain((slips) =>
          deliveryArb(slips.flat().map((s) => s.body)),
        ),
        fc.boolean(),
        (bodies, strict) => {
          const fill = () => {
            const accumulator = createReplayAccumulator({ strict })
            for (const [index, body] of bodies.entries()) accumulator.add(body, index)
            accumulator.add('not an object', bodies.length)
            return accumulator
          }
          const whole = fill().finish()
          const drained = fill().drain()
          const outcomes = [...drained.slips]
          expect(outcomes.map((o) => o.key)).toEqual(Object.keys(whole.slips))
          expect(outcomes.map((o) => o.slip)).toEqual(Object.values(whole.slips))
          expect([...drained.undecodable, ...outcomes.flatMap((o) => o.anomalies)]).toEqual(whole.anomalies)
          expect(drained.counts()).toEqual(whole.counts)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('has no counts before every boleto is read, and a spent accumulator refuses more input', () => {
    const accumulator = createReplayAccumulator()
    accumulator.add(SEED_WEBHOOKS[0]!.body, 0)
    const drained = accumulator.drain()
    expect(() => drained.counts()).toThrow(/once every boleto has been read/)
    expect(() => accumulator.add(SEED_WEBHOOKS[1]!.body, 1)).toThrow(/already finished/)
    expect(() => accumulator.finish()).toThrow(/already finished/)
    expect([...drained.slips]).toHaveLength(1)
    expect(drained.counts().slips).toBe(1)
  })
})

describe('surrender and adopt', () => {
  it('threads that read arbitrary parts of a log and exchange boletos by key report what one replay does', () => {
    fc.assert(
      fc.property(
        validHistoriesArb({ maxSlips: 6, maxLength: 6 }).chain((slips) =>
          fc.tuple(
            deliveryArb(slips.flat().map((s) => s.body)).chain((delivery) =>
              fc.tuple(
                fc.constant(delivery),
                fc.array(fc.nat(2), { minLength: delivery.length, maxLength: delivery.length }),
              ),
            ),
            fc.integer({ min: 1, max: 3 }),
          ),
        ),
        ([[delivery, readers], parts]) => {
          const whole = replay(delivery)
          const accumulators = Array.from({ length: parts }, () => createReplayAccumulator())
          for (const [index, body] of delivery.entries())
            accumulators[readers[index]! % parts]!.add(body, index)
          const owner = (key: string) => key.charCodeAt(0) % parts
          const transfers = accumulators.map((a, self) =>
            accumulators.map((_, to) => (to === self ? null : a.surrender((key) => owner(key) === to))),
          )
          // Through structured clone, as between worker threads.
          for (const [from, row] of transfers.entries())
            for (const [to, transfer] of row.entries())
              if (transfer !== null && from !== to) accumulators[to]!.adopt(structuredClone(transfer))
          const merged = mergeReplayReports(accumulators.map((a) => a.finish()))
          expect(JSON.stringify(merged.slips)).toBe(JSON.stringify(whole.slips))
          expect(merged.anomalies).toEqual(whole.anomalies)
          expect(merged.counts).toEqual(whole.counts)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('threads that read consecutive parts of a log, each numbered from 0, shifted, then sharing by key hash, report what one replay does', () => {
    fc.assert(
      fc.property(
        validHistoriesArb({ maxSlips: 6, maxLength: 6 }).chain((slips) =>
          deliveryArb(slips.flat().map((s) => s.body)).chain((delivery) =>
            fc.tuple(
              fc.constant(delivery),
              fc
                .uniqueArray(fc.nat(delivery.length), { maxLength: 3 })
                .map((cuts) => cuts.sort((a, b) => a - b)),
              fc.nat(),
            ),
          ),
        ),
        ([delivery, cuts, bad]) => {
          // An undecodable input among the events, so that its position is shifted too.
          const inputs: unknown[] = [...delivery]
          inputs.splice(bad % (inputs.length + 1), 0, 'not an object')
          const whole = replay(inputs)
          const starts = [0, ...cuts.filter((c) => c > 0 && c < inputs.length), inputs.length]
          const parts = starts.slice(0, -1).map((start, p) => {
            const a = createReplayAccumulator()
            for (let i = start; i < starts[p + 1]!; i++) a.add(inputs[i], i - start)
            a.shiftPositions(start)
            return a
          })
          // Each offers the boletos whose key hash another part holds too, and gives each to its owner.
          const hashes = parts.map((a) => [...a.keyHashes()])
          const owner = (hash: number) => hash % parts.length
          const transfers = parts.map((a, self) =>
            parts.map((_, to) =>
              to === self
                ? null
                : a.surrender(
                    (key) => owner(keyHash(key)) === to,
                    hashes.flatMap((h, other) => (other === self ? [] : h)),
                  ),
            ),
          )
          for (const [from, row] of transfers.entries())
            for (const [to, transfer] of row.entries())
              if (transfer !== null && from !== to) parts[to]!.adopt(structuredClone(transfer))
          const merged = mergeReplayReports(parts.map((a) => a.finish()))
          expect(JSON.stringify(merged.slips)).toBe(JSON.stringify(whole.slips))
          expect(merged.anomalies).toEqual(whole.anomalies)
          expect(merged.counts).toEqual(whole.counts)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('lists the key hash of each boleto, and finds which hashes it holds', () => {
    const a = createReplayAccumulator()
    for (const [i, { body }] of SEED_WEBHOOKS.entries()) a.add(body, i)
    const keys = new Set(
      SEED_WEBHOOKS.map((w) => (w.body as { data: { bank_slip_key: string } }).data.bank_slip_key),
    )
    const hashes = [...keys].map(keyHash)
    expect([...a.keyHashes()].sort()).toEqual([...hashes].sort())
    const others = Uint32Array.from([hashes[0]!, 7, hashes[hashes.length - 1]!, 7])
    expect(a.heldHashes(others)).toEqual([hashes[0], hashes[hashes.length - 1]])
    a.surrender(() => true, [hashes[0]!])
    expect(a.heldHashes(others)).toEqual(hashes.length > 1 ? [hashes[hashes.length - 1]] : [])
  })

  it('hands over boletos whose keys are any string (lone surrogates included) unchanged', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          // Any UTF-16 code units: lone surrogates too, which UTF-8 cannot carry.
          fc.string({
            unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
            minLength: 1,
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (keys) => {
          const bodies = keys.map((key, i) => ({
            webhook_type: 'baas.bank_slip.occurrence',
            webhook_datetime: '2024-08-01T10:00:00Z',
            data: {
              bank_slip_key: key,
              occurrence_key: `o${i}`,
              occurrence_type: 'registration',
              occurrence_status: 'confirmed',
              bank_slip_status: 'registered',
            },
          }))
          const a = createReplayAccumulator()
          const b = createReplayAccumulator()
          for (const [i, body] of bodies.entries()) a.add(body, i)
          b.adopt(structuredClone(a.surrender(() => true)))
          const report = b.finish()
          expect(Object.keys(report.slips).sort()).toEqual([...keys].sort())
          expect(JSON.stringify(report.slips)).toBe(JSON.stringify(replay(bodies).slips))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('moves events that travel as objects (unknown values, extra fields) too', () => {
    const body = {
      webhook_type: 'baas.bank_slip.brand_new',
      webhook_datetime: '2024-08-01T10:00:00Z',
      extra: { nested: [1, 2] },
      data: {
        bank_slip_key: 'k',
        occurrence_key: 'o',
        occurrence_type: 'registration',
        bank_slip_status: 'registered',
      },
    }
    const a = createReplayAccumulator()
    const b = createReplayAccumulator()
    a.add(body, 0)
    b.adopt(structuredClone(a.surrender(() => true)))
    expect(a.finish().counts.slips).toBe(0)
    const report = b.finish()
    expect(report.slips.k?.status).toBe('registered')
    expect(report).toEqual({
      ...replay([body]),
      counts: { ...replay([body]).counts, inputs: 0, events: 0, byWebhookType: {} },
    })
  })
})
