/**
 * The bank due-date factor (domain.md §4.1): days since 1997-10-07, four digits, restarted at 1000 on
 * 2025-02-22. A factor therefore names one date per 9000-day cycle; FEBRABAN picks the one that lies from 3000
 * days before to 5500 days after a reference date ("today"), and the market rejects the 499 days in between
 * the cycles (the safety range). The reference date is always a parameter, so a decode can be replayed.
 */
import { daysFromCivil, daysFromIso, isoFromDays, todayUtc } from './calendar.js'

/** Day number of 1997-10-07, factor 0 of the first cycle. */
export const FACTOR_BASE_DAY = daysFromCivil(1997, 10, 7)
/** Days in one cycle: factors 1000..9999. */
export const FACTOR_CYCLE_DAYS = 9000
/** First factor of every cycle; factors 1..999 exist only in the first cycle (1997-10-08 .. 2000-07-02). */
export const FACTOR_CYCLE_START = 1000
/** FEBRABAN's window around the reference date, inclusive at both ends. */
export const WINDOW_PAST_DAYS = 3000
export const WINDOW_FUTURE_DAYS = 5500

/** Result of resolving a factor against a reference date. */
export type FactorResolution =
  /** `date` is `null` for factor 0000: the boleto has no due date. */
  | { readonly ok: true; readonly date: string | null }
  /**
   * No date the factor can name lies in the window. `candidates` are the nearest ones on each side of it
   * (at most two, ascending), for the error message.
   */
  | { readonly ok: false; readonly candidates: readonly string[] }

/**
 * Pure. Day number the factor names within the window around `referenceDay`, or -1 when none does.
 * `factor` must be an integer 1..9999 (0 means "no due date" and is the caller's business).
 */
export const resolveFactorDay = (factor: number, referenceDay: number): number => {
  const first = FACTOR_BASE_DAY + factor
  let day = first
  if (factor >= FACTOR_CYCLE_START) {
    // The earliest cycle whose date is not before the window's start; cycles never go below the first.
    const k = Math.ceil((referenceDay - WINDOW_PAST_DAYS - first) / FACTOR_CYCLE_DAYS)
    if (k > 0) day = first + k * FACTOR_CYCLE_DAYS
  }
  const offset = day - referenceDay
  return offset >= -WINDOW_PAST_DAYS && offset <= WINDOW_FUTURE_DAYS ? day : -1
}

/** Pure. The nearest dates a factor can name on either side of the window, for an out-of-range error. */
export const factorCandidates = (factor: number, referenceDay: number): string[] => {
  const first = FACTOR_BASE_DAY + factor
  if (factor < FACTOR_CYCLE_START) return [isoFromDays(first)]
  const k = Math.max(0, Math.ceil((referenceDay - WINDOW_PAST_DAYS - first) / FACTOR_CYCLE_DAYS))
  const after = first + k * FACTOR_CYCLE_DAYS
  return k > 0 ? [isoFromDays(after - FACTOR_CYCLE_DAYS), isoFromDays(after)] : [isoFromDays(after)]
}

/** Day number of a reference date given as `YYYY-MM-DD` (pure), or today, UTC, when omitted. Throws on garbage. */
export const referenceDayOf = (referenceDate: string | undefined): number => {
  if (referenceDate === undefined) return todayUtc()
  const day = daysFromIso(referenceDate)
  if (day === null)
    throw new RangeError(`referenceDate must be a real date as YYYY-MM-DD, got ${referenceDate}`)
  return day
}

/**
 * Pure when `referenceDate` is given (default: today, UTC). The due date a factor names:
 * `dueDateFromFactor(1000, '2020-01-01')` is 2000-07-03, `dueDateFromFactor(1000, '2025-01-01')` is 2025-02-22.
 * Throws a RangeError for a factor that is not an integer 0..9999 or a malformed reference date.
 */
export const dueDateFromFactor = (factor: number, referenceDate?: string): FactorResolution => {
  if (!Number.isInteger(factor) || factor < 0 || factor > 9999) {
    throw new RangeError(`a due-date factor is an integer 0..9999, got ${factor}`)
  }
  if (factor === 0) return { ok: true, date: null }
  const referenceDay = referenceDayOf(referenceDate)
  const day = resolveFactorDay(factor, referenceDay)
  return day < 0
    ? { ok: false, candidates: factorCandidates(factor, referenceDay) }
    : { ok: true, date: isoFromDays(day) }
}

/**
 * Pure. The factor printed for a due date (`YYYY-MM-DD`): days since 1997-10-07, wrapping from 9999 back to
 * 1000 (2025-02-21 → 9999, 2025-02-22 → 1000). Throws a RangeError for a malformed date or one on or before
 * 1997-10-07, which no factor names.
 */
export const factorFromDueDate = (date: string): number => {
  const day = daysFromIso(date)
  if (day === null) throw new RangeError(`a due date is a real date as YYYY-MM-DD, got ${date}`)
  const days = day - FACTOR_BASE_DAY
  if (days < 1) throw new RangeError(`no due-date factor names ${date}: factors start on 1997-10-08`)
  return days < FACTOR_CYCLE_START
    ? days
    : ((days - FACTOR_CYCLE_START) % FACTOR_CYCLE_DAYS) + FACTOR_CYCLE_START
}
