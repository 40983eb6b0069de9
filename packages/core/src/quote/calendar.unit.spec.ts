import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  bankCalendar,
  businessDayOnOrAfterNumber,
  businessDaysBetweenNumbers,
  isBusinessDayNumber,
  localHolidaysOf,
  nationalBankHolidays,
} from './calendar.js'
import { dayNumberOf, formatIsoDate, parseIsoDate, weekdayOf } from './dates.js'
import { easterSunday } from './easter.js'
import { QuoteError } from './errors.js'

const day = (iso: string): number => parseIsoDate(iso) as number
const datesOf = (year: number): string[] => nationalBankHolidays(year).map((h) => h.date)

describe('easterSunday', () => {
  it.each([
    [1818, '1818-03-22'],
    [1943, '1943-04-25'],
    [1961, '1961-04-02'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2020, '2020-04-12'],
    [2021, '2021-04-04'],
    [2022, '2022-04-17'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i → %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected)
  })

  it('is always a Sunday between 22 March and 25 April (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const easter = easterSunday(year)
        const d = day(easter)
        return weekdayOf(d) === 0 && d >= dayNumberOf(year, 3, 22) && d <= dayNumberOf(year, 4, 25)
      }),
      { numRuns: 2000 },
    )
  })

  it('rejects a year that is not a positive integer', () => {
    expect(() => easterSunday(0)).toThrow(RangeError)
    expect(() => easterSunday(2024.5)).toThrow(RangeError)
  })
})

describe('nationalBankHolidays', () => {
  it('lists 2024 completely, in date order, with 20 Nov', () => {
    expect(datesOf(2024)).toEqual([
      '2024-01-01',
      '2024-02-12',
      '2024-02-13',
      '2024-03-29',
      '2024-04-21',
      '2024-05-01',
      '2024-05-30',
      '2024-09-07',
      '2024-10-12',
      '2024-11-02',
      '2024-11-15',
      '2024-11-20',
      '2024-12-25',
    ])
  })

  it.each([
    // year, Carnival Monday, Carnival Tuesday, Good Friday, Corpus Christi
    [2020, '2020-02-24', '2020-02-25', '2020-04-10', '2020-06-11'],
    [2023, '2023-02-20', '2023-02-21', '2023-04-07', '2023-06-08'],
    [2024, '2024-02-12', '2024-02-13', '2024-03-29', '2024-05-30'],
    [2025, '2025-03-03', '2025-03-04', '2025-04-18', '2025-06-19'],
    [2026, '2026-02-16', '2026-02-17', '2026-04-03', '2026-06-04'],
  ])('%i: Easter-derived holidays', (year, carnivalMonday, carnivalTuesday, goodFriday, corpusChristi) => {
    const holidays = nationalBankHolidays(year)
    for (const date of [carnivalMonday, carnivalTuesday, goodFriday, corpusChristi]) {
      expect(holidays.map((h) => h.date)).toContain(date)
    }
    expect(holidays.find((h) => h.date === carnivalMonday)?.name).toBe('Carnaval (segunda-feira)')
    expect(holidays.find((h) => h.date === corpusChristi)?.name).toBe('Corpus Christi')
    // Easter Sunday itself is not listed (it is a Sunday anyway).
    expect(holidays.map((h) => h.date)).not.toContain(easterSunday(year))
  })

  it('20 Nov is national from 2024 only', () => {
    expect(datesOf(2023)).not.toContain('2023-11-20')
    expect(datesOf(2023)).toHaveLength(12)
    expect(datesOf(2024)).toContain('2024-11-20')
    expect(datesOf(2025)).toContain('2025-11-20')
    expect(datesOf(2025)).toHaveLength(13)
  })
})

describe('bankCalendar', () => {
  const national = bankCalendar()

  it('knows weekends, national holidays and ordinary days', () => {
    expect(national.isBusinessDay('2020-08-02')).toBe(false) // Sunday
    expect(national.isBusinessDay('2024-06-15')).toBe(false) // Saturday
    expect(national.isBusinessDay('2020-08-03')).toBe(true)
    expect(national.isHoliday('2024-02-13')).toBe(true) // Carnival Tuesday
    expect(national.isBusinessDay('2024-02-14')).toBe(true) // Ash Wednesday is a business day
    expect(national.isHoliday('2023-11-20')).toBe(false)
    expect(national.isBusinessDay('2023-11-20')).toBe(true) // a Monday, not yet national
    expect(national.isBusinessDay('2024-11-20')).toBe(false)
  })

  it('rolls a due date forward to the next business day', () => {
    expect(national.businessDayOnOrAfter('2020-08-03')).toBe('2020-08-03') // already a business day
    expect(national.businessDayOnOrAfter('2024-06-15')).toBe('2024-06-17') // Saturday
    expect(national.businessDayOnOrAfter('2020-08-02')).toBe('2020-08-03') // Sunday
    expect(national.businessDayOnOrAfter('2024-12-25')).toBe('2024-12-26') // Christmas, Wednesday
    expect(national.businessDayOnOrAfter('2024-11-15')).toBe('2024-11-18') // Friday holiday + weekend
    expect(national.businessDayOnOrAfter('2025-04-18')).toBe('2025-04-22') // Good Friday, weekend, Tiradentes
    expect(national.businessDayOnOrAfter('2025-03-01')).toBe('2025-03-05') // weekend + Carnival
    expect(national.businessDayOnOrAfter('2024-05-30')).toBe('2024-05-31') // Corpus Christi
  })

  it('adds local holidays', () => {
    const saoPaulo = bankCalendar(['2024-01-25', '2023-11-20', '2024-01-25'])
    expect(saoPaulo.localHolidays).toEqual(['2023-11-20', '2024-01-25'])
    expect(national.businessDayOnOrAfter('2024-01-25')).toBe('2024-01-25')
    expect(saoPaulo.businessDayOnOrAfter('2024-01-25')).toBe('2024-01-26')
    expect(saoPaulo.businessDayOnOrAfter('2023-11-20')).toBe('2023-11-21')
    // A local holiday on a Monday after a weekend.
    expect(bankCalendar(['2024-06-17']).businessDayOnOrAfter('2024-06-15')).toBe('2024-06-18')
  })

  it('counts business days in (from, to]', () => {
    expect(national.businessDaysBetween('2024-06-10', '2024-06-17')).toBe(5)
    expect(national.businessDaysBetween('2024-05-27', '2024-06-03')).toBe(4) // Corpus Christi inside
    expect(national.businessDaysBetween('2024-06-17', '2024-06-10')).toBe(0)
    expect(national.businessDaysBetween('2024-06-10', '2024-06-10')).toBe(0)
    expect(national.businessDaysBetween('2023-12-31', '2024-12-31')).toBe(366 - 104 - 9) // 13 holidays, 4 on weekends
    expect(bankCalendar(['2024-06-12']).businessDaysBetween('2024-06-10', '2024-06-17')).toBe(4)
  })

  it('rejects bad dates with a typed error', () => {
    expect(() => bankCalendar(['2024-02-30'])).toThrow(QuoteError)
    expect(() => national.isBusinessDay('2024-13-01')).toThrow(QuoteError)
    try {
      bankCalendar(['2024-01-01', 'nope'])
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_date', field: 'holidays[1]' })
    }
  })
})

describe('calendar properties', () => {
  const anyDay = fc.integer({ min: dayNumberOf(1990, 1, 1), max: dayNumberOf(2060, 12, 31) })
  const localHolidays = fc
    .array(fc.integer({ min: 0, max: 800 }), { maxLength: 12 })
    .map((offsets) => offsets.map((o) => formatIsoDate(dayNumberOf(2019, 12, 1) + o)))

  it('the factual date is the first business day on or after the due date', () => {
    fc.assert(
      fc.property(anyDay, localHolidays, (due, holidays) => {
        const local = localHolidaysOf(holidays)
        const factual = businessDayOnOrAfterNumber(due, local)
        if (factual < due || !isBusinessDayNumber(factual, local)) return false
        for (let d = due; d < factual; d += 1) if (isBusinessDayNumber(d, local)) return false
        return true
      }),
      { numRuns: 2000 },
    )
  })

  it('counting business days by arithmetic equals counting them one by one', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -20, max: 900 }), localHolidays, (from, span, holidays) => {
        const local = localHolidaysOf(holidays)
        let naive = 0
        for (let d = from + 1; d <= from + span; d += 1) if (isBusinessDayNumber(d, local)) naive += 1
        return businessDaysBetweenNumbers(from, from + span, local) === naive
      }),
      { numRuns: 1000 },
    )
  })
})
