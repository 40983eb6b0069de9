import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { daysFromIso, isoFromDays } from './calendar.js'
import { dueDateFromFactor, factorFromDueDate, WINDOW_FUTURE_DAYS, WINDOW_PAST_DAYS } from './index.js'

const plusDays = (date: string, days: number): string => isoFromDays(daysFromIso(date)! + days)

describe('factorFromDueDate', () => {
  it('counts days since 1997-10-07 and wraps from 9999 to 1000 on 2025-02-22', () => {
    expect(factorFromDueDate('1997-10-08')).toBe(1)
    expect(factorFromDueDate('2000-07-02')).toBe(999)
    expect(factorFromDueDate('2000-07-03')).toBe(1000)
    expect(factorFromDueDate('2020-08-02')).toBe(8335) // QI's worked example
    expect(factorFromDueDate('2025-02-21')).toBe(9999)
    expect(factorFromDueDate('2025-02-22')).toBe(1000)
    expect(factorFromDueDate('2025-02-23')).toBe(1001)
    expect(factorFromDueDate('2049-10-13')).toBe(9999) // end of the second cycle
    expect(factorFromDueDate('2049-10-14')).toBe(1000)
  })

  it('rejects dates no factor names and malformed dates', () => {
    expect(() => factorFromDueDate('1997-10-07')).toThrow(RangeError)
    expect(() => factorFromDueDate('2025-02-30')).toThrow(RangeError)
    expect(() => factorFromDueDate('22/02/2025')).toThrow(RangeError)
  })
})

describe('dueDateFromFactor', () => {
  it('factor 0000 means no due date', () => {
    expect(dueDateFromFactor(0, '2025-01-01')).toEqual({ ok: true, date: null })
  })

  it('factor 1000 is 2000-07-03 before the reset and 2025-02-22 after it, depending on the reference date', () => {
    expect(dueDateFromFactor(1000, '2005-01-01')).toEqual({ ok: true, date: '2000-07-03' })
    expect(dueDateFromFactor(1000, '2020-01-01')).toEqual({ ok: true, date: '2025-02-22' })
    expect(dueDateFromFactor(1000, '2025-01-01')).toEqual({ ok: true, date: '2025-02-22' })
    expect(dueDateFromFactor(1000, '2030-01-01')).toEqual({ ok: true, date: '2025-02-22' })
  })

  it('factor 9999 is 2025-02-21, the last day of the first cycle, until the window moves past it', () => {
    expect(dueDateFromFactor(9999, '2020-01-01')).toEqual({ ok: true, date: '2025-02-21' })
    expect(dueDateFromFactor(9999, '2025-02-22')).toEqual({ ok: true, date: '2025-02-21' })
    expect(dueDateFromFactor(9999, plusDays('2025-02-21', 3000))).toEqual({ ok: true, date: '2025-02-21' })
    expect(dueDateFromFactor(9999, plusDays('2025-02-21', 3001))).toEqual({
      ok: false,
      candidates: ['2025-02-21', '2049-10-13'],
    })
    expect(dueDateFromFactor(9999, '2046-01-01')).toEqual({ ok: true, date: '2049-10-13' })
  })

  it('resolves dates on both sides of 2025-02-22 with reference dates before and after it', () => {
    for (const reference of ['2024-12-01', '2025-02-21', '2025-02-22', '2025-06-01']) {
      expect(dueDateFromFactor(9990, reference)).toEqual({ ok: true, date: '2025-02-12' })
      expect(dueDateFromFactor(1010, reference)).toEqual({ ok: true, date: '2025-03-04' })
    }
  })

  it('accepts exactly 3000 days back and 5500 days ahead; the 499 days between cycles are the safety range', () => {
    const reference = '2026-11-23'
    const oldest = plusDays(reference, -WINDOW_PAST_DAYS)
    const newest = plusDays(reference, WINDOW_FUTURE_DAYS)
    expect(dueDateFromFactor(factorFromDueDate(oldest), reference)).toEqual({ ok: true, date: oldest })
    expect(dueDateFromFactor(factorFromDueDate(newest), reference)).toEqual({ ok: true, date: newest })
    const tooOld = plusDays(oldest, -1)
    const tooNew = plusDays(newest, 1)
    expect(dueDateFromFactor(factorFromDueDate(tooOld), reference)).toEqual({
      ok: false,
      candidates: [tooOld, plusDays(tooOld, 9000)],
    })
    expect(dueDateFromFactor(factorFromDueDate(tooNew), reference)).toEqual({
      ok: false,
      candidates: [plusDays(tooNew, -9000), tooNew],
    })
    // Every factor whose dates fall in the safety range is rejected, and no other.
    let rejected = 0
    for (let factor = 1000; factor <= 9999; factor++) {
      if (!dueDateFromFactor(factor, reference).ok) rejected++
    }
    expect(rejected).toBe(9000 - (WINDOW_PAST_DAYS + WINDOW_FUTURE_DAYS + 1))
  })

  it('factors 1..999 name dates of the first cycle only (1997-10-08 to 2000-07-02)', () => {
    expect(dueDateFromFactor(500, '2000-01-01')).toEqual({ ok: true, date: '1999-02-19' })
    expect(dueDateFromFactor(500, '2025-01-01')).toEqual({ ok: false, candidates: ['1999-02-19'] })
  })

  it('round-trips every date in the window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: daysFromIso('2006-01-01')!, max: daysFromIso('2060-12-31')! }),
        fc.integer({ min: -WINDOW_PAST_DAYS, max: WINDOW_FUTURE_DAYS }),
        (referenceDay, offset) => {
          const date = isoFromDays(referenceDay + offset)
          expect(dueDateFromFactor(factorFromDueDate(date), isoFromDays(referenceDay))).toEqual({
            ok: true,
            date,
          })
        },
      ),
      { numRuns: 5000 },
    )
  })

  it('rejects impossible factors and malformed reference dates', () => {
    expect(() => dueDateFromFactor(10000, '2025-01-01')).toThrow(RangeError)
    expect(() => dueDateFromFactor(-1, '2025-01-01')).toThrow(RangeError)
    expect(() => dueDateFromFactor(1.5, '2025-01-01')).toThrow(RangeError)
    expect(() => dueDateFromFactor(1000, '01/01/2025')).toThrow(RangeError)
  })

  it('defaults the reference date to today (UTC)', () => {
    const today = new Date().toISOString().slice(0, 10)
    expect(dueDateFromFactor(factorFromDueDate(today))).toEqual({ ok: true, date: today })
  })
})
