import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { IssuanceTerms } from '../domain/terms.js'
import { QuoteError } from './errors.js'
import type { PaymentQuoteInput } from './quote.js'
import { quotePayment, quotePaymentE } from './quote.js'

const R$1000 = 100_000

const errorOf = (input: PaymentQuoteInput): QuoteError => {
  const result = quotePaymentE(input)
  if (E.isRight(result)) throw new Error('expected a Left')
  return result.left
}

describe("QI's worked example", () => {
  const input: PaymentQuoteInput = {
    nominalAmountCents: 83_548,
    dueDate: '2020-08-02',
    paymentDate: '2020-08-05',
    terms: { fine_data: { fine_type: 'percentage', fine_percentage: 2 }, max_payment_days: 6 },
  }

  it('835.48 due Sunday 2020-08-02, 2 % fine, paid 2020-08-05 → 852.19', () => {
    expect(quotePayment(input)).toEqual({
      nominalAmountCents: 83_548,
      dueDate: '2020-08-02',
      paymentDate: '2020-08-05',
      factualExpirationDate: '2020-08-03',
      maxPaymentDate: '2020-08-08',
      fineCents: 1671,
      interestCents: 0,
      discountCents: 0,
      rebateCents: 0,
      totalCents: 85_219,
      expiredAsOfPaymentDate: true,
      validPaymentTimeFrame: true,
      daysLate: 2,
      businessDaysLate: 2,
      interestDays: 0,
      appliedDiscount: null,
    })
  })

  it('is the same through the Either shape', () => {
    expect(quotePaymentE(input)).toEqual(E.right(quotePayment(input)))
  })

  it('max payment date is nominal due date + max_payment_days; the limit day itself is valid', () => {
    expect(quotePayment({ ...input, paymentDate: '2020-08-08' }).validPaymentTimeFrame).toBe(true)
    expect(quotePayment({ ...input, paymentDate: '2020-08-09' }).validPaymentTimeFrame).toBe(false)
  })

  it('paying on the factual due date (Monday) is on time', () => {
    const q = quotePayment({ ...input, paymentDate: '2020-08-03' })
    expect(q).toMatchObject({ fineCents: 0, totalCents: 83_548, expiredAsOfPaymentDate: false, daysLate: 0 })
  })
})

describe('max payment date', () => {
  const base = { nominalAmountCents: R$1000, dueDate: '2020-08-02', paymentDate: '2020-08-03' }
  it('is null (no limit, always valid) without max_payment_days', () => {
    expect(quotePayment({ ...base, paymentDate: '2030-01-01' })).toMatchObject({
      maxPaymentDate: null,
      validPaymentTimeFrame: true,
    })
  })
  it('is never before the factual due date', () => {
    expect(quotePayment({ ...base, terms: { max_payment_days: 0 } })).toMatchObject({
      maxPaymentDate: '2020-08-03',
      validPaymentTimeFrame: true,
    })
  })
})

describe('due date on a non-business day', () => {
  const factual = (dueDate: string, holidays?: string[]): string =>
    quotePayment({ nominalAmountCents: R$1000, dueDate, paymentDate: dueDate, holidays })
      .factualExpirationDate
  it.each([
    ['Saturday', '2024-06-15', '2024-06-17'],
    ['Sunday', '2020-08-02', '2020-08-03'],
    ['Christmas (Wednesday)', '2024-12-25', '2024-12-26'],
    ['Friday holiday followed by a weekend', '2024-11-15', '2024-11-18'],
    ['Good Friday, weekend, then Tiradentes', '2025-04-18', '2025-04-22'],
    ['Saturday before Carnival', '2025-03-01', '2025-03-05'],
    ['20 Nov 2024 (national)', '2024-11-20', '2024-11-21'],
    ['20 Nov 2023 (not yet national)', '2023-11-20', '2023-11-20'],
    ['a business day', '2024-06-10', '2024-06-10'],
  ])('%s: %s → %s', (_, due, expected) => {
    expect(factual(due)).toBe(expected)
  })
  it('honours local holidays', () => {
    expect(factual('2024-01-25', ['2024-01-25'])).toBe('2024-01-26')
    expect(factual('2024-06-15', ['2024-06-17'])).toBe('2024-06-18')
  })
  it('counts fine and interest from the factual due date', () => {
    const q = quotePayment({
      nominalAmountCents: R$1000,
      dueDate: '2024-11-15',
      paymentDate: '2024-11-18',
      terms: {
        fine_data: { fine_type: 'percentage', fine_percentage: 2 },
        interest_data: { interest_type: 'calendar_days_daily_amount', interest_amount: 1 },
      },
    })
    expect(q).toMatchObject({ fineCents: 0, interestCents: 0, totalCents: R$1000 })
    const late = quotePayment({
      nominalAmountCents: R$1000,
      dueDate: '2024-11-15',
      paymentDate: '2024-11-19',
      terms: {
        fine_data: { fine_type: 'percentage', fine_percentage: 2 },
        interest_data: { interest_type: 'calendar_days_daily_amount', interest_amount: 1 },
      },
    })
    expect(late).toMatchObject({ fineCents: 2000, interestCents: 100, totalCents: 102_100, daysLate: 1 })
  })
})

describe('fine', () => {
  const terms = (days_to_fine?: number): IssuanceTerms => ({
    fine_data: { fine_type: 'absolute', fine_amount: 10, days_to_fine },
  })
  const fine = (paymentDate: string, t: IssuanceTerms): number =>
    quotePayment({ nominalAmountCents: R$1000, dueDate: '2024-06-10', paymentDate, terms: t }).fineCents

  it('absolute, from the first day after the factual due date when days_to_fine is 0 or absent', () => {
    expect(fine('2024-06-10', terms())).toBe(0)
    expect(fine('2024-06-11', terms())).toBe(1000)
    expect(fine('2024-06-11', terms(0))).toBe(1000)
    expect(fine('2025-06-11', terms(0))).toBe(1000) // charged once, whatever the delay
  })

  it('waits days_to_fine calendar days', () => {
    expect(fine('2024-06-12', terms(2))).toBe(0)
    expect(fine('2024-06-13', terms(2))).toBe(1000)
  })

  it('percentage of the nominal amount, exact', () => {
    const pct = (p: number, nominalAmountCents: number): number =>
      quotePayment({
        nominalAmountCents,
        dueDate: '2024-06-10',
        paymentDate: '2024-06-20',
        terms: { fine_data: { fine_type: 'percentage', fine_percentage: p } },
      }).fineCents
    expect(pct(2, 83_548)).toBe(1671)
    expect(pct(2.5, R$1000)).toBe(2500)
    expect(pct(0.1 + 0.2, R$1000)).toBe(300) // 0.30000000000000004 % → 300.0000000000004 → 300
  })
})

describe('interest', () => {
  // Due Monday 2024-06-10, paid Monday 2024-06-17: 7 calendar days, 5 business days.
  const interest = (interest_data: IssuanceTerms['interest_data'], paymentDate = '2024-06-17') =>
    quotePayment({ nominalAmountCents: R$1000, dueDate: '2024-06-10', paymentDate, terms: { interest_data } })

  it('absolute per calendar day', () => {
    expect(interest({ interest_type: 'calendar_days_daily_amount', interest_amount: 0.33 })).toMatchObject({
      interestCents: 231,
      interestDays: 7,
    })
  })

  it('absolute per business day', () => {
    expect(interest({ interest_type: 'workdays_daily_amount', interest_amount: 0.33 })).toMatchObject({
      interestCents: 165,
      interestDays: 5,
    })
  })

  it('business days skip holidays (Corpus Christi 2024-05-30)', () => {
    const q = quotePayment({
      nominalAmountCents: R$1000,
      dueDate: '2024-05-27',
      paymentDate: '2024-06-03',
      terms: { interest_data: { interest_type: 'workdays_daily_amount', interest_amount: 1 } },
    })
    expect(q).toMatchObject({ interestDays: 4, interestCents: 400, businessDaysLate: 4, daysLate: 7 })
  })

  it('percentage types: simple interest on the nominal amount, monthly / 30, yearly / 360', () => {
    const pct = (interest_type: string, interest_percentage: number): number =>
      interest({ interest_type, interest_percentage }).interestCents
    expect(pct('calendar_days_daily_percentage', 0.033)).toBe(231) // 1000 × 0.033 % × 7
    expect(pct('workdays_daily_percentage', 0.033)).toBe(165) // × 5
    expect(pct('calendar_days_monthly_percentage', 1)).toBe(233) // 1000 × 1 % / 30 × 7 = 2.3333
    expect(pct('workdays_monthly_percentage', 1)).toBe(167) // × 5 / 30 = 1.6667
    expect(pct('calendar_days_yearly_percentage', 12)).toBe(233) // 12 % / 360 × 7
    expect(pct('workdays_yearly_percentage', 12)).toBe(167)
  })

  it('a percentage type also reads the percent from interest_amount (terms.ts), preferring interest_percentage', () => {
    expect(
      interest({ interest_type: 'calendar_days_monthly_percentage', interest_amount: 1 }).interestCents,
    ).toBe(233)
    expect(
      interest({
        interest_type: 'calendar_days_monthly_percentage',
        interest_percentage: 3,
        interest_amount: 1,
      }).interestCents,
    ).toBe(700)
  })

  it('days_to_interest is a grace period in calendar days, then interest counts from its end', () => {
    expect(
      interest({ interest_type: 'calendar_days_daily_amount', interest_amount: 0.33, days_to_interest: 2 }),
    ).toMatchObject({ interestDays: 5, interestCents: 165 })
    expect(
      interest({ interest_type: 'workdays_daily_amount', interest_amount: 0.33, days_to_interest: 2 }),
    ).toMatchObject({ interestDays: 3, interestCents: 99 })
    expect(
      interest(
        { interest_type: 'calendar_days_daily_amount', interest_amount: 0.33, days_to_interest: 2 },
        '2024-06-12',
      ),
    ).toMatchObject({ interestDays: 0, interestCents: 0 })
  })

  it('none before or on the factual due date', () => {
    expect(
      interest({ interest_type: 'calendar_days_daily_amount', interest_amount: 5 }, '2024-06-10'),
    ).toMatchObject({
      interestCents: 0,
      interestDays: 0,
    })
    expect(
      interest({ interest_type: 'calendar_days_daily_amount', interest_amount: 5 }, '2024-06-01')
        .interestCents,
    ).toBe(0)
  })
})

describe('discounts', () => {
  // Due Monday 2024-06-10.
  const quote = (discounts_data: IssuanceTerms['discounts_data'], paymentDate: string) =>
    quotePayment({
      nominalAmountCents: R$1000,
      dueDate: '2024-06-10',
      paymentDate,
      terms: { discounts_data },
    })
  const absolute = [{ discount_type: 'absolute', discount_amount: 50, discount_limit_date: '2024-06-01' }]

  it('absolute: before, at and after the limit date', () => {
    expect(quote(absolute, '2024-05-31').discountCents).toBe(5000)
    expect(quote(absolute, '2024-06-01')).toMatchObject({ discountCents: 5000, totalCents: 95_000 })
    expect(quote(absolute, '2024-06-02')).toMatchObject({
      discountCents: 0,
      totalCents: R$1000,
      appliedDiscount: null,
    })
  })

  it('percentage of the nominal amount', () => {
    const pct = [{ discount_type: 'percentage', discount_percentage: 5, discount_limit_date: '2024-06-10' }]
    expect(quote(pct, '2024-06-10').discountCents).toBe(5000)
    expect(quote(pct, '2024-06-11').discountCents).toBe(0)
  })

  it('per day of anticipation, calendar days: from the payment date to the limit date', () => {
    const amount = [
      {
        discount_type: 'anticipation_calendar_days_daily_amount',
        discount_amount: 1,
        discount_limit_date: '2024-06-10',
      },
    ]
    expect(quote(amount, '2024-06-05')).toMatchObject({ discountCents: 500 })
    expect(quote(amount, '2024-06-05').appliedDiscount).toEqual({
      index: 0,
      discountType: 'anticipation_calendar_days_daily_amount',
      discountNumber: null,
      limitDate: '2024-06-10',
      days: 5,
    })
    expect(quote(amount, '2024-06-10').discountCents).toBe(0) // no anticipation at the limit date
    const pct = [
      {
        discount_type: 'anticipation_calendar_days_daily_percentage',
        discount_percentage: 0.1,
        discount_limit_date: '2024-06-10',
      },
    ]
    expect(quote(pct, '2024-06-05').discountCents).toBe(500)
  })

  it('per day of anticipation, business days', () => {
    const amount = [
      {
        discount_type: 'anticipation_workdays_daily_amount',
        discount_amount: 1,
        discount_limit_date: '2024-06-10',
      },
    ]
    expect(quote(amount, '2024-06-05').discountCents).toBe(300) // 6, 7, 10 June
    const pct = [
      {
        discount_type: 'anticipation_workdays_daily_percentage',
        discount_percentage: 0.1,
        discount_limit_date: '2024-06-10',
      },
    ]
    expect(quote(pct, '2024-06-05').discountCents).toBe(300)
  })

  it('tiers: the applicable discount with the earliest limit date wins', () => {
    const tiers = [
      {
        discount_type: 'absolute',
        discount_amount: 30,
        discount_number: 2,
        discount_limit_date: '2024-06-05',
      },
      {
        discount_type: 'absolute',
        discount_amount: 50,
        discount_number: 1,
        discount_limit_date: '2024-06-01',
      },
    ]
    expect(quote(tiers, '2024-05-30')).toMatchObject({
      discountCents: 5000,
      appliedDiscount: { discountNumber: 1 },
    })
    expect(quote(tiers, '2024-06-03')).toMatchObject({ discountCents: 3000, appliedDiscount: { index: 0 } })
    expect(quote(tiers, '2024-06-06').discountCents).toBe(0)
  })
})

describe('rebate and total', () => {
  it('subtracts the rebate always', () => {
    const q = quotePayment({
      nominalAmountCents: R$1000,
      dueDate: '2024-06-10',
      paymentDate: '2024-06-11',
      terms: { rebate_amount: 200, fine_data: { fine_type: 'percentage', fine_percentage: 2 } },
    })
    expect(q).toMatchObject({ rebateCents: 20_000, fineCents: 2000, totalCents: 82_000 })
  })

  it('is never negative', () => {
    const q = quotePayment({
      nominalAmountCents: 1000,
      dueDate: '2024-06-10',
      paymentDate: '2024-06-01',
      terms: {
        rebate_amount: 5,
        discounts_data: [
          { discount_type: 'absolute', discount_amount: 20, discount_limit_date: '2024-06-10' },
        ],
      },
    })
    expect(q).toMatchObject({ rebateCents: 500, discountCents: 2000, totalCents: 0 })
  })
})

describe('rounding half-up per component', () => {
  const fine = (nominalAmountCents: number): number =>
    quotePayment({
      nominalAmountCents,
      dueDate: '2024-06-10',
      paymentDate: '2024-06-11',
      terms: { fine_data: { fine_type: 'percentage', fine_percentage: 2 } },
    }).fineCents
  it.each([
    [24, 0], // 0.48
    [25, 1], // 0.5
    [26, 1], // 0.52
    [75, 2], // 1.5
    [125, 3], // 2.5: half-up, not half-even
    [83_548, 1671], // 16.7096
  ])('2 %% of %i centavos → %i', (nominal, expected) => {
    expect(fine(nominal)).toBe(expected)
  })

  it('rounds reais amounts and per-day products once, at the end', () => {
    const q = quotePayment({
      nominalAmountCents: 1500,
      dueDate: '2024-06-10',
      paymentDate: '2024-06-13',
      terms: {
        rebate_amount: 0.005, // 0.5 centavo → 1
        fine_data: { fine_type: 'absolute', fine_amount: 0.015 }, // 1.5 → 2
        interest_data: { interest_type: 'calendar_days_daily_amount', interest_amount: 0.005 }, // 3 × 0.5 = 1.5 → 2
      },
    })
    expect(q).toMatchObject({ rebateCents: 1, fineCents: 2, interestCents: 2, totalCents: 1503 })
    const monthly = quotePayment({
      nominalAmountCents: 1500,
      dueDate: '2024-06-10',
      paymentDate: '2024-06-11',
      terms: { interest_data: { interest_type: 'calendar_days_monthly_percentage', interest_percentage: 1 } },
    })
    expect(monthly.interestCents).toBe(1) // 15.00 × 1 % / 30 = 0.5 centavo → 1
  })
})

describe('invalid input → typed QuoteError', () => {
  const ok: PaymentQuoteInput = {
    nominalAmountCents: R$1000,
    dueDate: '2024-06-10',
    paymentDate: '2024-06-11',
  }
  it.each<[string, PaymentQuoteInput, string, string]>([
    ['bad due date', { ...ok, dueDate: '2024-02-30' }, 'invalid_date', 'dueDate'],
    ['unpadded date', { ...ok, paymentDate: '2024-6-11' }, 'invalid_date', 'paymentDate'],
    ['negative nominal', { ...ok, nominalAmountCents: -1 }, 'invalid_amount', 'nominalAmountCents'],
    ['fractional nominal', { ...ok, nominalAmountCents: 10.5 }, 'invalid_amount', 'nominalAmountCents'],
    ['NaN nominal', { ...ok, nominalAmountCents: Number.NaN }, 'invalid_amount', 'nominalAmountCents'],
    ['bad holiday', { ...ok, holidays: ['2024-01-01', '2024-13-01'] }, 'invalid_date', 'holidays[1]'],
    [
      'unknown fine type',
      { ...ok, terms: { fine_data: { fine_type: 'daily', fine_amount: 1 } } },
      'unknown_fine_type',
      'terms.fine_data.fine_type',
    ],
    [
      'missing fine percentage',
      { ...ok, terms: { fine_data: { fine_type: 'percentage', fine_amount: 2 } } },
      'missing_field',
      'terms.fine_data.fine_percentage',
    ],
    [
      'negative fine',
      { ...ok, terms: { fine_data: { fine_type: 'absolute', fine_amount: -1 } } },
      'invalid_amount',
      'terms.fine_data.fine_amount',
    ],
    [
      'NaN fine percentage',
      { ...ok, terms: { fine_data: { fine_type: 'percentage', fine_percentage: Number.NaN } } },
      'invalid_amount',
      'terms.fine_data.fine_percentage',
    ],
    [
      'negative days_to_fine',
      { ...ok, terms: { fine_data: { fine_type: 'absolute', fine_amount: 1, days_to_fine: -1 } } },
      'invalid_days',
      'terms.fine_data.days_to_fine',
    ],
    [
      'unknown interest type',
      { ...ok, terms: { interest_data: { interest_type: 'hourly', interest_amount: 1 } } },
      'unknown_interest_type',
      'terms.interest_data.interest_type',
    ],
    [
      'interest amount as a string',
      {
        ...ok,
        terms: { interest_data: { interest_type: 'workdays_daily_amount', interest_amount: '1' as never } },
      },
      'invalid_amount',
      'terms.interest_data.interest_amount',
    ],
    [
      'unknown discount type',
      {
        ...ok,
        terms: {
          discounts_data: [{ discount_type: 'bogus', discount_amount: 1, discount_limit_date: '2024-06-01' }],
        },
      },
      'unknown_discount_type',
      'terms.discounts_data[0].discount_type',
    ],
    [
      'bad discount limit date',
      {
        ...ok,
        terms: {
          discounts_data: [
            { discount_type: 'absolute', discount_amount: 1, discount_limit_date: '01/06/2024' },
          ],
        },
      },
      'invalid_date',
      'terms.discounts_data[0].discount_limit_date',
    ],
    ['negative rebate', { ...ok, terms: { rebate_amount: -0.01 } }, 'invalid_amount', 'terms.rebate_amount'],
    [
      'fractional max_payment_days',
      { ...ok, terms: { max_payment_days: 1.5 } },
      'invalid_days',
      'terms.max_payment_days',
    ],
  ])('%s', (_, input, code, field) => {
    const error = errorOf(input)
    expect(error).toBeInstanceOf(QuoteError)
    expect(error).toMatchObject({ name: 'QuoteError', code, field })
    expect(() => quotePayment(input)).toThrow(QuoteError)
  })

  it('reports an absurd result as out_of_range instead of losing precision', () => {
    const error = errorOf({
      ...ok,
      nominalAmountCents: Number.MAX_SAFE_INTEGER,
      terms: { fine_data: { fine_type: 'percentage', fine_percentage: 1e6 } },
    })
    expect(error).toMatchObject({ code: 'out_of_range', field: 'fineCents' })
  })

  it('a null fine or interest is no charge at all', () => {
    expect(
      quotePayment({ ...ok, terms: { fine_data: null, interest_data: null, discounts_data: null } })
        .totalCents,
    ).toBe(R$1000)
  })
})
