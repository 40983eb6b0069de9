import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type CentsResult, centsToReais, formatCents, reaisToCents } from './money.js'

describe('money', () => {
  it('round-trips every amount of centavos through reais', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (cents) => {
        const back = reaisToCents(centsToReais(cents))
        expect(back).toEqual({ ok: true, cents, exact: true })
      }),
      { numRuns: 5000 },
    )
  })

  it('reads QI numbers and query strings alike', () => {
    expect(reaisToCents(850.0)).toEqual({ ok: true, cents: 85000, exact: true })
    expect(reaisToCents('835.48')).toEqual({ ok: true, cents: 83548, exact: true })
    expect(reaisToCents(0.29)).toEqual({ ok: true, cents: 29, exact: true })
  })

  it('rounds half-up beyond two decimals and flags it', () => {
    expect(reaisToCents(16.7096)).toEqual({ ok: true, cents: 1671, exact: false })
    expect(reaisToCents(0.125)).toEqual({ ok: true, cents: 13, exact: false })
    expect(reaisToCents(-0.125)).toEqual({ ok: true, cents: -13, exact: false })
  })

  it('refuses what is not an amount', () => {
    expect(reaisToCents('12,50').ok).toBe(false)
    expect(reaisToCents(Number.NaN).ok).toBe(false)
    expect(reaisToCents(null).ok).toBe(false)
  })

  it('formats with two places', () => {
    expect(formatCents(83548)).toBe('835.48')
    expect(formatCents(5)).toBe('0.05')
    expect(formatCents(-1005)).toBe('-10.05')
  })
})

describe('review regressions: money', () => {
  it('reads exponent forms digit for digit', () => {
    expect(reaisToCents(5e-324)).toEqual({ ok: true, cents: 0, exact: false })
    expect(reaisToCents(1e-7)).toEqual({ ok: true, cents: 0, exact: false })
    expect(reaisToCents(1.5e3)).toEqual({ ok: true, cents: 150000, exact: true })
    expect(reaisToCents(1e21)).toEqual({ ok: false, reason: 'too large' })
  })
})

// reaisToCents as it was before the number fast path (decimal text only), kept verbatim as the reference.
const REF_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/
const REF_EXPONENT = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/
const refPlainDecimal = (text: string): string => {
  const m = REF_EXPONENT.exec(text)
  if (m === null) return text
  const [, sign, whole, fraction = '', exp] = m
  const digits = `${whole}${fraction}`
  const point = whole!.length + Number(exp)
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}
const reference = (value: unknown): CentsResult => {
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: 'not a finite number' }
    text = refPlainDecimal(String(value))
  } else if (typeof value === 'string') text = value.trim()
  else return { ok: false, reason: 'not a number' }
  const match = REF_DECIMAL.exec(text)
  if (match === null) return { ok: false, reason: 'not a decimal number' }
  const [, sign, whole, fraction = ''] = match
  const kept = `${fraction}00`.slice(0, 2)
  const dropped = fraction.slice(2)
  let cents = Number(whole) * 100 + Number(kept)
  if (!Number.isSafeInteger(cents)) return { ok: false, reason: 'too large' }
  const exact = /^0*$/.test(dropped)
  if (!exact && dropped.charCodeAt(0) >= 53) cents += 1
  return { ok: true, cents: sign === '-' && cents !== 0 ? -cents : cents, exact }
}

/** Same result as the reference, -0 told apart from 0 and no extra keys. */
const agrees = (value: unknown): void => {
  const got = reaisToCents(value)
  const want = reference(value)
  expect(got).toStrictEqual(want)
  if (got.ok && want.ok) expect(Object.is(got.cents, want.cents)).toBe(true)
}

// Amounts with 1-3 decimals, near the 1e12 edge of the fast path, and anything a double can be.
const amount = fc.oneof(
  fc.double(),
  fc.double({ min: -1e13, max: 1e13 }),
  fc.double({ min: -1, max: 1 }),
  fc.integer().map((n) => n / 100),
  fc.integer().map((n) => n / 1000),
  fc.integer().map((n) => n / 10),
  fc.integer({ min: -1e15, max: 1e15 }).map((n) => n / 100),
  fc.integer({ min: -1e15, max: 1e15 }).map((n) => n / 1000),
  fc.integer({ min: 1e14 - 1000, max: 1e14 + 1000 }).map((n) => n / 100),
  fc.integer({ min: -(1e14 + 1000), max: -(1e14 - 1000) }).map((n) => n / 100),
  fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity, 5e-324, -5e-324, 1e-7, 0.005, 0.015, 0.1 + 0.2),
  fc.constantFrom(1e12, -1e12, 999_999_999_999.99, -999_999_999_999.99, 1e12 - 0.01, 1e21, Number.MAX_VALUE),
)

describe('reaisToCents fast path', () => {
  it('agrees with the decimal-text algorithm on every double', () => {
    fc.assert(fc.property(amount, agrees), { numRuns: 20_000 })
  })

  it('agrees on numeric strings', () => {
    const text = fc.oneof(
      amount.map(String),
      amount.filter(Number.isFinite).map((n) => n.toFixed(Math.min(20, Math.abs(Math.round(n)) % 5))),
      fc
        .tuple(fc.constantFrom('', ' ', '\t'), amount.map(String), fc.constantFrom('', ' ', '\n'))
        .map((p) => p.join('')),
      fc.stringMatching(/^-?\d{0,16}(\.\d{0,4})?$/),
      fc.string({ maxLength: 12 }),
    )
    fc.assert(fc.property(text, agrees), { numRuns: 5000 })
  })

  it('agrees on what is not an amount', () => {
    fc.assert(fc.property(fc.anything(), agrees), { numRuns: 2000 })
  })

  it.each([
    [4028.42, 402842, true],
    [0, 0, true],
    [-0, 0, true],
    [-4028.42, -402842, true],
    [0.1 + 0.2, 30, false],
    [999_999_999_999.99, 99_999_999_999_999, true],
    [1e12, 100_000_000_000_000, true],
    [1.005, 101, false],
  ])('reads %d as %d centavos (exact: %s)', (value, cents, exact) => {
    const result = reaisToCents(value)
    expect(result).toStrictEqual({ ok: true, cents, exact })
    expect(Object.is(result.ok && result.cents, cents)).toBe(true)
    agrees(value)
  })
})
