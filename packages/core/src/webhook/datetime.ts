/**
 * QI's timestamps are ISO-8601 UTC, seen with milliseconds and `Z`, with microseconds, and with neither
 * fraction nor zone (domain.md §1.5). `Date.parse` reads a zoneless time as *local* time, so this parser is
 * explicit: no zone means UTC. Results are epoch microseconds so microsecond timestamps still order.
 */

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : Number.NaN
}
const num = (s: string, from: number, len: number): number => {
  let n = 0
  for (let i = from; i < from + len; i++) n = n * 10 + digit(s, i)
  return n
}

/** Pure. Days in `month` (1-12) of proleptic Gregorian `year`; 31/30 alternate, flipping after July. */
export const monthLength = (year: number, month: number): number =>
  month === 2
    ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
      ? 29
      : 28
    : 30 + ((month + (month >> 3)) & 1)

/** Pure. Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1
  return era * 146097 + yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy - 719468
}

/**
 * The shapes QI actually sends — `YYYY-MM-DDTHH:MM:SS`, optionally `.sss` or `.ffffff`, optionally `Z` —
 * read without trim, slices or a Date (the replay hot path). Returns undefined for anything else, which
 * the general parser then reads. Same answers as the general path: a digit first and a digit or Z last
 * means trim() would change nothing; the ranges are the general path's, second 60 included (it counts as
 * the next minute's :00, and is null when that lands on the next day, as the Date round trip makes it).
 */
const parseCommon = (s: string): number | null | undefined => {
  const n = s.length
  let end = n
  const last = s.charCodeAt(n - 1)
  if (last === 90 || last === 122) end-- // Z or z
  if (
    !(end === 19 || ((end === 23 || end === 26) && s.charCodeAt(19) === 46)) ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  )
    return undefined
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3)
  const month = digit(s, 5) * 10 + digit(s, 6)
  const day = digit(s, 8) * 10 + digit(s, 9)
  const hour = digit(s, 11) * 10 + digit(s, 12)
  const minute = digit(s, 14) * 10 + digit(s, 15)
  const second = digit(s, 17) * 10 + digit(s, 18)
  let micros = 0
  if (end === 23) micros = (digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22)) * 1000
  else if (end === 26)
    micros =
      digit(s, 20) * 100_000 +
      digit(s, 21) * 10_000 +
      digit(s, 22) * 1000 +
      digit(s, 23) * 100 +
      digit(s, 24) * 10 +
      digit(s, 25)
  // A non-digit (NaN) goes to the general path, not to null: `05.1+0230` there is a fraction and an offset.
  if (Number.isNaN(year + month + day + hour + minute + second + micros)) return undefined
  if (!(month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 60)) return null
  if (day > monthLength(year, month) || (second === 60 && hour === 23 && minute === 59)) return null
  const ms = daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000
  return ms * 1000 + micros
}

/** Pure. Epoch microseconds, or null when the text is not an ISO-8601 date-time (or date). */
export const parseIsoMicros = (text: string): number | null => {
  const fast = parseCommon(text)
  if (fast !== undefined) return fast
  const s = text.trim()
  if (s.length < 10 || s[4] !== '-' || s[7] !== '-') return null
  const year = num(s, 0, 4)
  const month = num(s, 5, 2)
  const day = num(s, 8, 2)
  let hour = 0
  let minute = 0
  let second = 0
  let micros = 0
  let i = 10
  if (i < s.length) {
    if (s[i] !== 'T' && s[i] !== ' ') return null
    if (s[i + 3] !== ':') return null
    hour = num(s, i + 1, 2)
    minute = num(s, i + 4, 2)
    i += 6
    if (s[i] === ':') {
      second = num(s, i + 1, 2)
      i += 3
    }
    if (s[i] === '.' || s[i] === ',') {
      i++
      const fractionStart = i
      let scale = 100_000
      while (i < s.length && digit(s, i) >= 0) {
        if (scale >= 1) micros += digit(s, i) * scale
        scale /= 10
        i++
      }
      if (i === fractionStart) return null
    }
  }
  let offsetMinutes = 0
  if (i < s.length) {
    const sign = s[i]
    if (sign === 'Z' || sign === 'z') i++
    else if (sign === '+' || sign === '-') {
      // ±hh, ±hhmm or ±hh:mm, each part in range.
      const rest = s.slice(i + 1).replace(':', '')
      if (rest.length !== 2 && rest.length !== 4) return null
      const offsetHours = num(rest, 0, 2)
      const offsetMins = rest.length === 4 ? num(rest, 2, 2) : 0
      if (!(offsetHours <= 23 && offsetMins <= 59)) return null
      offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins)
      i = s.length
    } else return null
  }
  if (i !== s.length) return null
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60))
    return null
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second))
  date.setUTCFullYear(year)
  const ms = date.getTime()
  if (Number.isNaN(ms) || date.getUTCDate() !== day) return null
  return (ms - offsetMinutes * 60_000) * 1000 + micros
}

/** Orders events whose time is missing or unreadable after every dated one. */
export const UNDATED = Number.MAX_SAFE_INTEGER
