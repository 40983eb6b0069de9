/**
 * A direct scanner from a webhook line's UTF-8 bytes to its decoded `WebhookEvent`, for replays of millions of
 * lines: it skips `JSON.parse`'s intermediate object (and its garbage) for the common shape, and answers null
 * for everything else so the caller falls back to `JSON.parse` + `decodeWebhook` (decode.ts), which stays the
 * one definition of decoding. Whatever it returns is exactly what that fallback would give.
 *
 * The fast subset: a JSON object with exactly `webhook_type` (a known, non-legacy type), `webhook_datetime`
 * (a string `parseIsoMicros` reads) and `data` (an object of known fields only), each once, in any order, with
 * any JSON whitespace; strings of printable ASCII without escapes; amounts as JSON numbers with at most two
 * decimals (after `Number`); known enum values or null. Anything that would give the event an issue or an
 * unknown field, and every invalid JSON text, is outside it.
 */
import type { WebhookEvent } from '../domain/events.js'
import {
  BANK_SLIP_STATUSES,
  type BankSlipStatus,
  OCCURRENCE_STATUSES,
  OCCURRENCE_TYPES,
  type OccurrenceStatus,
  type OccurrenceType,
  PAYMENT_METHODS,
  PAYMENT_ORIGINS,
  type PaymentMethod,
  type PaymentOrigin,
  WEBHOOK_TYPES,
  type WebhookType,
} from '../domain/vocabulary.js'
import { ascii } from './ascii.js'
import { daysFromCivil, monthLength, parseIsoMicros } from './datetime.js'
import { PAYMENT_FIELDS } from './decode.js'
import { reaisToCents } from './money.js'

/**
 * The words of one vocabulary, each with its closing quote (or another suffix) as little-endian 32-bit groups
 * (at 0, 4, 8... and a last one ending at the suffix's end, overlapping the one before), so a match compares
 * four bytes at a time.
 */
interface Words<T extends string> {
  readonly values: readonly T[]
  /** Each word's length with its suffix. */
  readonly sizes: Int32Array
  /** Every word's groups, one word after the other: word i's are `groups[starts[i], starts[i + 1])`. */
  readonly groups: Int32Array
  readonly starts: Int32Array
  /** The offset whose byte splits the words best (every word with its suffix is longer). */
  readonly at: number
  /** Indices into `values`, for each of the 256 bytes a word may have at `at`. */
  readonly byAt: readonly (readonly number[])[]
}

const words = <T extends string>(values: readonly T[], suffix = '"'): Words<T> => {
  const groups: number[] = []
  const starts = new Int32Array(values.length + 1)
  values.forEach((value, index) => {
    starts[index] = groups.length
    const quoted = `${value}${suffix}`
    // Every word is at least three letters: four bytes with its quote.
    const view = new DataView(new TextEncoder().encode(quoted).buffer)
    for (let at = 0; at + 4 < quoted.length; at += 4) groups.push(view.getInt32(at, true))
    groups.push(view.getInt32(quoted.length - 4, true))
  })
  starts[values.length] = groups.length
  const sizes = Int32Array.from(values, (v) => v.length + suffix.length)
  // One byte usually tells the words apart (`baas.bank_slip.` types at their 23rd byte): fewer candidates.
  let at = 0
  let buckets = 0
  for (let offset = 0; offset < Math.min(...sizes); offset++) {
    const distinct = new Set(values.map((v) => `${v}${suffix}`.charCodeAt(offset))).size
    if (distinct > buckets) {
      at = offset
      buckets = distinct
    }
  }
  const byAt: number[][] = Array.from({ length: 256 }, () => [])
  values.forEach((value, index) => {
    byAt[`${value}${suffix}`.charCodeAt(at)]!.push(index)
  })
  return { values, sizes, groups: Int32Array.from(groups), starts, at, byAt }
}

/** Pure. Whether word `index` of `w` and its suffix are the bytes at `s`. */
const isWordAt = <T extends string>(w: Words<T>, index: number, view: DataView, s: number, end: number) => {
  const n = w.sizes[index]!
  if (s + n > end) return false
  const groups = w.groups
  const last = w.starts[index + 1]! - 1
  for (let g = w.starts[index]!, at = s; g < last; g++, at += 4)
    if (view.getInt32(at, true) !== groups[g]) return false
  return view.getInt32(s + n - 4, true) === groups[last]
}

/**
 * Pure. Index in `w.values` of the word whose bytes and closing quote start at `s` (just after an opening
 * quote), or -1: for any other string too (unknown, escaped, unterminated). No string is made; words hold no
 * quote or backslash, so a match is the whole JSON string. `hint` (the likeliest index, or -1) is tried first.
 */
const wordAt = <T extends string>(
  w: Words<T>,
  hint: number,
  b: Uint8Array,
  view: DataView,
  s: number,
  end: number,
): number => {
  if (hint >= 0 && hint < w.values.length && isWordAt(w, hint, view, s, end)) return hint
  if (s + w.at >= end) return -1
  const candidates = w.byAt[b[s + w.at]!]!
  for (let c = 0; c < candidates.length; c++) {
    const index = candidates[c]!
    if (isWordAt(w, index, view, s, end)) return index
  }
  return -1
}

let viewBytes: Uint8Array | null = null
let viewOfBytes: DataView | null = null

/**
 * A DataView over `b`, kept for the next call: callers scan many lines of one buffer. Not pure in form, but
 * nothing observable depends on the cache. Made again when `b` has grown (a view of a resizable buffer).
 */
const viewOf = (b: Uint8Array): DataView => {
  if (b !== viewBytes || viewOfBytes!.byteLength !== b.byteLength) {
    viewOfBytes = new DataView(b.buffer, b.byteOffset, b.byteLength)
    viewBytes = b
  }
  return viewOfBytes!
}

// The vocabularies' own literals (decode.ts shares the same ones), so scanned events share their strings.
// The legacy type is left out: its envelope differs and is left to decodeWebhook.
const webhookTypes = words(WEBHOOK_TYPES)
const statuses = words(BANK_SLIP_STATUSES)
const occurrenceTypes = words(OCCURRENCE_TYPES)
const occurrenceStatuses = words(OCCURRENCE_STATUSES)
const paymentMethods = words(PAYMENT_METHODS)
const paymentOrigins = words(PAYMENT_ORIGINS)

const WEBHOOK_TYPE = 0
const WEBHOOK_DATETIME = 1
// 2 is `data`, the last branch of the envelope's.
const envelopeKeys = words(['webhook_type', 'webhook_datetime', 'data'])
const ALL_ENVELOPE = 0b111

// decode.ts's DATA_FIELDS (not exported there), as field numbers; bit `1 << field` marks a field seen.
const BANK_SLIP_KEY = 0
const BANK_SLIP_STATUS = 1
const OCCURRENCE_KEY = 2
const OCCURRENCE_TYPE = 3
const OCCURRENCE_STATUS = 4
const PAID_AMOUNT = 5
const PAID_REBATE_AMOUNT = 6
const PAID_DISCOUNT_AMOUNT = 7
const PAID_FINE_AMOUNT = 8
const PAID_INTEREST_AMOUNT = 9
const PAYMENT_METHOD = 10
const PAYMENT_ORIGIN = 11
const PAYMENT_CREDIT_DATE = 12
const DATA_KEYS = [
  'bank_slip_key',
  'bank_slip_status',
  'occurrence_key',
  'occurrence_type',
  'occurrence_status',
  ...PAYMENT_FIELDS,
]
// The field numbers above follow PAYMENT_FIELDS' order, and there are no other fields: checked at load, so
// that a change in decode.ts fails here rather than in a replay.
const PAYMENT_FIELD_NUMBERS: Readonly<Record<string, number>> = {
  paid_amount: PAID_AMOUNT,
  paid_rebate_amount: PAID_REBATE_AMOUNT,
  paid_discount_amount: PAID_DISCOUNT_AMOUNT,
  paid_fine_amount: PAID_FINE_AMOUNT,
  paid_interest_amount: PAID_INTEREST_AMOUNT,
  payment_method: PAYMENT_METHOD,
  payment_origin: PAYMENT_ORIGIN,
  payment_credit_date: PAYMENT_CREDIT_DATE,
}
for (const [key, field] of Object.entries(PAYMENT_FIELD_NUMBERS))
  if (DATA_KEYS.indexOf(key) !== field)
    throw new Error(`webhook scanner: ${key} is field ${DATA_KEYS.indexOf(key)} in decode.ts, not ${field}`)
if (DATA_KEYS.length !== PAYMENT_CREDIT_DATE + 1)
  throw new Error(
    `webhook scanner: decode.ts reads ${DATA_KEYS.length} data fields, the scanner knows ${PAYMENT_CREDIT_DATE + 1}`,
  )
const dataKeys = words(DATA_KEYS)
/** decode.ts gives a payment object when any payment field is present, even as null. */
const PAYMENT_BITS = 0b1_1111_1110_0000

const TAB = 0x09
const LF = 0x0a
const CR = 0x0d
const SPACE = 0x20
const QUOTE = 0x22
const PLUS = 0x2b
const COMMA = 0x2c
const MINUS = 0x2d
const DOT = 0x2e
const ZERO = 0x30
const NINE = 0x39
const COLON = 0x3a
const UPPER_E = 0x45
const BACKSLASH = 0x5c
const LOWER_E = 0x65
const N = 0x6e
const U = 0x75
const L = 0x6c
const LBRACE = 0x7b
const RBRACE = 0x7d
const TILDE = 0x7e

/** Pure. First index from `i` that is not JSON whitespace. */
const skipWs = (b: Uint8Array, i: number, end: number): number => {
  while (i < end) {
    const c = b[i]
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break
    i++
  }
  return i
}

/**
 * Pure. Nonzero in `& 0x80808080` when a byte of the 32-bit group `x` is outside printable ASCII, a quote or a
 * backslash (SWAR; may also flag a byte after such a one, never miss one).
 */
const special = (x: number): number =>
  // Below 0x20; above 0x7e (or 0x80 and up); equal to 0x22; equal to 0x5c (classic "has less/more/zero byte").
  ((x - 0x20202020) & ~x) |
  ((x + 0x01010101) | x) |
  (((x ^ 0x22222222) - 0x01010101) & ~(x ^ 0x22222222)) |
  (((x ^ 0x5c5c5c5c) - 0x01010101) & ~(x ^ 0x5c5c5c5c))

/**
 * Pure. Index of the closing quote of the string whose content starts at `i`, or -1 when it is unterminated
 * or holds an escape or a byte outside printable ASCII (whose `JSON.parse` text the bytes do not spell alone).
 * Four bytes at a time while none is special, then byte by byte.
 */
const stringEnd = (b: Uint8Array, view: DataView, i: number, end: number): number => {
  while (i + 4 <= end && (special(view.getInt32(i, true)) & 0x80808080) === 0) i += 4
  for (; i < end; i++) {
    const c = b[i]!
    if (c === QUOTE) return i
    if (c < SPACE || c > TILDE || c === BACKSLASH) return -1
  }
  return -1
}

/** Pure. Whether `null` starts at `i`; what follows is checked by the caller like after any value. */
const isNull = (b: Uint8Array, i: number, end: number): boolean =>
  i + 4 <= end && b[i] === N && b[i + 1] === U && b[i + 2] === L && b[i + 3] === L

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= ZERO && c <= NINE

/** Pure. End of the JSON number starting at `i` (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), or -1. */
const numberEnd = (b: Uint8Array, i: number, end: number): number => {
  if (i < end && b[i] === MINUS) i++
  if (i >= end) return -1
  if (b[i] === ZERO) i++
  else if (isDigit(b[i])) while (i < end && isDigit(b[i])) i++
  else return -1
  if (i < end && b[i] === DOT) {
    i++
    if (i >= end || !isDigit(b[i])) return -1
    while (i < end && isDigit(b[i])) i++
  }
  if (i < end && (b[i] === LOWER_E || b[i] === UPPER_E)) {
    i++
    if (i < end && (b[i] === PLUS || b[i] === MINUS)) i++
    if (i >= end || !isDigit(b[i])) return -1
    while (i < end && isDigit(b[i])) i++
  }
  return i
}

/** Digits in the integer part up to which the digit-by-digit conversion is exact (see `amountCents`). */
const FAST_WHOLE_DIGITS = 13

/**
 * Pure. Centavos of the JSON number `b[s, e)` (valid by `numberEnd`) as decode.ts gets them,
 * `reaisToCents(Number(text))`, or NaN when that is not ok or not exact (decode would report an issue).
 *
 * Digit by digit when the text has no exponent, at most two decimals and at most 13 integer digits: that is
 * at most 15 significant digits, which a double keeps exactly, so `String(Number(text))` (what reaisToCents
 * reads) is the same decimal value as the text and the digits give the same centavos (and < 2^53). Anything
 * else goes through `Number` and `reaisToCents` themselves.
 */
const amountCents = (b: Uint8Array, s: number, e: number): number => {
  let i = s
  const negative = b[i] === MINUS
  if (negative) i++
  let whole = 0
  const wholeStart = i
  while (i < e && b[i] !== DOT) {
    const c = b[i]!
    if (c === LOWER_E || c === UPPER_E) return slowAmountCents(b, s, e)
    whole = whole * 10 + (c - ZERO)
    i++
  }
  if (i - wholeStart > FAST_WHOLE_DIGITS) return slowAmountCents(b, s, e)
  let fraction = 0
  if (i < e) {
    const digits = e - i - 1
    if (digits > 2) return slowAmountCents(b, s, e)
    fraction = (b[i + 1]! - ZERO) * 10
    if (digits === 2) fraction += b[i + 2]! - ZERO
  }
  const cents = whole * 100 + fraction
  // reaisToCents never answers -0 (`String(-0)` is "0").
  return negative && cents !== 0 ? -cents : cents
}

const slowAmountCents = (b: Uint8Array, s: number, e: number): number => {
  const result = reaisToCents(Number(ascii(b, s, e)))
  return result.ok && result.exact ? result.cents : Number.NaN
}

/**
 * Pure. datetime.ts's `parseCommon` read from the bytes `b[s, e)` instead of their string (the same char
 * codes, printable ASCII): epoch microseconds, null, or undefined for shapes it leaves to `parseIsoMicros`.
 * Exported for its test against `parseIsoMicros`.
 */
export const commonMicrosAt = (b: Uint8Array, s: number, e: number): number | null | undefined => {
  // Below 19 bytes parseCommon answers undefined too; this also keeps `b[e - 1]` inside the string.
  if (e - s < 19) return undefined
  let n = e - s
  const last = b[e - 1]!
  if (last === 90 || last === 122) n-- // Z or z
  if (
    !(n === 19 || ((n === 23 || n === 26) && b[s + 19] === DOT)) ||
    b[s + 4] !== MINUS ||
    b[s + 7] !== MINUS ||
    b[s + 10] !== 84 ||
    b[s + 13] !== COLON ||
    b[s + 16] !== COLON
  )
    return undefined
  // Small integers, not parseCommon's NaN for a non-digit: `bad` turns negative when a digit is out of range.
  const y0 = b[s]! - ZERO
  const y1 = b[s + 1]! - ZERO
  const y2 = b[s + 2]! - ZERO
  const y3 = b[s + 3]! - ZERO
  const mo0 = b[s + 5]! - ZERO
  const mo1 = b[s + 6]! - ZERO
  const d0 = b[s + 8]! - ZERO
  const d1 = b[s + 9]! - ZERO
  const h0 = b[s + 11]! - ZERO
  const h1 = b[s + 12]! - ZERO
  const mi0 = b[s + 14]! - ZERO
  const mi1 = b[s + 15]! - ZERO
  const s0 = b[s + 17]! - ZERO
  const s1 = b[s + 18]! - ZERO
  let bad =
    y0 |
    (9 - y0) |
    y1 |
    (9 - y1) |
    y2 |
    (9 - y2) |
    y3 |
    (9 - y3) |
    mo0 |
    (9 - mo0) |
    mo1 |
    (9 - mo1) |
    d0 |
    (9 - d0) |
    d1 |
    (9 - d1) |
    h0 |
    (9 - h0) |
    h1 |
    (9 - h1) |
    mi0 |
    (9 - mi0) |
    mi1 |
    (9 - mi1) |
    s0 |
    (9 - s0) |
    s1 |
    (9 - s1)
  let micros = 0
  for (let k = s + 20; k < s + n; k++) {
    const f = b[k]! - ZERO
    bad |= f | (9 - f)
    micros = micros * 10 + f
  }
  // Milliseconds to microseconds.
  if (n === 23) micros *= 1000
  if (bad < 0) return undefined
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3
  const month = mo0 * 10 + mo1
  const day = d0 * 10 + d1
  const hour = h0 * 10 + h1
  const minute = mi0 * 10 + mi1
  const second = s0 * 10 + s1
  if (!(month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 60)) return null
  if (day > monthLength(year, month) || (second === 60 && hour === 23 && minute === 59)) return null
  const ms = daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000
  return ms * 1000 + micros
}

/** Pure. `parseIsoMicros(text)` for the string `text` of the bytes `b[s, e)`, read from the bytes when it can. */
const microsAt = (b: Uint8Array, s: number, e: number, text: string): number | null => {
  const common = commonMicrosAt(b, s, e)
  return common !== undefined ? common : parseIsoMicros(text)
}

// The compact layout's fixed texts and keys with what follows them (see scanCompact).
const typeLead = words(['{"webhook_type":'])
const datetimeLead = words([',"webhook_datetime":'])
const dataLead = words(['","data":{'])
const compactDataKeys = words(DATA_KEYS, '":')
/** `CompactFields.codes` slots: the webhook type, then the data fields with a vocabulary. */
export const WEBHOOK_TYPE_CODE = 0
export const BANK_SLIP_STATUS_CODE = 1
export const OCCURRENCE_TYPE_CODE = 2
export const OCCURRENCE_STATUS_CODE = 3
export const PAYMENT_METHOD_CODE = 4
export const PAYMENT_ORIGIN_CODE = 5
const ENUM_CODES = 6
/** The data fields with a vocabulary: field number, vocabulary, `codes` slot. */
const ENUM_FIELDS: readonly (readonly [number, Words<string>, number])[] = [
  [BANK_SLIP_STATUS, statuses, BANK_SLIP_STATUS_CODE],
  [OCCURRENCE_TYPE, occurrenceTypes, OCCURRENCE_TYPE_CODE],
  [OCCURRENCE_STATUS, occurrenceStatuses, OCCURRENCE_STATUS_CODE],
  [PAYMENT_METHOD, paymentMethods, PAYMENT_METHOD_CODE],
  [PAYMENT_ORIGIN, paymentOrigins, PAYMENT_ORIGIN_CODE],
]
const enumFieldOf = (field: number) => ENUM_FIELDS.find(([f]) => f === field)
/** The vocabulary of each enum field, by field number (null for the others). */
const enumWords: readonly (Words<string> | null)[] = DATA_KEYS.map(
  (_, field) => enumFieldOf(field)?.[1] ?? null,
)
/** The `codes` slot of each data field with a vocabulary, by field number (-1 for the others). */
const enumCodeOf: Int8Array = Int8Array.from(DATA_KEYS, (_, field) => enumFieldOf(field)?.[2] ?? -1)

/**
 * What `scanCompact` reads from a line, before any string is made: enum values as their shared literals,
 * strings as ranges of the line's bytes, amounts in centavos. A replay packs these straight from the bytes
 * (replay/packed.ts) without building the event. Not pure: one instance is filled again and again.
 */
export class CompactFields {
  webhookType: WebhookType = WEBHOOK_TYPES[0]
  /**
   * Each enum value's code: its position in its vocabulary (domain/vocabulary.ts) plus one, 0 for null, as the
   * scanner found it; the packed record stores these codes (replay/packed.ts), so it needs no lookup by text.
   */
  readonly codes = new Uint8Array(ENUM_CODES)
  datetimeStart = 0
  datetimeEnd = 0
  /** `parseIsoMicros` of the datetime. */
  at = 0
  keyStart = 0
  keyEnd = 0
  bankSlipStatus: BankSlipStatus | null = null
  /** -1: null. */
  occurrenceKeyStart = -1
  occurrenceKeyEnd = -1
  occurrenceType: OccurrenceType | null = null
  occurrenceStatus: OccurrenceStatus | null = null
  /** Whether any payment field was sent (decode's `payment` is then an object). */
  payment = false
  paidAmount: number | null = null
  paidRebateAmount: number | null = null
  paidDiscountAmount: number | null = null
  paidFineAmount: number | null = null
  paidInterestAmount: number | null = null
  paymentMethod: PaymentMethod | null = null
  paymentOrigin: PaymentOrigin | null = null
  /** -1: null. */
  creditDateStart = -1
  creditDateEnd = -1
}

/**
 * Not pure: fills `out`. `scanWebhook` for the layout `JSON.stringify` gives decode.ts's field order (what
 * QI and the log generator send): no whitespace, the envelope's keys in order, `data`'s in order with any
 * left out. Fixed texts are compared four bytes at a time and each key is expected where the order puts it,
 * instead of skipping whitespace and looking every key up. False for anything else, which `scanAny` then
 * reads, so it decides nothing alone: a text it accepts is one `scanAny` accepts too, with the same event.
 */
const scanCompactInto = (
  b: Uint8Array,
  view: DataView,
  start: number,
  end: number,
  out: CompactFields,
): boolean => {
  if (!isWordAt(typeLead, 0, view, start, end)) return false
  let i = start + typeLead.sizes[0]!
  const type = wordAt(webhookTypes, -1, b, view, i, end)
  if (type < 0) return false
  i += webhookTypes.sizes[type]!
  if (!isWordAt(datetimeLead, 0, view, i, end)) return false
  const datetimeStart = i + datetimeLead.sizes[0]!
  const datetimeEnd = stringEnd(b, view, datetimeStart, end)
  // The closing quote starts dataLead.
  if (datetimeEnd < 0 || !isWordAt(dataLead, 0, view, datetimeEnd, end)) return false
  i = datetimeEnd + dataLead.sizes[0]!

  let fields = 0
  let field = 0
  let keyFound = false
  out.bankSlipStatus = null
  out.occurrenceKeyStart = -1
  out.occurrenceKeyEnd = -1
  out.occurrenceType = null
  out.occurrenceStatus = null
  out.paidAmount = null
  out.paidRebateAmount = null
  out.paidDiscountAmount = null
  out.paidFineAmount = null
  out.paidInterestAmount = null
  out.paymentMethod = null
  out.paymentOrigin = null
  out.creditDateStart = -1
  out.creditDateEnd = -1
  out.codes.fill(0)
  for (;;) {
    // Keys only move forward, so a duplicate (or one out of order) is left to scanAny.
    while (field < DATA_KEYS.length && !isWordAt(compactDataKeys, field, view, i, end)) field++
    if (field === DATA_KEYS.length) return false
    fields |= 1 << field
    i += compactDataKeys.sizes[field]!
    if (i >= end) return false
    const c = b[i]
    if (c === N) {
      if (!isNull(b, i, end) || field === BANK_SLIP_KEY) return false
      i += 4
    } else if (field >= PAID_AMOUNT && field <= PAID_INTEREST_AMOUNT) {
      const e = numberEnd(b, i, end)
      if (e < 0) return false
      const cents = amountCents(b, i, e)
      if (Number.isNaN(cents)) return false
      if (field === PAID_AMOUNT) out.paidAmount = cents
      else if (field === PAID_REBATE_AMOUNT) out.paidRebateAmount = cents
      else if (field === PAID_DISCOUNT_AMOUNT) out.paidDiscountAmount = cents
      else if (field === PAID_FINE_AMOUNT) out.paidFineAmount = cents
      else out.paidInterestAmount = cents
      i = e
    } else if (c !== QUOTE) return false
    else {
      const s = i + 1
      const w = enumWords[field]
      if (w == null) {
        const e = stringEnd(b, view, s, end)
        if (e < 0) return false
        if (field === BANK_SLIP_KEY) {
          if (e === s) return false
          out.keyStart = s
          out.keyEnd = e
          keyFound = true
        } else if (field === OCCURRENCE_KEY) {
          out.occurrenceKeyStart = s
          out.occurrenceKeyEnd = e
        } else {
          out.creditDateStart = s
          out.creditDateEnd = e
        }
        i = e + 1
      } else {
        const index = wordAt(w, -1, b, view, s, end)
        if (index < 0) return false
        const word = w.values[index]!
        out.codes[enumCodeOf[field]!] = index + 1
        if (field === BANK_SLIP_STATUS) out.bankSlipStatus = word as BankSlipStatus
        else if (field === OCCURRENCE_TYPE) out.occurrenceType = word as OccurrenceType
        else if (field === OCCURRENCE_STATUS) out.occurrenceStatus = word as OccurrenceStatus
        else if (field === PAYMENT_METHOD) out.paymentMethod = word as PaymentMethod
        else out.paymentOrigin = word as PaymentOrigin
        i = s + w.sizes[index]!
      }
    }
    if (i + 2 === end && b[i] === RBRACE && b[i + 1] === RBRACE) break
    if (i + 1 >= end || b[i] !== COMMA || b[i + 1] !== QUOTE) return false
    i += 2
    field++
  }
  // bank_slip_key's absence is fatal in decode.
  if (!keyFound) return false
  const common = commonMicrosAt(b, datetimeStart, datetimeEnd)
  const at = common !== undefined ? common : parseIsoMicros(ascii(b, datetimeStart, datetimeEnd))
  if (at === null) return false
  out.webhookType = webhookTypes.values[type]!
  out.codes[WEBHOOK_TYPE_CODE] = type + 1
  out.datetimeStart = datetimeStart
  out.datetimeEnd = datetimeEnd
  out.at = at
  out.payment = (fields & PAYMENT_BITS) !== 0
  return true
}

/** Pure. The string of bytes `b[s, e)`, or null for the range (-1, -1). */
const asciiOrNull = (b: Uint8Array, s: number, e: number): string | null => (s < 0 ? null : ascii(b, s, e))

/** Pure. The event of what `scanCompactInto` read from `b`. */
export const eventOfFields = (b: Uint8Array, f: CompactFields): WebhookEvent =>
  event(
    f.webhookType,
    ascii(b, f.datetimeStart, f.datetimeEnd),
    f.at,
    ascii(b, f.keyStart, f.keyEnd),
    f.bankSlipStatus,
    asciiOrNull(b, f.occurrenceKeyStart, f.occurrenceKeyEnd),
    f.occurrenceType,
    f.occurrenceStatus,
    f.payment
      ? {
          paidAmountCents: f.paidAmount,
          paidRebateAmountCents: f.paidRebateAmount,
          paidDiscountAmountCents: f.paidDiscountAmount,
          paidFineAmountCents: f.paidFineAmount,
          paidInterestAmountCents: f.paidInterestAmount,
          paymentMethod: f.paymentMethod,
          paymentOrigin: f.paymentOrigin,
          paymentCreditDate: asciiOrNull(b, f.creditDateStart, f.creditDateEnd),
        }
      : null,
  )

/** Pure. The boleto key of what `scanCompactInto` read from `b`. */
export const keyOfFields = (b: Uint8Array, f: CompactFields): string => ascii(b, f.keyStart, f.keyEnd)

/** What `scanCompact` fills (it runs synchronously, so one is enough). */
const scratch = new CompactFields()

/**
 * Pure. `scanWebhook` for the compact layout only (see `scanCompactInto`); null for anything else.
 * Exported for the test that holds it to `scanAny`.
 */
export const scanCompact = (
  b: Uint8Array,
  view: DataView,
  start: number,
  end: number,
): WebhookEvent | null => (scanCompactInto(b, view, start, end, scratch) ? eventOfFields(b, scratch) : null)

/**
 * Not pure: fills `out`. True when `bytes[start, end)` is a webhook in the compact layout `scanCompact`
 * reads, with `out` holding what it says: `eventOfFields(bytes, out)` is then exactly `scanWebhook`'s (and
 * decode's) event. False for any other text, which `scanWebhook` may still read.
 */
export const scanWebhookFields = (
  bytes: Uint8Array,
  start: number,
  end: number,
  out: CompactFields,
): boolean =>
  start >= 0 && start <= end && end <= bytes.length && scanCompactInto(bytes, viewOf(bytes), start, end, out)

/** Pure. The event, fields in decode.ts's order, so JSON.stringify gives the same text. */
const event = (
  webhookType: WebhookEvent['webhookType'],
  webhookDatetime: string,
  at: number,
  bankSlipKey: string,
  bankSlipStatus: BankSlipStatus | null,
  occurrenceKey: string | null,
  occurrenceType: OccurrenceType | null,
  occurrenceStatus: OccurrenceStatus | null,
  payment: WebhookEvent['payment'],
): WebhookEvent => ({
  kind: 'webhook',
  webhookType,
  webhookDatetime,
  at,
  bankSlipKey,
  bankSlipStatus,
  occurrenceKey,
  occurrenceType,
  occurrenceStatus,
  payment,
  unknownFields: null,
  issues: null,
})

/**
 * Pure. Decodes the webhook whose UTF-8 JSON text is `bytes[start, end)` straight from the bytes, or returns
 * null when the text is outside the fast subset (see the top of this file), invalid JSON included; it never
 * throws. A returned event is the one `decodeWebhook(JSON.parse(text))` gives, field for field and in the
 * same order (so the same `JSON.stringify`), and that decode is ok; on null, the caller does that decode.
 */
export const scanWebhook = (bytes: Uint8Array, start: number, end: number): WebhookEvent | null => {
  if (!(start >= 0 && start <= end && end <= bytes.length)) return null
  const view = viewOf(bytes)
  return scanCompact(bytes, view, start, end) ?? scanAny(bytes, view, start, end)
}

/**
 * Pure. `scanWebhook` for any spacing and order (its whole subset): the reference scanCompact agrees with.
 * Exported for that test.
 */
export const scanAny = (b: Uint8Array, view: DataView, start: number, end: number): WebhookEvent | null => {
  let i = skipWs(b, start, end)
  if (i >= end || b[i] !== LBRACE) return null
  i = skipWs(b, i + 1, end)

  let envelope = 0
  let lastKey = -1
  let webhookType: WebhookEvent['webhookType'] | null = null
  let datetimeStart = 0
  let datetimeEnd = 0

  let fields = 0
  // Fields usually come in decode.ts's order: the one after the last is tried first.
  let lastField = -1
  let bankSlipKey: string | null = null
  let bankSlipStatus: BankSlipStatus | null = null
  let occurrenceKey: string | null = null
  let occurrenceType: OccurrenceType | null = null
  let occurrenceStatus: OccurrenceStatus | null = null
  let paidAmount: number | null = null
  let paidRebateAmount: number | null = null
  let paidDiscountAmount: number | null = null
  let paidFineAmount: number | null = null
  let paidInterestAmount: number | null = null
  let paymentMethod: PaymentMethod | null = null
  let paymentOrigin: PaymentOrigin | null = null
  let paymentCreditDate: string | null = null

  // An empty object lacks the envelope: the loop's first key check rejects `{}`.
  for (;;) {
    if (i >= end || b[i] !== QUOTE) return null
    const key = wordAt(envelopeKeys, lastKey + 1, b, view, i + 1, end)
    // Unknown keys would be kept as unknown fields; duplicates would keep the last value (JSON.parse).
    if (key < 0 || envelope & (1 << key)) return null
    envelope |= 1 << key
    lastKey = key
    i = skipWs(b, i + 1 + envelopeKeys.sizes[key]!, end)
    if (i >= end || b[i] !== COLON) return null
    i = skipWs(b, i + 1, end)
    if (i >= end) return null

    if (key === WEBHOOK_TYPE) {
      if (b[i] !== QUOTE) return null
      const index = wordAt(webhookTypes, -1, b, view, i + 1, end)
      if (index < 0) return null
      webhookType = webhookTypes.values[index]!
      i += 2 + webhookType.length
    } else if (key === WEBHOOK_DATETIME) {
      if (b[i] !== QUOTE) return null
      const e = stringEnd(b, view, i + 1, end)
      if (e < 0) return null
      // Made into a string (and parsed) only once the whole text is known valid.
      datetimeStart = i + 1
      datetimeEnd = e
      i = e + 1
    } else {
      // data
      if (b[i] !== LBRACE) return null
      i = skipWs(b, i + 1, end)
      if (i < end && b[i] === RBRACE) i++
      else
        for (;;) {
          if (i >= end || b[i] !== QUOTE) return null
          const field = wordAt(dataKeys, lastField + 1, b, view, i + 1, end)
          if (field < 0 || fields & (1 << field)) return null
          fields |= 1 << field
          lastField = field
          i = skipWs(b, i + 1 + dataKeys.sizes[field]!, end)
          if (i >= end || b[i] !== COLON) return null
          i = skipWs(b, i + 1, end)
          if (i >= end) return null

          if (b[i] === N) {
            // Every field's null decodes as its absence, except that of bank_slip_key (fatal in decode).
            if (!isNull(b, i, end) || field === BANK_SLIP_KEY) return null
            i += 4
          } else if (field >= PAID_AMOUNT && field <= PAID_INTEREST_AMOUNT) {
            const e = numberEnd(b, i, end)
            if (e < 0) return null
            const cents = amountCents(b, i, e)
            if (Number.isNaN(cents)) return null
            if (field === PAID_AMOUNT) paidAmount = cents
            else if (field === PAID_REBATE_AMOUNT) paidRebateAmount = cents
            else if (field === PAID_DISCOUNT_AMOUNT) paidDiscountAmount = cents
            else if (field === PAID_FINE_AMOUNT) paidFineAmount = cents
            else paidInterestAmount = cents
            i = e
          } else {
            if (b[i] !== QUOTE) return null
            const s = i + 1
            if (field === BANK_SLIP_KEY || field === OCCURRENCE_KEY || field === PAYMENT_CREDIT_DATE) {
              const e = stringEnd(b, view, s, end)
              if (e < 0) return null
              if (field === BANK_SLIP_KEY) {
                if (e === s) return null
                bankSlipKey = ascii(b, s, e)
              } else if (field === OCCURRENCE_KEY) occurrenceKey = ascii(b, s, e)
              else paymentCreditDate = ascii(b, s, e)
              i = e + 1
            } else {
              // An enum: an unknown value would decode as `UnknownValue` with an issue.
              let word: string
              if (field === BANK_SLIP_STATUS) {
                const index = wordAt(statuses, -1, b, view, s, end)
                if (index < 0) return null
                word = bankSlipStatus = statuses.values[index]!
              } else if (field === OCCURRENCE_TYPE) {
                const index = wordAt(occurrenceTypes, -1, b, view, s, end)
                if (index < 0) return null
                word = occurrenceType = occurrenceTypes.values[index]!
              } else if (field === OCCURRENCE_STATUS) {
                const index = wordAt(occurrenceStatuses, -1, b, view, s, end)
                if (index < 0) return null
                word = occurrenceStatus = occurrenceStatuses.values[index]!
              } else if (field === PAYMENT_METHOD) {
                const index = wordAt(paymentMethods, -1, b, view, s, end)
                if (index < 0) return null
                word = paymentMethod = paymentMethods.values[index]!
              } else {
                const index = wordAt(paymentOrigins, -1, b, view, s, end)
                if (index < 0) return null
                word = paymentOrigin = paymentOrigins.values[index]!
              }
              i = s + word.length + 1
            }
          }

          i = skipWs(b, i, end)
          if (i >= end) return null
          if (b[i] === COMMA) {
            i = skipWs(b, i + 1, end)
            continue
          }
          if (b[i] !== RBRACE) return null
          i++
          break
        }
    }

    i = skipWs(b, i, end)
    if (i >= end) return null
    if (b[i] === COMMA) {
      i = skipWs(b, i + 1, end)
      continue
    }
    if (b[i] !== RBRACE) return null
    i = skipWs(b, i + 1, end)
    break
  }
  if (i !== end || envelope !== ALL_ENVELOPE || bankSlipKey === null) return null

  const webhookDatetime = ascii(b, datetimeStart, datetimeEnd)
  const at = microsAt(b, datetimeStart, datetimeEnd, webhookDatetime)
  // decode.ts reports an unreadable datetime as an issue.
  if (at === null) return null

  return event(
    webhookType!,
    webhookDatetime,
    at,
    bankSlipKey,
    bankSlipStatus,
    occurrenceKey,
    occurrenceType,
    occurrenceStatus,
    fields & PAYMENT_BITS
      ? {
          paidAmountCents: paidAmount,
          paidRebateAmountCents: paidRebateAmount,
          paidDiscountAmountCents: paidDiscountAmount,
          paidFineAmountCents: paidFineAmount,
          paidInterestAmountCents: paidInterestAmount,
          paymentMethod,
          paymentOrigin,
          paymentCreditDate,
        }
      : null,
  )
}
