/**
 * Calendar dates: 'YYYY-MM-DD' strings at the edges, UTC day numbers (days since 1970-01-01) inside.
 * No `Date`, no time zone: a boleto's due date is a civil date, and local-time arithmetic around DST
 * changes is a classic source of off-by-one days.
 */

/** 'YYYY-MM-DD' (proleptic Gregorian calendar). */
export type IsoDate = string
/** Days since 1970-01-01 (negative before). */
export type DayNumber = number
/** 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6

export interface CivilDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Pure. */
export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

/** Pure. */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

/** Pure. Day number of a civil date (H. Hinnant's `days_from_civil`); the date must be valid. */
export const dayNumberOf = (year: number, month: number, day: number): DayNumber => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

/** Pure. Inverse of `dayNumberOf` (Hinnant's `civil_from_days`). */
export const civilOf = (dayNumber: DayNumber): CivilDate => {
  const z = dayNumber + 719468
  const era = Math.floor(z / 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** Pure. The day number of a real 'YYYY-MM-DD' date (years 0001–9999), or `undefined`. */
export const parseIsoDate = (value: unknown): DayNumber | undefined => {
  if (typeof value !== 'string') return undefined
  const match = ISO_DATE.exec(value)
  if (match === null) return undefined
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return dayNumberOf(year, month, day)
}

/** Pure. */
export const isIsoDate = (value: unknown): value is IsoDate => parseIsoDate(value) !== undefined

/** Pure. */
export const formatIsoDate = (dayNumber: DayNumber): IsoDate => {
  const { year, month, day } = civilOf(dayNumber)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Pure. 1970-01-01 was a Thursday. */
export const weekdayOf = (dayNumber: DayNumber): Weekday => ((((dayNumber + 4) % 7) + 7) % 7) as Weekday

/** Pure. */
export const yearOf = (dayNumber: DayNumber): number => civilOf(dayNumber).year
