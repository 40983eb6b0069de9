import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseIsoMicros } from './datetime.js'

// The parser as it was before the fast path (trim, slices, a Date), kept verbatim as the reference.
const refDigit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : Number.NaN
}
const refNum = (s: string, from: number, len: number): number => {
  let n = 0
  for (let i = from; i < from + len; i++) n = n * 10 + refDigit(s, i)
  return n
}
const reference = (text: string): number | null => {
  const s = text.trim()
  if (s.length < 10 || s[4] !== '-' || s[7] !== '-') return null
  const year = refNum(s, 0, 4)
  const month = refNum(s, 5, 2)
  const day = refNum(s, 8, 2)
  let hour = 0
  let minute = 0
  let second = 0
  let micros = 0
  let i = 10
  if (i < s.length) {
    if (s[i] !== 'T' && s[i] !== ' ') return null
    if (s[i + 3] !== ':') return null
    hour = refNum(s, i + 1, 2)
    minute = refNum(s, i + 4, 2)
    i += 6
    if (s[i] === ':') {
      second = refNum(s, i + 1, 2)
      i += 3
    }
    if (s[i] === '.' || s[i] === ',') {
      i++
      const fractionStart = i
      let scale = 100_000
      while (i < s.length && refDigit(s, i) >= 0) {
        if (scale >= 1) micros += refDigit(s, i) * scale
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
      const rest = s.slice(i + 1).replace(':', '')
      if (rest.length !== 2 && rest.length !== 4) return null
      const offsetHours = refNum(rest, 0, 2)
      const offsetMins = rest.length === 4 ? refNum(rest, 2, 2) : 0
      if (!(offsetHours <= 23 && offsetMins <= 59)) return null
      offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins)
      i = s.length
    } else return null
  }
  if (i !== s.length) return null
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60))
    return null
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second))
  date.setUTCFullYear(year)
  const ms = date.getTime()
  if (Number.isNaN(ms) || date.getUTCDate() !== day) return null
  return (ms - offsetMinutes * 60_000) * 1000 + micros
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** Timestamps in the fast path's shapes, valid or just out of range (Feb 29/30, day 31, hour 24, second 60). */
const timestamp = fc
  .record({
    year: fc.oneof(
      fc.integer({ min: 0, max: 9999 }),
      fc.constantFrom(0, 1, 4, 99, 100, 400, 1600, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 9999),
    ),
    month: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99 })),
    day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom(0, 28, 29, 30, 31, 32, 99)),
    hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 23, 24, 99)),
    minute: fc.oneof(fc.integer({ min: 0, max: 59 }), fc.constantFrom(0, 59, 60, 99)),
    second: fc.oneof(fc.integer({ min: 0, max: 59 }), fc.constantFrom(0, 59, 60, 61, 99)),
    fraction: fc.oneof(
      fc.constant(''),
      fc.integer({ min: 0, max: 999 }).map((n) => `.${pad(n, 3)}`),
      fc.integer({ min: 0, max: 999_999 }).map((n) => `.${pad(n, 6)}`),
    ),
    zone: fc.constantFrom('', 'Z', 'z'),
    separator: fc.constantFrom('T', 'T', 'T', ' '),
  })
  .map(
    (t) =>
      `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}${t.separator}${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${t.fraction}${t.zone}`,
  )

const noise = fc.constantFrom(
  ...'0123456789aZzTt -+:.,/\t\n\u00a0\u2028'.split(''),
  '+02:30',
  '-0300',
  '+05',
  '-03:00',
  '+2',
  '+99:99',
  '+ab:cd',
)
type Mutation = { kind: 'replace' | 'insert' | 'delete'; at: number; text: string }
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('replace', 'insert', 'delete'),
  at: fc.nat(40),
  text: noise,
})
const mutate = (s: string, m: Mutation): string => {
  const at = Math.min(m.at, s.length)
  if (m.kind === 'insert') return s.slice(0, at) + m.text + s.slice(at)
  if (m.kind === 'delete') return s.slice(0, at) + s.slice(at + 1)
  return s.slice(0, at) + m.text + s.slice(at + 1)
}
const mutated = fc
  .tuple(timestamp, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([s, ms]) => ms.reduce(mutate, s))

describe('parseIsoMicros fast path', () => {
  it('agrees with the Date-based parser on every date in the common shapes', () => {
    fc.assert(
      fc.property(timestamp, (text) => {
        expect(parseIsoMicros(text)).toBe(reference(text))
      }),
      { numRuns: 20_000 },
    )
  })

  it('agrees on every real calendar day, leap years and second 60 included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.constantFrom(
          '00:00:00',
          '12:34:56.789',
          '23:59:59.999999Z',
          '23:59:60Z',
          '12:59:60',
          '00:00:60.5Z',
        ),
        (year, month, day, time) => {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${time}`
          expect(parseIsoMicros(text)).toBe(reference(text))
        },
      ),
      { numRuns: 20_000 },
    )
  })

  it('agrees on mutated timestamps (letters, spaces, missing or extra characters, offsets)', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        expect(parseIsoMicros(text)).toBe(reference(text))
      }),
      { numRuns: 20_000 },
    )
  })

  it('agrees on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        expect(parseIsoMicros(text)).toBe(reference(text))
      }),
      { numRuns: 2000 },
    )
  })

  it.each([
    ['2024-08-06T14:53:05.628Z', Date.UTC(2024, 7, 6, 14, 53, 5, 628) * 1000],
    ['2024-08-06T14:53:05Z', Date.UTC(2024, 7, 6, 14, 53, 5) * 1000],
    ['2024-08-06T14:53:05.628123z', Date.UTC(2024, 7, 6, 14, 53, 5, 628) * 1000 + 123],
    ['2024-08-06T14:53:05.628', Date.UTC(2024, 7, 6, 14, 53, 5, 628) * 1000],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29) * 1000],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29) * 1000],
    ['2024-08-06T14:53:60Z', Date.UTC(2024, 7, 6, 14, 54, 0) * 1000],
    ['1969-12-31T23:59:59.999999Z', -1],
    ['1970-01-01T00:00:00Z', 0],
    // A fraction then an offset: not a fast-path shape even though it is 26 characters long.
    ['2024-08-06T14:53:05.1+0230', Date.UTC(2024, 7, 6, 12, 23, 5, 100) * 1000],
    [' 2024-08-06T14:53:05.628Z ', Date.UTC(2024, 7, 6, 14, 53, 5, 628) * 1000],
  ])('reads %j', (text, expected) => {
    expect(parseIsoMicros(text)).toBe(expected)
    expect(reference(text)).toBe(expected)
  })

  it('keeps years 0-99 as written', () => {
    const micros = parseIsoMicros('0050-03-01T00:00:00.000Z')
    expect(new Date(micros! / 1000).getUTCFullYear()).toBe(50)
    expect(micros).toBe(reference('0050-03-01T00:00:00.000Z'))
  })

  it.each([
    '2023-02-29T00:00:00Z',
    '2100-02-29T00:00:00.000Z',
    '2024-04-31T00:00:00Z',
    '2024-12-31T23:59:60Z',
    '2024-08-06T24:00:00Z',
    '2024-08-06T14:53:61Z',
    '2024-00-06T14:53:05.628Z',
    '2024-08-00T14:53:05.628Z',
    '2024-08-0xT14:53:05.628Z',
  ])('rejects %j', (text) => {
    expect(parseIsoMicros(text)).toBeNull()
    expect(reference(text)).toBeNull()
  })
})
