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

/** Pure. Epoch microseconds, or null when the text is not an ISO-8601 date-time (or date). */
export const parseIsoMicros = (text: string): number | null => {
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
