import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatReais, ratioOfDecimal, reaisToCents, roundHalfUp } from './money.js'

describe('money', () => {
  it('reads a JSON number as the decimal it was written as', () => {
    expect(ratioOfDecimal(835.48)).toEqual({ num: 83548n, den: 100n })
    expect(ratioOfDecimal(2)).toEqual({ num: 2n, den: 1n })
    expect(ratioOfDecimal(1.005)).toEqual({ num: 1005n, den: 1000n })
    expect(ratioOfDecimal(1e-7)).toEqual({ num: 1n, den: 10_000_000n })
    expect(ratioOfDecimal(1.5e21)).toEqual({ num: 1_500_000_000_000_000_000_000n, den: 1n })
    expect(ratioOfDecimal(-1)).toBeUndefined()
    expect(ratioOfDecimal(Number.NaN)).toBeUndefined()
    expect(ratioOfDecimal(Number.POSITIVE_INFINITY)).toBeUndefined()
  })

  it('rounds half-up at .5 boundaries', () => {
    expect(roundHalfUp(5n, 10n)).toBe(1n)
    expect(roundHalfUp(15n, 10n)).toBe(2n)
    expect(roundHalfUp(25n, 10n)).toBe(3n) // not banker's rounding
    expect(roundHalfUp(49n, 100n)).toBe(0n)
    expect(roundHalfUp(-5n, 10n)).toBe(-1n)
    // 2 % of 835.48 = 16.7096 → 16.71
    expect(roundHalfUp(83548n * 2n, 100n)).toBe(1671n)
  })

  it('converts reais to centavos exactly', () => {
    expect(reaisToCents(835.48)).toBe(83548)
    expect(reaisToCents(0.1 + 0.2)).toBe(30)
    expect(reaisToCents(1.005)).toBe(101) // the written decimal is 1.005, so half-up gives 1.01
    expect(reaisToCents(0.004)).toBe(0)
    expect(reaisToCents(-0.01)).toBeUndefined()
  })

  it('formats QI money strings in both styles', () => {
    expect(formatReais(83548, 'float')).toBe('835.48')
    expect(formatReais(0, 'float')).toBe('0.0')
    expect(formatReais(85000, 'float')).toBe('850.0')
    expect(formatReais(85050, 'float')).toBe('850.5')
    expect(formatReais(5, 'float')).toBe('0.05')
    expect(formatReais(1671, 'decimal')).toBe('16.71')
    expect(formatReais(0, 'decimal')).toBe('0')
    expect(formatReais(1670, 'decimal')).toBe('16.70')
    expect(formatReais(85219, 'decimal')).toBe('852.19')
    expect(formatReais(7, 'decimal')).toBe('0.07')
  })

  it('formatted strings parse back to the same centavos (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('float', 'decimal'),
        (c, f) => {
          const text = formatReais(c, f as 'float' | 'decimal')
          const [units = '', fraction = ''] = text.split('.')
          return BigInt(units) * 100n + BigInt(fraction.padEnd(2, '0')) === BigInt(c)
        },
      ),
      { numRuns: 1000 },
    )
  })
})
