/**
 * Easter Sunday, from which Brazil's movable bank holidays follow (Carnival, Good Friday, Corpus Christi).
 * Computed with the anonymous Gregorian algorithm (Meeus/Jones/Butcher): exact for every Gregorian year,
 * no table to keep up to date.
 */

import type { DayNumber, IsoDate } from './dates.js'
import { dayNumberOf, formatIsoDate } from './dates.js'

/** Pure. Day number of Easter Sunday; `year` must be a positive integer. */
export const easterDayNumber = (year: number): DayNumber => {
  if (!Number.isSafeInteger(year) || year < 1) throw new RangeError(`year out of range: ${year}`)
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return dayNumberOf(year, month, day)
}

/** Pure. Easter Sunday as 'YYYY-MM-DD' (e.g. 2024 → '2024-03-31'). */
export const easterSunday = (year: number): IsoDate => formatIsoDate(easterDayNumber(year))
