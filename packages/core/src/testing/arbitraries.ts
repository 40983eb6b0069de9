/**
 * fast-check arbitraries for users' tests and ours: valid histories (random walks over the machine's own
 * valid transitions, so they follow the specification by construction), single webhooks of every kind
 * (unknown types, statuses and fields included), and deliveries of a history (duplicated and reordered).
 */
import fc from 'fast-check'
import {
  BANK_SLIP_STATUSES,
  type BankSlipStatus,
  OCCURRENCE_TYPES,
  type OccurrenceType,
  PAYMENT_METHODS,
  PAYMENT_ORIGINS,
} from '../domain/vocabulary.js'
import { validOccurrences } from '../fold/step.js'

export type WebhookBody = Record<string, unknown> & { readonly data: Record<string, unknown> }

const WEBHOOK_TYPE_OF: Partial<Record<OccurrenceType, string>> = {
  payment_notice: 'baas.bank_slip.payment_notice',
  notary_office_payment_notice: 'baas.bank_slip.notary_office_payment_notice',
  payment: 'baas.bank_slip.payment',
}

/** Pure. The `webhook_type` QI uses for an occurrence type. */
export const webhookTypeFor = (type: OccurrenceType): string =>
  WEBHOOK_TYPE_OF[type] ?? 'baas.bank_slip.occurrence'

export const uuidArb: fc.Arbitrary<string> = fc.uuid()

/** Reais with at most two decimals, as QI sends them (JSON numbers). */
export const reaisArb: fc.Arbitrary<number> = fc
  .integer({ min: 0, max: 100_000_000 })
  .map((cents) => cents / 100)

const paymentFieldsArb = fc.record({
  paid_amount: reaisArb,
  paid_rebate_amount: reaisArb,
  paid_discount_amount: reaisArb,
  paid_fine_amount: reaisArb,
  paid_interest_amount: reaisArb,
  payment_method: fc.constantFrom(...PAYMENT_METHODS),
  payment_origin: fc.constantFrom(...PAYMENT_ORIGINS),
  payment_credit_date: fc
    .date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
})

export interface HistoryOptions {
  readonly bankSlipKey?: string
  /** Maximum number of occurrences after registration (default 8). */
  readonly maxLength?: number
  /** Probability-ish weight of rejected occurrences mixed in (default: sometimes). */
  readonly withRejections?: boolean
  /** First `webhook_datetime` (default 2024-01-01). */
  readonly start?: string
}

export interface HistoryStep {
  readonly body: WebhookBody
  /** The status the machine is in after this webhook. */
  readonly status: BankSlipStatus
}

/**
 * A valid history of one boleto: QI webhook bodies with strictly increasing `webhook_datetime`, each a valid
 * transition of the lifecycle machine from the status before, reporting the status it leads to.
 */
export const validHistoryArb = (options: HistoryOptions = {}): fc.Arbitrary<HistoryStep[]> => {
  const maxLength = options.maxLength ?? 8
  return fc
    .record({
      key: options.bankSlipKey === undefined ? uuidArb : fc.constant(options.bankSlipKey),
      rejectedRegistration: fc.nat(19).map((n) => n === 0),
      choices: fc.array(fc.tuple(fc.nat(), fc.nat(9)), { maxLength }),
      gaps: fc.array(fc.integer({ min: 1, max: 86_400_000 }), {
        minLength: maxLength + 1,
        maxLength: maxLength + 1,
      }),
      keys: fc.array(uuidArb, { minLength: maxLength + 1, maxLength: maxLength + 1 }),
      payment: paymentFieldsArb,
    })
    .map(({ key, rejectedRegistration, choices, gaps, keys, payment }) => {
      let time = Date.parse(options.start ?? '2024-01-01T00:00:00.000Z')
      const steps: HistoryStep[] = []
      const push = (
        type: OccurrenceType,
        occurrenceStatus: 'confirmed' | 'rejected',
        status: BankSlipStatus,
      ) => {
        time += gaps[steps.length] ?? 1
        steps.push({
          status,
          body: {
            webhook_type: webhookTypeFor(type),
            webhook_datetime: new Date(time).toISOString(),
            data: {
              bank_slip_key: key,
              bank_slip_status: status,
              occurrence_key: keys[steps.length] ?? `${key}-${steps.length}`,
              occurrence_type: type,
              occurrence_status: occurrenceStatus,
              ...(type === 'payment' && occurrenceStatus === 'confirmed' ? payment : {}),
            },
          },
        })
      }
      if (rejectedRegistration) {
        push('registration', 'rejected', 'rejected')
        return steps
      }
      push('registration', 'confirmed', 'registered')
      let status: BankSlipStatus = 'registered'
      for (const [choice, rejectDie] of choices) {
        const options_ = validOccurrences(status)
        if (options_.length === 0) break
        const [type, next] = options_[choice % options_.length]!
        if (options.withRejections !== false && rejectDie === 0) push(type, 'rejected', status)
        else {
          push(type, 'confirmed', next)
          status = next
        }
      }
      return steps
    })
}

/** Several boletos' valid histories, interleaved in time order. */
export const validHistoriesArb = (
  options: HistoryOptions & { readonly maxSlips?: number } = {},
): fc.Arbitrary<HistoryStep[][]> =>
  fc.array(validHistoryArb(options), { minLength: 1, maxLength: options.maxSlips ?? 5 })

/**
 * A delivery of `bodies` as QI may make it: every body at least once, some more than once (exact copies),
 * in any order.
 */
export const deliveryArb = <T>(
  bodies: readonly T[],
  options: { readonly maxDuplicates?: number } = {},
): fc.Arbitrary<T[]> =>
  fc
    .array(fc.nat(Math.max(0, bodies.length - 1)), {
      maxLength: bodies.length === 0 ? 0 : (options.maxDuplicates ?? 4),
    })
    .chain((extra) => {
      const all = [...bodies, ...extra.map((i) => bodies[i]!)]
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length })
    })

const unknownWordArb = fc.stringMatching(/^[a-z][a-z_]{2,20}$/)

/**
 * Any webhook body for one boleto: known or unknown webhook/occurrence types and statuses, extra fields,
 * odd money. Never a body the decoder must reject (it always has a `data.bank_slip_key`).
 */
export const webhookBodyArb = (options: { readonly bankSlipKey?: string } = {}): fc.Arbitrary<WebhookBody> =>
  fc
    .record({
      key: options.bankSlipKey === undefined ? uuidArb : fc.constant(options.bankSlipKey),
      type: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...OCCURRENCE_TYPES) },
        { weight: 1, arbitrary: unknownWordArb },
      ),
      occurrenceStatus: fc.oneof(
        { weight: 6, arbitrary: fc.constant('confirmed') },
        { weight: 2, arbitrary: fc.constant('rejected') },
        { weight: 1, arbitrary: unknownWordArb },
      ),
      status: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...BANK_SLIP_STATUSES) },
        { weight: 1, arbitrary: unknownWordArb },
      ),
      webhookTypeKnown: fc.boolean(),
      time: fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2026-01-01T00:00:00Z') }),
      occurrenceKey: uuidArb,
      extra: fc.option(fc.dictionary(unknownWordArb, fc.jsonValue(), { maxKeys: 2 }), { nil: undefined }),
      payment: paymentFieldsArb,
    })
    .map(({ key, type, occurrenceStatus, status, webhookTypeKnown, time, occurrenceKey, extra, payment }) => {
      const known = (OCCURRENCE_TYPES as readonly string[]).includes(type)
      return {
        webhook_type:
          webhookTypeKnown || !known
            ? webhookTypeFor(known ? (type as OccurrenceType) : 'registration')
            : 'baas.bank_slip.something_new',
        webhook_datetime: new Date(time).toISOString(),
        data: {
          bank_slip_key: key,
          bank_slip_status: status,
          occurrence_key: occurrenceKey,
          occurrence_type: type,
          occurrence_status: occurrenceStatus,
          ...(type === 'payment' ? payment : {}),
          ...(extra ?? {}),
        },
      }
    })
