/**
 * Money: integer centavos inside; reais only at the edges (QI's terms as JSON numbers, QI's response as
 * strings). A JSON number such as `2` or `835.48` is read as the decimal it was written as (its shortest
 * round-trip text), turned into an exact ratio of bigints, and multiplied before one final half-up rounding:
 * 2 % of 835.48 is exactly 16.7096 → 16.71, never a float like 16.709599999.
 */
import { reaisToCents as webhookReaisToCents } from '../webhook/money.js'

/** An exact non-negative rational `num / den` (`den > 0`). */
export interface Ratio {
  readonly num: bigint
  readonly den: bigint
}

/**
 * How an amount is written in QI's payment-query response (see docs/payment-quotes.md):
 * - `float`: like a Python float's repr, at least one decimal: 0 → "0.0", 850 → "850.0", 835.48 → "835.48";
 * - `decimal`: like a Python Decimal quantised to centavos, except an untouched zero: 0 → "0", 16.7 → "16.70".
 */
export type MoneyFormat = 'float' | 'decimal'

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/

/** Pure. The exact decimal a finite non-negative number was written as, or `undefined`. */
export const ratioOfDecimal = (value: number): Ratio | undefined => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined
  // String() gives the shortest text that round-trips, i.e. the literal the JSON producer meant.
  const match = DECIMAL_TEXT.exec(String(value))
  if (match === null) return undefined
  const fraction = match[2] ?? ''
  const exponent = Number(match[3] ?? '0')
  const digits = BigInt(`${match[1]}${fraction}`)
  const scale = fraction.length - exponent
  return scale >= 0
    ? { num: digits, den: 10n ** BigInt(scale) }
    : { num: digits * 10n ** BigInt(-scale), den: 1n }
}

/** Pure. `num / den` rounded half-up (half away from zero) to an integer; `den > 0`. */
export const roundHalfUp = (num: bigint, den: bigint): bigint =>
  num >= 0n ? (2n * num + den) / (2n * den) : -((-2n * num + den) / (2n * den))

/** Pure. Reais (a JSON number) to centavos, rounded half-up; `undefined` when negative or not finite. */
export const reaisToCents = (reais: number): number | undefined => {
  const result = webhookReaisToCents(reais)
  return result.ok && result.cents >= 0 ? result.cents : undefined
}

/** Pure. Centavos as a reais string in one of QI's two styles (see `MoneyFormat`). */
export const formatReais = (cents: number, format: MoneyFormat): string => {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const units = Math.floor(abs / 100)
  const fraction = String(abs % 100).padStart(2, '0')
  if (format === 'decimal') return abs === 0 ? '0' : `${sign}${units}.${fraction}`
  return `${sign}${units}.${fraction.endsWith('0') ? fraction.slice(0, 1) : fraction}`
}
