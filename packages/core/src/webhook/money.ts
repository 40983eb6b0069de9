/** Reais (as QI sends them) to integer centavos and back. Money is centavos everywhere inside the project. */

export type CentsResult =
  | { readonly ok: true; readonly cents: number; readonly exact: boolean }
  | { readonly ok: false; readonly reason: string }

/**
 * Pure. A JSON number (or numeric string) of reais to centavos, rounded half-up (away from zero) when it
 * has more than two decimals; `exact: false` then tells the caller to report it rather than round silently.
 */
export const reaisToCents = (value: unknown): CentsResult => {
  let reais: number
  if (typeof value === 'number') reais = value
  else if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) reais = Number(value)
  else return { ok: false, reason: 'not a number' }
  if (!Number.isFinite(reais)) return { ok: false, reason: 'not a finite number' }
  const scaled = reais * 100
  // Binary floats make 0.29 * 100 = 28.999999999999996: anything within 1e-6 of an integer is exact.
  const nearest = Math.round(scaled)
  if (Math.abs(scaled - nearest) < 1e-6) return { ok: true, cents: nearest === 0 ? 0 : nearest, exact: true }
  const rounded = Math.sign(scaled) * Math.floor(Math.abs(scaled) + 0.5)
  return { ok: true, cents: rounded === 0 ? 0 : rounded, exact: false }
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
