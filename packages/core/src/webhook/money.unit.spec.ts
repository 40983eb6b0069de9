import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { centsToReais, formatCents, reaisToCents } from './money.js'

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
