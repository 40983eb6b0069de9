import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { civilOf, dayNumberOf, formatIsoDate, isIsoDate, parseIsoDate, weekdayOf } from './dates.js'

describe('dates', () => {
  it('maps civil dates to UTC day numbers', () => {
    expect(dayNumberOf(1970, 1, 1)).toBe(0)
    expect(parseIsoDate('2020-08-02')).toBe(Date.UTC(2020, 7, 2) / 86_400_000)
    expect(parseIsoDate('1969-12-31')).toBe(-1)
    expect(formatIsoDate(18_476)).toBe('2020-08-02')
    expect(weekdayOf(parseIsoDate('2020-08-02') as number)).toBe(0) // Sunday
    expect(weekdayOf(parseIsoDate('2024-06-15') as number)).toBe(6) // Saturday
  })

  it('rejects anything but a real YYYY-MM-DD date', () => {
    for (const bad of [
      '2024-02-30',
      '2023-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-1-01',
      '20240101',
      '',
      'x',
    ]) {
      expect(isIsoDate(bad), bad).toBe(false)
    }
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate(20240101)).toBe(false)
    expect(isIsoDate(null)).toBe(false)
    expect(isIsoDate('0000-01-01')).toBe(false)
  })

  it('round-trips and agrees with Date.UTC (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (n) => {
        const iso = formatIsoDate(n)
        const { year, month, day } = civilOf(n)
        const utc = new Date(0)
        utc.setUTCFullYear(year, month - 1, day)
        return parseIsoDate(iso) === n && utc.getTime() / 86_400_000 === n && weekdayOf(n) === utc.getUTCDay()
      }),
      { numRuns: 2000 },
    )
  })
})
