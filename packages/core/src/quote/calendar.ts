/**
 * Brazil's bank calendar: weekends, the national bank holidays and caller-supplied local holidays.
 * Hand-written on purpose (see docs/payment-quotes.md): the bank calendar is not the civil one (Carnival and
 * Corpus Christi close the banks although they are not national civil holidays), the rules fit in a table,
 * and the core package stays free of a large dependency.
 */

import type { DayNumber, IsoDate } from './dates.js'
import { dayNumberOf, formatIsoDate, parseIsoDate, weekdayOf, yearOf } from './dates.js'
import { easterDayNumber } from './easter.js'
import { QuoteError } from './errors.js'

export interface BankHoliday {
  readonly date: IsoDate
  readonly name: string
}

/** Local (state or municipal) bank holidays, as day numbers. */
export type LocalHolidays = ReadonlySet<DayNumber>

export interface BankCalendar {
  /** The local holidays this calendar was built with, sorted and deduplicated. */
  readonly localHolidays: readonly IsoDate[]
  readonly isHoliday: (date: IsoDate) => boolean
  readonly isBusinessDay: (date: IsoDate) => boolean
  /** The date itself when it is a business day, else the next business day (the factual due date rule). */
  readonly businessDayOnOrAfter: (date: IsoDate) => IsoDate
  /** Business days `d` with `from < d <= to` (0 when `to <= from`). */
  readonly businessDaysBetween: (from: IsoDate, to: IsoDate) => number
}

interface FixedHoliday {
  readonly month: number
  readonly day: number
  readonly name: string
  /** first year in which it is a national holiday */
  readonly since?: number
}

const FIXED_HOLIDAYS: readonly FixedHoliday[] = [
  { month: 1, day: 1, name: 'Confraternização Universal' },
  { month: 4, day: 21, name: 'Tiradentes' },
  { month: 5, day: 1, name: 'Dia do Trabalho' },
  { month: 9, day: 7, name: 'Independência do Brasil' },
  { month: 10, day: 12, name: 'Nossa Senhora Aparecida' },
  { month: 11, day: 2, name: 'Finados' },
  { month: 11, day: 15, name: 'Proclamação da República' },
  // Lei 14.759/2023 made it national from 2024; before, only some states and cities kept it (local input).
  { month: 11, day: 20, name: 'Dia Nacional de Zumbi e da Consciência Negra', since: 2024 },
  { month: 12, day: 25, name: 'Natal' },
]

/** Offsets in days from Easter Sunday. */
const MOVABLE_HOLIDAYS: readonly { readonly offset: number; readonly name: string }[] = [
  { offset: -48, name: 'Carnaval (segunda-feira)' },
  { offset: -47, name: 'Carnaval (terça-feira)' },
  { offset: -2, name: 'Sexta-feira da Paixão' },
  { offset: 60, name: 'Corpus Christi' },
]

const holidayDaysOfYear = (year: number): readonly { readonly day: DayNumber; readonly name: string }[] => {
  const easter = easterDayNumber(year)
  return [
    ...FIXED_HOLIDAYS.filter((h) => h.since === undefined || year >= h.since).map((h) => ({
      day: dayNumberOf(year, h.month, h.day),
      name: h.name,
    })),
    ...MOVABLE_HOLIDAYS.map((h) => ({ day: easter + h.offset, name: h.name })),
  ].sort((a, b) => a.day - b.day)
}

/** Pure. Brazil's national bank holidays of a year (a positive integer), sorted by date. */
export const nationalBankHolidays = (year: number): readonly BankHoliday[] =>
  holidayDaysOfYear(year).map((h) => ({ date: formatIsoDate(h.day), name: h.name }))

// Memoised per year: the rules never change for a given year, so the cache is invisible to callers.
const nationalDaysCache = new Map<number, ReadonlySet<DayNumber>>()
const nationalHolidayDays = (year: number): ReadonlySet<DayNumber> => {
  let days = nationalDaysCache.get(year)
  if (days === undefined) {
    days = new Set(holidayDaysOfYear(year).map((h) => h.day))
    nationalDaysCache.set(year, days)
  }
  return days
}

const EMPTY: LocalHolidays = new Set()

/** Pure. */
export const isWeekendDay = (day: DayNumber): boolean => {
  const weekday = weekdayOf(day)
  return weekday === 0 || weekday === 6
}

/** Pure. A national or local bank holiday (whatever the weekday). */
export const isHolidayDay = (day: DayNumber, local: LocalHolidays = EMPTY): boolean =>
  local.has(day) || nationalHolidayDays(yearOf(day)).has(day)

/** Pure. */
export const isBusinessDayNumber = (day: DayNumber, local: LocalHolidays = EMPTY): boolean =>
  !isWeekendDay(day) && !isHolidayDay(day, local)

/** Pure. `day` itself when it is a business day, else the next one. */
export const businessDayOnOrAfterNumber = (day: DayNumber, local: LocalHolidays = EMPTY): DayNumber => {
  let d = day
  while (!isBusinessDayNumber(d, local)) d += 1
  return d
}

/** Monday–Friday days with a day number below `x`, offset so that differences are exact. */
const weekdaysBelow = (x: DayNumber): number => {
  // Day 4 (1970-01-05) is a Monday: count whole weeks from there, then the Monday-based remainder.
  const m = x - 4
  const weeks = Math.floor(m / 7)
  return 5 * weeks + Math.min(m - 7 * weeks, 5)
}

/**
 * Pure. Business days `d` with `from < d <= to` (0 when `to <= from`). Arithmetic on weeks, then the
 * weekday holidays of the range are subtracted, so long ranges cost per year, not per day.
 */
export const businessDaysBetweenNumbers = (
  from: DayNumber,
  to: DayNumber,
  local: LocalHolidays = EMPTY,
): number => {
  if (to <= from) return 0
  const inRange = (d: DayNumber): boolean => d > from && d <= to && !isWeekendDay(d)
  let holidays = 0
  for (let year = yearOf(from + 1); year <= yearOf(to); year += 1) {
    for (const d of nationalHolidayDays(year)) if (inRange(d)) holidays += 1
  }
  for (const d of local) {
    if (inRange(d) && !nationalHolidayDays(yearOf(d)).has(d)) holidays += 1
  }
  return weekdaysBelow(to + 1) - weekdaysBelow(from + 1) - holidays
}

/** Pure. Day numbers of local holidays; throws `QuoteError` (`invalid_date`, `holidays[i]`) on a bad one. */
export const localHolidaysOf = (
  holidays: readonly unknown[] | null | undefined,
  field = 'holidays',
): LocalHolidays => {
  if (holidays === null || holidays === undefined) return EMPTY
  if (!Array.isArray(holidays))
    throw new QuoteError('invalid_date', field, `${field} must be an array of dates`)
  const days = new Set<DayNumber>()
  holidays.forEach((value, index) => {
    const day = parseIsoDate(value)
    if (day === undefined) throw new QuoteError('invalid_date', `${field}[${index}]`)
    days.add(day)
  })
  return days
}

const dayOrThrow = (date: IsoDate, field: string): DayNumber => {
  const day = parseIsoDate(date)
  if (day === undefined) throw new QuoteError('invalid_date', field)
  return day
}

/**
 * Pure. A bank calendar with extra local holidays. Its functions take 'YYYY-MM-DD' strings and throw
 * `QuoteError` (`invalid_date`) on anything else.
 */
export const bankCalendar = (localHolidays: readonly IsoDate[] = []): BankCalendar => {
  const local = localHolidaysOf(localHolidays)
  return {
    localHolidays: [...local].sort((a, b) => a - b).map(formatIsoDate),
    isHoliday: (date) => isHolidayDay(dayOrThrow(date, 'date'), local),
    isBusinessDay: (date) => isBusinessDayNumber(dayOrThrow(date, 'date'), local),
    businessDayOnOrAfter: (date) =>
      formatIsoDate(businessDayOnOrAfterNumber(dayOrThrow(date, 'date'), local)),
    businessDaysBetween: (from, to) =>
      businessDaysBetweenNumbers(dayOrThrow(from, 'from'), dayOrThrow(to, 'to'), local),
  }
}
