/**
 * The payment quote: what a boleto costs when paid on a given date, from its nominal amount, due date and
 * issuance terms (domain.md §3 and §5). Reproduces QI's worked example: 835.48 due Sunday 2020-08-02 with a
 * 2 % fine, paid 2020-08-05 → factual due date 2020-08-03, fine 16.71, total 852.19.
 *
 * Two shapes: `quotePaymentE` returns an fp-ts `Either<QuoteError, PaymentQuote>`; `quotePayment` returns
 * the quote or throws the `QuoteError`.
 */

import * as E from 'fp-ts/lib/Either.js'
import type { IssuanceTerms } from '../domain/terms.js'
import { businessDayOnOrAfterNumber, businessDaysBetweenNumbers, localHolidaysOf } from './calendar.js'
import { readChargeRules } from './charge-rules.js'
import type { ChargeContext } from './charges.js'
import { discountCharge, fineCharge, interestCharge, rebateCharge } from './charges.js'
import type { DayNumber, IsoDate } from './dates.js'
import { formatIsoDate, parseIsoDate } from './dates.js'
import { QuoteError } from './errors.js'

export interface PaymentQuoteInput {
  /** integer centavos, >= 0 */
  readonly nominalAmountCents: number
  /** 'YYYY-MM-DD', the registered due date (it may fall on a weekend or holiday) */
  readonly dueDate: IsoDate
  /** 'YYYY-MM-DD' */
  readonly paymentDate: IsoDate
  /** QI's issuance terms (reais); absent = no fine, interest, discount, rebate or payment limit */
  readonly terms?: IssuanceTerms | null
  /** local (state/municipal) bank holidays, 'YYYY-MM-DD', on top of the national ones */
  readonly holidays?: readonly IsoDate[] | null
}

export interface AppliedDiscount {
  /** position in `terms.discounts_data` */
  readonly index: number
  readonly discountType: string
  readonly discountNumber: number | null
  readonly limitDate: IsoDate
  /** days of anticipation counted (per-day types only, else 0) */
  readonly days: number
}

export interface PaymentQuote {
  readonly nominalAmountCents: number
  readonly dueDate: IsoDate
  readonly paymentDate: IsoDate
  /** the due date, or the next business day when it falls on a weekend or bank holiday */
  readonly factualExpirationDate: IsoDate
  /** nominal due date + `max_payment_days` (never before the factual due date); null when no limit is set */
  readonly maxPaymentDate: IsoDate | null
  readonly fineCents: number
  readonly interestCents: number
  readonly discountCents: number
  readonly rebateCents: number
  /** nominal − rebate − discount + fine + interest, never negative */
  readonly totalCents: number
  /** payment date after the factual due date */
  readonly expiredAsOfPaymentDate: boolean
  /** payment date on or before `maxPaymentDate` (always true without a limit) */
  readonly validPaymentTimeFrame: boolean
  /** calendar days from the factual due date to the payment date (0 when on time) */
  readonly daysLate: number
  /** business days `d` with factual due date < d <= payment date */
  readonly businessDaysLate: number
  /** the days interest was charged for (after the grace period, in the interest type's day count) */
  readonly interestDays: number
  readonly appliedDiscount: AppliedDiscount | null
}

const dayAt = (value: unknown, field: string): DayNumber => {
  const day = parseIsoDate(value)
  if (day === undefined) throw new QuoteError('invalid_date', field, `${field} must be a 'YYYY-MM-DD' date`)
  return day
}

const safeNumber = (value: bigint, field: string): number => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new QuoteError('out_of_range', field)
  return Number(value)
}

const quoteOrThrow = (input: PaymentQuoteInput): PaymentQuote => {
  if (typeof input !== 'object' || input === null) throw new QuoteError('missing_field', 'input')
  const nominal = input.nominalAmountCents
  if (typeof nominal !== 'number' || !Number.isSafeInteger(nominal) || nominal < 0) {
    throw new QuoteError('invalid_amount', 'nominalAmountCents', 'nominalAmountCents must be an integer >= 0')
  }
  const dueDay = dayAt(input.dueDate, 'dueDate')
  const paymentDay = dayAt(input.paymentDate, 'paymentDate')
  const local = localHolidaysOf(input.holidays)
  const rules = readChargeRules(input.terms)

  const factualDay = businessDayOnOrAfterNumber(dueDay, local)
  const ctx: ChargeContext = { nominalCents: BigInt(nominal), factualDay, paymentDay, local }
  const fine = fineCharge(rules.fine, ctx)
  const interest = interestCharge(rules.interest, ctx)
  const discount = discountCharge(rules.discounts, ctx)
  const rebate = rebateCharge(rules.rebate)
  const rawTotal = ctx.nominalCents - rebate - discount.cents + fine + interest.cents
  // A limit before the factual due date would make an on-time payment invalid: never report one.
  const maxDay = rules.maxPaymentDays === null ? null : Math.max(dueDay + rules.maxPaymentDays, factualDay)

  return {
    nominalAmountCents: nominal,
    dueDate: formatIsoDate(dueDay),
    paymentDate: formatIsoDate(paymentDay),
    factualExpirationDate: formatIsoDate(factualDay),
    maxPaymentDate: maxDay === null ? null : formatIsoDate(maxDay),
    fineCents: safeNumber(fine, 'fineCents'),
    interestCents: safeNumber(interest.cents, 'interestCents'),
    discountCents: safeNumber(discount.cents, 'discountCents'),
    rebateCents: safeNumber(rebate, 'rebateCents'),
    totalCents: safeNumber(rawTotal < 0n ? 0n : rawTotal, 'totalCents'),
    expiredAsOfPaymentDate: paymentDay > factualDay,
    validPaymentTimeFrame: maxDay === null || paymentDay <= maxDay,
    daysLate: Math.max(0, paymentDay - factualDay),
    businessDaysLate: businessDaysBetweenNumbers(factualDay, paymentDay, local),
    interestDays: interest.days,
    appliedDiscount:
      discount.rule === null
        ? null
        : {
            index: discount.rule.index,
            discountType: discount.rule.discountType,
            discountNumber: discount.rule.discountNumber,
            limitDate: discount.rule.limitDate,
            days: discount.days,
          },
  }
}

/** Pure. The quote, or the first `QuoteError` found in the input. */
export const quotePaymentE = (input: PaymentQuoteInput): E.Either<QuoteError, PaymentQuote> => {
  try {
    return E.right(quoteOrThrow(input))
  } catch (error) {
    // Only our typed errors become a Left; anything else is a bug and must surface.
    if (error instanceof QuoteError) return E.left(error)
    throw error
  }
}

/** Pure. The quote; throws `QuoteError` (with `code` and `field`) on invalid input. */
export const quotePayment = (input: PaymentQuoteInput): PaymentQuote => quoteOrThrow(input)
