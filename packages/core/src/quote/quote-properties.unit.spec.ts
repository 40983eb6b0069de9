import * as fc from 'fast-check'
import { describe, it } from 'vitest'
import type { DiscountData, FineData, InterestData, IssuanceTerms } from '../domain/terms.js'
import { isBusinessDayNumber, localHolidaysOf } from './calendar.js'
import { dayNumberOf, formatIsoDate, parseIsoDate } from './dates.js'
import { quotePayment } from './quote.js'

const RUNS = { numRuns: 1000 }
const FIRST = dayNumberOf(2000, 1, 1)
const LAST = dayNumberOf(2040, 12, 31)

const dayArb = fc.integer({ min: FIRST, max: LAST })
const reais = fc.integer({ min: 0, max: 50_000 }).map((c) => c / 100)
const percent = fc.integer({ min: 0, max: 3_000 }).map((p) => p / 1000)

const fineArb: fc.Arbitrary<FineData> = fc.oneof(
  fc.record({ fine_type: fc.constant('absolute'), fine_amount: reais, days_to_fine: fc.nat(10) }),
  fc.record({ fine_type: fc.constant('percentage'), fine_percentage: percent, days_to_fine: fc.nat(10) }),
)
const interestArb: fc.Arbitrary<InterestData> = fc.oneof(
  fc.record({
    interest_type: fc.constantFrom('calendar_days_daily_amount', 'workdays_daily_amount'),
    interest_amount: reais,
    days_to_interest: fc.nat(10),
  }),
  fc.record({
    interest_type: fc.constantFrom(
      'calendar_days_daily_percentage',
      'workdays_daily_percentage',
      'calendar_days_monthly_percentage',
      'workdays_monthly_percentage',
      'calendar_days_yearly_percentage',
      'workdays_yearly_percentage',
    ),
    interest_percentage: percent,
    days_to_interest: fc.nat(10),
  }),
)
const discountArb = (dueDay: number): fc.Arbitrary<DiscountData> =>
  fc.record({
    discount_type: fc.constantFrom(
      'absolute',
      'percentage',
      'anticipation_calendar_days_daily_amount',
      'anticipation_workdays_daily_amount',
      'anticipation_calendar_days_daily_percentage',
      'anticipation_workdays_daily_percentage',
    ),
    discount_amount: reais,
    discount_percentage: percent,
    discount_limit_date: fc.integer({ min: -40, max: 0 }).map((o) => formatIsoDate(dueDay + o)),
  })
const termsArb = (dueDay: number): fc.Arbitrary<IssuanceTerms> =>
  fc.record(
    {
      fine_data: fineArb,
      interest_data: interestArb,
      discounts_data: fc.array(discountArb(dueDay), { maxLength: 3 }),
      rebate_amount: reais,
      max_payment_days: fc.nat(60),
    },
    { requiredKeys: [] },
  )
const localHolidaysArb = (dueDay: number): fc.Arbitrary<string[]> =>
  fc.array(
    fc.integer({ min: -10, max: 60 }).map((o) => formatIsoDate(dueDay + o)),
    { maxLength: 5 },
  )

/** A slip (nominal, due date, terms, local holidays) and a payment offset around its due date. */
const caseArb = dayArb.chain((dueDay) =>
  fc.record({
    nominalAmountCents: fc.integer({ min: 0, max: 100_000_000 }),
    dueDate: fc.constant(formatIsoDate(dueDay)),
    terms: termsArb(dueDay),
    holidays: localHolidaysArb(dueDay),
    offset: fc.integer({ min: -60, max: 400 }),
    step: fc.integer({ min: 0, max: 120 }),
  }),
)
const payOn = (dueDate: string, offset: number): string =>
  formatIsoDate((parseIsoDate(dueDate) as number) + offset)

describe('payment quote properties', () => {
  it('total = nominal − rebate − discount + fine + interest, clamped at 0', () => {
    fc.assert(
      fc.property(caseArb, ({ offset, step: _, ...slip }) => {
        const q = quotePayment({ ...slip, paymentDate: payOn(slip.dueDate, offset) })
        const expected =
          q.nominalAmountCents - q.rebateCents - q.discountCents + q.fineCents + q.interestCents
        return (
          q.totalCents === Math.max(0, expected) &&
          [q.fineCents, q.interestCents, q.discountCents, q.rebateCents, q.totalCents].every(
            (c) => Number.isSafeInteger(c) && c >= 0,
          )
        )
      }),
      RUNS,
    )
  })

  it('paying on or before the factual due date never charges fine or interest', () => {
    fc.assert(
      fc.property(caseArb, ({ offset, step: _, ...slip }) => {
        const factual = quotePayment({ ...slip, paymentDate: slip.dueDate }).factualExpirationDate
        const paymentDay = Math.min(
          parseIsoDate(factual) as number,
          (parseIsoDate(slip.dueDate) as number) + offset,
        )
        const q = quotePayment({ ...slip, paymentDate: formatIsoDate(paymentDay) })
        return q.fineCents === 0 && q.interestCents === 0 && !q.expiredAsOfPaymentDate && q.daysLate === 0
      }),
      RUNS,
    )
  })

  it('fine and interest never decrease as the payment date moves later', () => {
    fc.assert(
      fc.property(caseArb, ({ offset, step, ...slip }) => {
        const early = quotePayment({ ...slip, paymentDate: payOn(slip.dueDate, offset) })
        const late = quotePayment({ ...slip, paymentDate: payOn(slip.dueDate, offset + step) })
        return (
          early.fineCents <= late.fineCents &&
          early.interestCents <= late.interestCents &&
          early.daysLate <= late.daysLate &&
          early.businessDaysLate <= late.businessDaysLate
        )
      }),
      RUNS,
    )
  })

  it('the factual expiration date is a business day on or after the due date, with none before it', () => {
    fc.assert(
      fc.property(caseArb, ({ offset, step: _, ...slip }) => {
        const q = quotePayment({ ...slip, paymentDate: payOn(slip.dueDate, offset) })
        const local = localHolidaysOf(slip.holidays)
        const due = parseIsoDate(slip.dueDate) as number
        const factual = parseIsoDate(q.factualExpirationDate) as number
        if (factual < due || !isBusinessDayNumber(factual, local)) return false
        for (let d = due; d < factual; d += 1) if (isBusinessDayNumber(d, local)) return false
        return true
      }),
      RUNS,
    )
  })

  it('a payment inside the limit is valid, and the limit is never before the factual due date', () => {
    fc.assert(
      fc.property(caseArb, ({ offset, step: _, ...slip }) => {
        const q = quotePayment({ ...slip, paymentDate: payOn(slip.dueDate, offset) })
        if (q.maxPaymentDate === null) return q.validPaymentTimeFrame
        return (
          q.maxPaymentDate >= q.factualExpirationDate &&
          q.validPaymentTimeFrame === q.paymentDate <= q.maxPaymentDate
        )
      }),
      RUNS,
    )
  })
})
