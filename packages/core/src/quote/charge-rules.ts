/**
 * Issuance terms (QI's snake_case shape, reais as JSON numbers) read into validated charge rules. Every
 * amount becomes an exact `Ratio`, every type a closed variant; anything unusable is a `QuoteError`, because a
 * quote computed from half-understood terms would be a wrong amount presented as a right one.
 */

import type { DiscountData, FineData, InterestData, IssuanceTerms } from '../domain/terms.js'
import type { DayNumber, IsoDate } from './dates.js'
import { parseIsoDate } from './dates.js'
import { QuoteError } from './errors.js'
import type { Ratio } from './money.js'
import { ratioOfDecimal } from './money.js'

/** Which days count for per-day charges: every calendar day, or business days only. */
export type DayCount = 'calendar_days' | 'workdays'

export type FineRule =
  | { readonly kind: 'absolute'; readonly reais: Ratio; readonly daysToFine: number }
  | { readonly kind: 'percentage'; readonly percent: Ratio; readonly daysToFine: number }

export type InterestRule =
  | {
      readonly kind: 'daily_amount'
      readonly reaisPerDay: Ratio
      readonly dayCount: DayCount
      readonly daysToInterest: number
    }
  | {
      readonly kind: 'percentage'
      /** percent per period: simple interest, the daily rate is `percent / periodDays` */
      readonly percent: Ratio
      /** 1 (daily), 30 (monthly: commercial month) or 360 (yearly: commercial year) */
      readonly periodDays: 1 | 30 | 360
      readonly dayCount: DayCount
      readonly daysToInterest: number
    }

export type DiscountRule = {
  /** position in `discounts_data` */
  readonly index: number
  readonly discountType: string
  readonly discountNumber: number | null
  readonly limitDay: DayNumber
  readonly limitDate: IsoDate
} & (
  | { readonly kind: 'absolute'; readonly reais: Ratio }
  | { readonly kind: 'percentage'; readonly percent: Ratio }
  | { readonly kind: 'anticipation_daily_amount'; readonly reaisPerDay: Ratio; readonly dayCount: DayCount }
  | {
      readonly kind: 'anticipation_daily_percentage'
      readonly percentPerDay: Ratio
      readonly dayCount: DayCount
    }
)

export interface ChargeRules {
  readonly fine: FineRule | null
  readonly interest: InterestRule | null
  readonly discounts: readonly DiscountRule[]
  readonly rebate: Ratio
  readonly maxPaymentDays: number | null
}

const INTEREST_TYPES: Readonly<
  Record<string, { readonly dayCount: DayCount; readonly periodDays: 1 | 30 | 360 | 'amount' }>
> = {
  calendar_days_daily_amount: { dayCount: 'calendar_days', periodDays: 'amount' },
  workdays_daily_amount: { dayCount: 'workdays', periodDays: 'amount' },
  calendar_days_daily_percentage: { dayCount: 'calendar_days', periodDays: 1 },
  workdays_daily_percentage: { dayCount: 'workdays', periodDays: 1 },
  calendar_days_monthly_percentage: { dayCount: 'calendar_days', periodDays: 30 },
  workdays_monthly_percentage: { dayCount: 'workdays', periodDays: 30 },
  calendar_days_yearly_percentage: { dayCount: 'calendar_days', periodDays: 360 },
  workdays_yearly_percentage: { dayCount: 'workdays', periodDays: 360 },
}

const isPresent = (value: unknown): boolean => value !== undefined && value !== null

const hasOwn = (record: object, key: string): boolean => Object.hasOwn(record, key)

const amountAt = (value: unknown, field: string): Ratio => {
  if (!isPresent(value)) throw new QuoteError('missing_field', field)
  const ratio = typeof value === 'number' ? ratioOfDecimal(value) : undefined
  if (ratio === undefined)
    throw new QuoteError('invalid_amount', field, `${field} must be a finite number >= 0`)
  return ratio
}

const daysAt = (value: unknown, field: string, fallback: number | null): number | null => {
  if (!isPresent(value)) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new QuoteError('invalid_days', field, `${field} must be an integer >= 0`)
  }
  return value
}

const ZERO: Ratio = { num: 0n, den: 1n }

const readFine = (fine: FineData, field: string): FineRule => {
  const daysToFine = daysAt(fine.days_to_fine, `${field}.days_to_fine`, 0) ?? 0
  switch (fine.fine_type) {
    case 'absolute':
      return { kind: 'absolute', reais: amountAt(fine.fine_amount, `${field}.fine_amount`), daysToFine }
    case 'percentage':
      return {
        kind: 'percentage',
        percent: amountAt(fine.fine_percentage, `${field}.fine_percentage`),
        daysToFine,
      }
    default:
      throw new QuoteError(
        'unknown_fine_type',
        `${field}.fine_type`,
        `unknown fine_type: ${String(fine.fine_type)}`,
      )
  }
}

const readInterest = (interest: InterestData, field: string): InterestRule => {
  const type = typeof interest.interest_type === 'string' ? interest.interest_type : ''
  const spec = hasOwn(INTEREST_TYPES, type) ? INTEREST_TYPES[type] : undefined
  if (spec === undefined) {
    throw new QuoteError(
      'unknown_interest_type',
      `${field}.interest_type`,
      `unknown interest_type: ${String(interest.interest_type)}`,
    )
  }
  const daysToInterest = daysAt(interest.days_to_interest, `${field}.days_to_interest`, 0) ?? 0
  if (spec.periodDays === 'amount') {
    const reaisPerDay = amountAt(interest.interest_amount, `${field}.interest_amount`)
    return { kind: 'daily_amount', reaisPerDay, dayCount: spec.dayCount, daysToInterest }
  }
  // QI documents `interest_percentage`; terms.ts also lets `interest_amount` carry the percent. Prefer the former.
  const percent = isPresent(interest.interest_percentage)
    ? amountAt(interest.interest_percentage, `${field}.interest_percentage`)
    : amountAt(interest.interest_amount, `${field}.interest_percentage`)
  return { kind: 'percentage', percent, periodDays: spec.periodDays, dayCount: spec.dayCount, daysToInterest }
}

const readDiscount = (discount: DiscountData, index: number, field: string): DiscountRule => {
  const at = `${field}[${index}]`
  if (typeof discount !== 'object' || discount === null) throw new QuoteError('missing_field', at)
  const limitDay = parseIsoDate(discount.discount_limit_date)
  if (limitDay === undefined) throw new QuoteError('invalid_date', `${at}.discount_limit_date`)
  const base = {
    index,
    discountType: String(discount.discount_type),
    discountNumber: daysAt(discount.discount_number, `${at}.discount_number`, null),
    limitDay,
    limitDate: discount.discount_limit_date,
  }
  const amount = (): Ratio => amountAt(discount.discount_amount, `${at}.discount_amount`)
  const percent = (): Ratio => amountAt(discount.discount_percentage, `${at}.discount_percentage`)
  switch (discount.discount_type) {
    case 'absolute':
      return { ...base, kind: 'absolute', reais: amount() }
    case 'percentage':
      return { ...base, kind: 'percentage', percent: percent() }
    case 'anticipation_calendar_days_daily_amount':
      return { ...base, kind: 'anticipation_daily_amount', reaisPerDay: amount(), dayCount: 'calendar_days' }
    case 'anticipation_workdays_daily_amount':
      return { ...base, kind: 'anticipation_daily_amount', reaisPerDay: amount(), dayCount: 'workdays' }
    case 'anticipation_calendar_days_daily_percentage':
      return {
        ...base,
        kind: 'anticipation_daily_percentage',
        percentPerDay: percent(),
        dayCount: 'calendar_days',
      }
    case 'anticipation_workdays_daily_percentage':
      return {
        ...base,
        kind: 'anticipation_daily_percentage',
        percentPerDay: percent(),
        dayCount: 'workdays',
      }
    default:
      throw new QuoteError(
        'unknown_discount_type',
        `${at}.discount_type`,
        `unknown discount_type: ${String(discount.discount_type)}`,
      )
  }
}

/**
 * Pure. Reads the charge-related issuance terms; throws `QuoteError` on anything it cannot use.
 * Absent or `null` parts mean "no such charge"; `field` prefixes error paths.
 */
export const readChargeRules = (terms: IssuanceTerms | null | undefined, field = 'terms'): ChargeRules => {
  const t: IssuanceTerms = terms ?? {}
  const fine = isPresent(t.fine_data) ? readFine(t.fine_data as FineData, `${field}.fine_data`) : null
  const interest = isPresent(t.interest_data)
    ? readInterest(t.interest_data as InterestData, `${field}.interest_data`)
    : null
  const discountsData = t.discounts_data ?? []
  if (!Array.isArray(discountsData)) throw new QuoteError('missing_field', `${field}.discounts_data`)
  const discounts = discountsData.map((d, i) => readDiscount(d, i, `${field}.discounts_data`))
  const rebate = isPresent(t.rebate_amount) ? amountAt(t.rebate_amount, `${field}.rebate_amount`) : ZERO
  const maxPaymentDays = daysAt(t.max_payment_days, `${field}.max_payment_days`, null)
  return { fine, interest, discounts, rebate, maxPaymentDays }
}
