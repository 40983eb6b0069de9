/**
 * Plain generators of valid boletos, with no fast-check import: the builders turn chosen parts into a barcode
 * with correct check digits, and the `random…` functions choose the parts from a seeded PRNG. The fast-check
 * arbitraries (arbitraries.ts) choose the same parts with fast-check and reuse the same builders; the bench
 * imports it through `@boleto/barcode/testing/data`, which runs without fast-check installed.
 */
import { daysFromIso, isoFromDays } from '../calendar.js'
import { bankMod11, convenioMod11, mod10 } from '../check-digits.js'
import { FACTOR_BASE_DAY, factorFromDueDate, WINDOW_FUTURE_DAYS, WINDOW_PAST_DAYS } from '../due-date.js'
import { toDigitableLine } from '../format.js'
import type { ConvenioSegment } from '../result.js'

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number

/** Pure. mulberry32: a tiny seeded PRNG, good enough to spread test data, not for anything secret. */
export const createRng = (seed: number): Rng => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface BankParts {
  /** Three digits, not starting with 8 (FEBRABAN's mark of a convênio). */
  readonly bankCode: string
  /** Default `'9'` (real). Anything else builds a barcode `decode` rejects with `INVALID_CURRENCY`. */
  readonly currencyCode?: string
  /** 0 (no due date) or 1..9999. */
  readonly dueDateFactor: number
  /** 0 (open amount) .. 9 999 999 999 centavos. */
  readonly amountCents: number
  /** 25 digits. */
  readonly freeField: string
}

export interface ConvenioParts {
  readonly segment: ConvenioSegment
  readonly valueIdentifier: 6 | 7 | 8 | 9
  /** 0 .. 99 999 999 999: centavos (identifier 6 or 8) or a reference quantity (7 or 9). */
  readonly value: number
  /** 4 digits, or 8 (CNPJ root) for segment 6. */
  readonly companyId: string
  /** 25 digits, or 21 for segment 6: together with `companyId`, 29. */
  readonly freeField: string
}

const isDigits = (s: string, length: number): boolean => s.length === length && /^\d*$/.test(s)

const padded = (n: number, width: number, what: string): string => {
  if (!Number.isInteger(n) || n < 0 || n >= 10 ** width) throw new RangeError(`${what} out of range: ${n}`)
  return `${n}`.padStart(width, '0')
}

/** Pure. The 44-digit bank barcode of `parts`, with its general check digit. Throws a RangeError on bad parts. */
export const buildBankBarcode = (parts: BankParts): string => {
  const currency = parts.currencyCode ?? '9'
  if (!isDigits(parts.bankCode, 3) || parts.bankCode[0] === '8')
    throw new RangeError('bankCode: 3 digits, not 8xx')
  if (!isDigits(currency, 1)) throw new RangeError('currencyCode: 1 digit')
  if (!isDigits(parts.freeField, 25)) throw new RangeError('freeField: 25 digits')
  const body = `${parts.bankCode}${currency}${padded(parts.dueDateFactor, 4, 'dueDateFactor')}${padded(parts.amountCents, 10, 'amountCents')}${parts.freeField}`
  return `${body.slice(0, 4)}${bankMod11(body)}${body.slice(4)}`
}

/** Pure. The 44-digit convênio barcode of `parts`, with its general check digit. Throws a RangeError on bad parts. */
export const buildConvenioBarcode = (parts: ConvenioParts): string => {
  const idLength = parts.segment === 6 ? 8 : 4
  if (!isDigits(parts.companyId, idLength)) throw new RangeError(`companyId: ${idLength} digits`)
  if (!isDigits(parts.freeField, 29 - idLength)) throw new RangeError(`freeField: ${29 - idLength} digits`)
  const body = `8${parts.segment}${parts.valueIdentifier}${padded(parts.value, 11, 'value')}${parts.companyId}${parts.freeField}`
  const dv = parts.valueIdentifier >= 8 ? convenioMod11(body) : mod10(body)
  return `${body.slice(0, 3)}${dv}${body.slice(3)}`
}

/** The segments FEBRABAN assigns (0 and 8 are not). */
export const CONVENIO_SEGMENTS: readonly ConvenioSegment[] = [1, 2, 3, 4, 5, 6, 7, 9]
export const VALUE_IDENTIFIERS: readonly (6 | 7 | 8 | 9)[] = [6, 7, 8, 9]

/** The reference date generators aim their due dates at unless told otherwise. */
export const DEFAULT_REFERENCE_DATE = '2025-06-01'

/**
 * Pure. The range of day offsets from `referenceDate` whose dates `decode` accepts with that reference date:
 * FEBRABAN's window, clipped so the date stays after 1997-10-07 (no factor names an earlier one).
 */
export const dueOffsetRange = (referenceDate: string): { min: number; max: number } => {
  const day = daysFromIso(referenceDate)
  if (day === null) throw new RangeError(`referenceDate must be YYYY-MM-DD, got ${referenceDate}`)
  return { min: Math.max(-WINDOW_PAST_DAYS, FACTOR_BASE_DAY + 1 - day), max: WINDOW_FUTURE_DAYS }
}

/** Pure. The factor of the date `offset` days from `referenceDate`. */
export const factorAtOffset = (referenceDate: string, offset: number): number =>
  factorFromDueDate(isoFromDays(daysFromIso(referenceDate)! + offset))

export interface BankGenOptions {
  /** Due dates fall within `decode`'s window around this date. Default `DEFAULT_REFERENCE_DATE`. */
  readonly referenceDate?: string
  /** Share of boletos without a due date (factor 0000). Default 0.1. */
  readonly noDueDateRate?: number
  /** Share of boletos with an open amount (zero). Default 0.1. */
  readonly openAmountRate?: number
}

export interface ConvenioGenOptions {
  /** Value identifiers to pick from. Default all four. */
  readonly valueIdentifiers?: readonly (6 | 7 | 8 | 9)[]
  /** Segments to pick from. Default all assigned ones. */
  readonly segments?: readonly ConvenioSegment[]
  /** Share of zero values. Default 0.1. */
  readonly zeroValueRate?: number
}

const pick = <T>(rng: Rng, values: readonly T[]): T => values[Math.floor(rng() * values.length)]!
const randomInt = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1))
const randomDigits = (rng: Rng, length: number): string => {
  let s = ''
  for (let i = 0; i < length; i++) s += Math.floor(rng() * 10)
  return s
}

/** A valid 44-digit bank barcode chosen by `rng`, its due date (if any) inside the window of `referenceDate`. */
export const randomBankBarcode = (rng: Rng, options: BankGenOptions = {}): string => {
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE
  const { min, max } = dueOffsetRange(referenceDate)
  const bankCode = `${pick(rng, [0, 1, 2, 3, 4, 5, 6, 7, 9])}${randomDigits(rng, 2)}`
  const dueDateFactor =
    rng() < (options.noDueDateRate ?? 0.1) ? 0 : factorAtOffset(referenceDate, randomInt(rng, min, max))
  const amountCents = rng() < (options.openAmountRate ?? 0.1) ? 0 : Number(randomDigits(rng, 10)) || 1
  return buildBankBarcode({ bankCode, dueDateFactor, amountCents, freeField: randomDigits(rng, 25) })
}

/** A valid 44-digit convênio barcode chosen by `rng`. */
export const randomConvenioBarcode = (rng: Rng, options: ConvenioGenOptions = {}): string => {
  const segment = pick(rng, options.segments ?? CONVENIO_SEGMENTS)
  const idLength = segment === 6 ? 8 : 4
  return buildConvenioBarcode({
    segment,
    valueIdentifier: pick(rng, options.valueIdentifiers ?? VALUE_IDENTIFIERS),
    value: rng() < (options.zeroValueRate ?? 0.1) ? 0 : Number(randomDigits(rng, 11)),
    companyId: randomDigits(rng, idLength),
    freeField: randomDigits(rng, 29 - idLength),
  })
}

/** A valid digitable line (47-digit bank or 48-digit convênio, as `kind` says; default either) chosen by `rng`. */
export const randomDigitableLine = (
  rng: Rng,
  options: BankGenOptions & ConvenioGenOptions & { readonly kind?: 'bank' | 'convenio' } = {},
): string => {
  const kind = options.kind ?? (rng() < 0.5 ? 'bank' : 'convenio')
  return toDigitableLine(
    kind === 'bank' ? randomBankBarcode(rng, options) : randomConvenioBarcode(rng, options),
  )
}
