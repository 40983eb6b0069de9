import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { daysFromCivil, daysFromIso, daysInMonth, isoFromDays } from './calendar.js'

describe('calendar day numbers', () => {
  it('agrees with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(0, 1, 1), max: daysFromCivil(9999, 12, 31) }), (day) => {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10)
        expect(isoFromDays(day)).toBe(iso)
        expect(daysFromIso(iso)).toBe(day)
      }),
      { numRuns: 5000 },
    )
    expect(daysFromCivil(1970, 1, 1)).toBe(0)
    expect(daysFromCivil(1997, 10, 7)).toBe(Date.UTC(1997, 9, 7) / 86_400_000)
  })

  it('reads only strict, real YYYY-MM-DD dates', () => {
    for (const bad of [
      '2025-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-04-31',
      '2025-1-01',
      '20250101',
      '2025/01/01',
      '',
    ]) {
      expect(daysFromIso(bad)).toBeNull()
    }
    expect(daysFromIso('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000)
  })

  it('knows leap years', () => {
    expect([daysInMonth(2024, 2), daysInMonth(2025, 2), daysInMonth(1900, 2), daysInMonth(2000, 2)]).toEqual([
      29, 28, 28, 29,
    ])
    expect(daysInMonth(2025, 4)).toBe(30)
    expect(daysInMonth(2025, 12)).toBe(31)
  })

  it('pads years below 1000', () => {
    expect(isoFromDays(daysFromCivil(999, 3, 4))).toBe('0999-03-04')
  })
})
