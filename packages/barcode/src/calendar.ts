/**
 * Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian, no time zone): a due date is a
 * calendar day, so `Date` and its time zones stay out. Conversions are Howard Hinnant's `days_from_civil` and
 * `civil_from_days`, which allocate nothing but the output string.
 */

/** `-MM-DD` for `month * 32 + day`: formatting a date is then one table read and one concatenation. */
const MONTH_DAY: readonly string[] = Array.from({ length: 13 * 32 }, (_, i) => {
  const month = i >> 5
  const day = i & 31
  return `-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
})

/** Pure. Day number of a valid calendar date (month 1–12). */
export const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** Pure. `YYYY-MM-DD` of a day number (years 0–9999). */
export const isoFromDays = (days: number): string => {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  return (year >= 1000 ? `${year}` : `${year}`.padStart(4, '0')) + MONTH_DAY[month * 32 + day]!
}

/** Pure. Days in a month of the proleptic Gregorian calendar. */
export const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31

/** Pure. Reads four (or two) ASCII digits at `at`; -1 if any is not a digit. */
const digitsAt = (s: string, at: number, count: number): number => {
  let n = 0
  for (let i = at; i < at + count; i++) {
    const v = s.charCodeAt(i) - 48
    if (v < 0 || v > 9) return -1
    n = n * 10 + v
  }
  return n
}

/** Pure. Day number of a strict `YYYY-MM-DD` that names a real date, or `null`. */
export const daysFromIso = (iso: string): number | null => {
  if (iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return null
  const year = digitsAt(iso, 0, 4)
  const month = digitsAt(iso, 5, 2)
  const day = digitsAt(iso, 8, 2)
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return daysFromCivil(year, month, day)
}

/** Today in UTC as a day number. Reads the clock: the one impure function of the package. */
export const todayUtc = (): number => Math.floor(Date.now() / 86_400_000)
