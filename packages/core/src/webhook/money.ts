/** Reais (as QI sends them) to integer centavos and back. Money is centavos everywhere inside the project. */

export type CentsResult =
  | { readonly ok: true; readonly cents: number; readonly exact: boolean }
  | { readonly ok: false; readonly reason: string }

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/
const EXPONENT = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/

/** Pure. A number's text without exponent (`1e-7` → `0.0000001`), digit for digit. */
const plainDecimal = (text: string): string => {
  const m = EXPONENT.exec(text)
  if (m === null) return text
  const [, sign, whole, fraction = '', exp] = m
  const digits = `${whole}${fraction}`
  const point = whole!.length + Number(exp)
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

/**
 * Pure. A JSON number (or numeric string) of reais to centavos, rounded half-up (away from zero) when it
 * has more than two decimals; `exact: false` then tells the caller to report it rather than round silently.
 * Works on the decimal text (a number's shortest round-trip form), because `x * 100` in binary floating
 * point is off by more than any fixed epsilon for large amounts.
 */
export const reaisToCents = (value: unknown): CentsResult => {
  let text: string
  if (typeof value === 'number') {
    // Fast path, same answer as the text below. Under 1e12 (< 2^40) doubles are at most 2^-13 apart, far
    // under 0.01. If value is the double nearest c/100 (c an integer), any decimal with no more significant
    // digits than c/100 that also reads back as value lies within 2^-13 of c/100; it then starts at the same
    // power of ten, so it ends at the hundredths or before, so it is a multiple of 0.01, so it is c/100.
    // String(value), the shortest round-trip text, is thus c/100 with at most two decimals (and no exponent
    // between 0.01 and 1e12), which the text path reads as c centavos, exact. `+ 0` turns Math.round's -0
    // into 0, as the text path does. Anything else (more decimals, huge, NaN, ±Infinity) takes the text path.
    if (value < 1e12 && value > -1e12) {
      const c = Math.round(value * 100)
      if (c / 100 === value) return { ok: true, cents: c + 0, exact: true }
    }
    if (!Number.isFinite(value)) return { ok: false, reason: 'not a finite number' }
    text = plainDecimal(String(value))
  } else if (typeof value === 'string') text = value.trim()
  else return { ok: false, reason: 'not a number' }
  const match = DECIMAL.exec(text)
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

/** Pure. Centavos to a JSON number of reais, exact for every safe integer of centavos. */
export const centsToReais = (cents: number): number => Number(formatCents(cents))

/** Pure. Centavos to a decimal string with two places ("835.48", "-0.05"). */
export const formatCents = (cents: number): string => {
  const negative = cents < 0
  const abs = Math.abs(cents)
  const whole = Math.floor(abs / 100)
  const fraction = abs % 100
  return `${negative ? '-' : ''}${whole}.${fraction < 10 ? '0' : ''}${fraction}`
}
