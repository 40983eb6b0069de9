/**
 * The compact form of a boleto's report, for reports of millions of boletos: every field still at its
 * initial value (null, an empty list or map, `'none'`, a zero count) is left out. Most of a typical
 * boleto's ~25 fields are, so the JSON is about a third as long. `expandSlipReport` puts the defaults
 * back, so nothing is lost: `expandSlipReport(compactSlipReport(r))` deep-equals `r`.
 */
import type { SlipReport } from './replay.js'

/** Fields always written, whatever their value. */
const ALWAYS = ['bankSlipKey', 'status', 'version'] as const

/** Every other field, in the report's order, with the value it is left out at. */
const DEFAULTS: ReadonlyArray<readonly [keyof SlipReport, unknown]> = [
  ['reportedStatus', null],
  ['issuance', null],
  ['amountCents', null],
  ['dueDate', null],
  ['rebate', 'none'],
  ['rebateAmountCents', null],
  ['fineData', null],
  ['interestData', null],
  ['discountsData', null],
  ['termChanges', {}],
  ['protest', 'none'],
  ['pending', []],
  ['settled', []],
  ['rejectedOccurrences', []],
  ['unclaimedAnswers', []],
  ['registeredAt', null],
  ['paymentNotice', null],
  ['payment', null],
  ['paidAt', null],
  ['writeOff', null],
  ['anomalies', []],
  ['lastEventAt', null],
  ['duplicates', 0],
  ['outOfOrder', 0],
  ['probablyMissing', []],
]

/** The report's field order (toSlipReport's), `error` last. */
const ORDER: readonly string[] = [
  'bankSlipKey',
  'status',
  ...DEFAULTS.slice(0, 21).map(([field]) => field),
  'version',
  ...DEFAULTS.slice(21).map(([field]) => field),
  'error',
]

const NEVER = 0
const VALUE = 1
const EMPTY_LIST = 2
const EMPTY_MAP = 3

/** Pure. Whether `value` is the default `initial` (empty lists and maps count as equal to theirs). */
const isDefault = (value: unknown, initial: unknown): boolean => {
  if (value === initial) return true
  if (Array.isArray(initial)) return Array.isArray(value) && value.length === 0
  if (typeof initial === 'object' && initial !== null) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
    for (const _ in value) return false
    return true
  }
  return false
}

/** A boleto's report without the fields at their initial value (see the module comment). */
export type CompactSlipReport = Pick<SlipReport, (typeof ALWAYS)[number]> & Partial<SlipReport>

/** How each field of `ORDER` is left out: never, or at null / empty list / empty map / its value. */
const OMIT: ReadonlyArray<{ readonly field: string; readonly initial: unknown; readonly kind: number }> =
  ORDER.map((field) => {
    const initial = DEFAULTS.find(([f]) => f === field)
    if (initial === undefined) return { field, initial: undefined, kind: NEVER }
    const value = initial[1]
    const kind = Array.isArray(value)
      ? EMPTY_LIST
      : typeof value === 'object' && value !== null
        ? EMPTY_MAP
        : VALUE
    return { field, initial: value, kind }
  })

/** Pure. The report with every field at its initial value left out, in the report's field order. */
export const compactSlipReport = (report: SlipReport): CompactSlipReport => {
  const out: Record<string, unknown> = {}
  const source = report as unknown as Record<string, unknown>
  // One pass over a flat table: this runs once per boleto of reports with millions of them.
  for (let i = 0; i < OMIT.length; i++) {
    const { field, initial, kind } = OMIT[i]!
    const value = source[field]
    if (value === undefined) continue
    if (kind === VALUE ? value === initial : kind !== NEVER && isDefault(value, initial)) continue
    out[field] = value
  }
  return out as unknown as CompactSlipReport
}

const DEFAULT_OF = new Map<string, { value: unknown }>(DEFAULTS.map(([field, value]) => [field, { value }]))

/** Pure. The full report of a compact one: the left-out fields back at their initial values. */
export const expandSlipReport = (compact: CompactSlipReport): SlipReport => {
  const source = compact as unknown as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const field of ORDER) {
    const value = source[field]
    if (value !== undefined) out[field] = value
    else {
      const initial = DEFAULT_OF.get(field)
      if (initial === undefined) continue
      // Fresh empty lists and maps: the caller owns what it is given.
      out[field] = Array.isArray(initial.value)
        ? []
        : initial.value === null
          ? null
          : typeof initial.value === 'object'
            ? {}
            : initial.value
    }
  }
  return out as unknown as SlipReport
}
