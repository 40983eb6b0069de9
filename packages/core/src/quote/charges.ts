/**
 * The four charges of a boleto payment, each in exact arithmetic and rounded half-up to the centavo once:
 * fine and interest after the factual due date, discount before its limit date, rebate always.
 * Percentages apply to the nominal amount (simple interest, no compounding).
 */

import type { LocalHolidays } from './calendar.js'
import { businessDaysBetweenNumbers } from './calendar.js'
import type { DayCount, DiscountRule, FineRule, InterestRule } from './charge-rules.js'
import type { DayNumber } from './dates.js'
import type { Ratio } from './money.js'
import { roundHalfUp } from './money.js'

export interface ChargeContext {
  readonly nominalCents: bigint
  /** the factual due date: the due date moved to a business day */
  readonly factualDay: DayNumber
  readonly paymentDay: DayNumber
  readonly local: LocalHolidays
}

export interface InterestCharge {
  readonly cents: bigint
  /** days charged (calendar or business days, after the grace period) */
  readonly days: number
}

export interface DiscountCharge {
  readonly cents: bigint
  readonly rule: DiscountRule | null
  /** days of anticipation counted, for the per-day types (0 otherwise) */
  readonly days: number
}

/** Pure. Days `d` with `from < d <= to` of the given kind (0 when `to <= from`). */
export const countDays = (
  dayCount: DayCount,
  from: DayNumber,
  to: DayNumber,
  local: LocalHolidays,
): number =>
  to <= from ? 0 : dayCount === 'calendar_days' ? to - from : businessDaysBetweenNumbers(from, to, local)

/** Pure. `reais × factor` in centavos, half-up. */
const reaisTimes = (reais: Ratio, factor: bigint): bigint => roundHalfUp(reais.num * 100n * factor, reais.den)

/** Pure. `percent % of cents × factor / divisor`, half-up. */
const percentOf = (cents: bigint, percent: Ratio, factor: bigint, divisor: bigint): bigint =>
  roundHalfUp(cents * percent.num * factor, percent.den * 100n * divisor)

/**
 * Pure. The fine is charged once, when the payment is more than `days_to_fine` calendar days after the
 * factual due date (0 = from the first day after it).
 */
export const fineCharge = (rule: FineRule | null, ctx: ChargeContext): bigint => {
  if (rule === null || ctx.paymentDay - ctx.factualDay <= rule.daysToFine) return 0n
  return rule.kind === 'absolute'
    ? reaisTimes(rule.reais, 1n)
    : percentOf(ctx.nominalCents, rule.percent, 1n, 1n)
}

/**
 * Pure. Interest accrues for each counted day after the factual due date plus `days_to_interest` calendar days
 * of grace: calendar days, or business days for the `workdays_*` types.
 */
export const interestCharge = (rule: InterestRule | null, ctx: ChargeContext): InterestCharge => {
  if (rule === null) return { cents: 0n, days: 0 }
  const days = countDays(rule.dayCount, ctx.factualDay + rule.daysToInterest, ctx.paymentDay, ctx.local)
  if (days === 0) return { cents: 0n, days }
  const cents =
    rule.kind === 'daily_amount'
      ? reaisTimes(rule.reaisPerDay, BigInt(days))
      : percentOf(ctx.nominalCents, rule.percent, BigInt(days), BigInt(rule.periodDays))
  return { cents, days }
}

const discountOf = (
  rule: DiscountRule,
  ctx: ChargeContext,
): { readonly cents: bigint; readonly days: number } => {
  switch (rule.kind) {
    case 'absolute':
      return { cents: reaisTimes(rule.reais, 1n), days: 0 }
    case 'percentage':
      return { cents: percentOf(ctx.nominalCents, rule.percent, 1n, 1n), days: 0 }
    case 'anticipation_daily_amount': {
      const days = countDays(rule.dayCount, ctx.paymentDay, rule.limitDay, ctx.local)
      return { cents: reaisTimes(rule.reaisPerDay, BigInt(days)), days }
    }
    case 'anticipation_daily_percentage': {
      const days = countDays(rule.dayCount, ctx.paymentDay, rule.limitDay, ctx.local)
      return { cents: percentOf(ctx.nominalCents, rule.percentPerDay, BigInt(days), 1n), days }
    }
  }
}

/**
 * Pure. Discounts are tiers: a discount applies when the payment is on or before its limit date, and of those
 * that apply, the one with the earliest limit date wins (the current tier; ties: the larger amount). The
 * per-day types count the days from the payment date to the limit date (`payment < d <= limit`).
 */
export const discountCharge = (rules: readonly DiscountRule[], ctx: ChargeContext): DiscountCharge => {
  let best: DiscountCharge = { cents: 0n, rule: null, days: 0 }
  for (const rule of rules) {
    if (ctx.paymentDay > rule.limitDay) continue
    const { cents, days } = discountOf(rule, ctx)
    const current = best.rule
    if (
      current === null ||
      rule.limitDay < current.limitDay ||
      (rule.limitDay === current.limitDay && cents > best.cents)
    ) {
      best = { cents, rule, days }
    }
  }
  return best
}

/** Pure. The rebate (abatimento) always applies. */
export const rebateCharge = (rebate: Ratio): bigint => reaisTimes(rebate, 1n)
