/**
 * `decode`: one entry point for every accepted input. Layout and check digits come from `parse`; this adds
 * what depends on the reference date (the bank due date, the convênio date heuristic) and builds the result.
 */
import {
  bankAmount,
  bankBarcodeText,
  bankFactor,
  bankFactorPosition,
  bankFreeFieldText,
  bankGeneralDv,
  bankLineText,
} from './bank.js'
import { isoFromDays, todayUtc } from './calendar.js'
import {
  convenioBarcodeSlice,
  convenioLineText,
  convenioValue,
  dueDateHeuristic,
  freeFieldStart,
  SEGMENT_NAMES,
} from './convenio.js'
import {
  factorCandidates,
  referenceDayOf,
  resolveFactorDay,
  WINDOW_FUTURE_DAYS,
  WINDOW_PAST_DAYS,
} from './due-date.js'
import type { DecodeError } from './errors.js'
import { parse, parsed } from './parse.js'
import type {
  ConvenioSegment,
  ConvenioSegmentName,
  DecodedBank,
  DecodedConvenio,
  DecodeOptions,
  DecodeResult,
} from './result.js'

// The last explicit reference date and its day number: callers decoding a batch pass the same string each time.
let lastReference = ''
let lastReferenceDay = 0

const referenceDay = (referenceDate: string | undefined): number => {
  if (referenceDate === undefined) return todayUtc()
  if (referenceDate !== lastReference) {
    lastReferenceDay = referenceDayOf(referenceDate)
    lastReference = referenceDate
  }
  return lastReferenceDay
}

const outOfRange = (factor: number, day: number): DecodeError => {
  const candidates = factorCandidates(factor, day)
  const position = bankFactorPosition(parsed.form)
  const from = isoFromDays(day - WINDOW_PAST_DAYS)
  const to = isoFromDays(day + WINDOW_FUTURE_DAYS)
  return {
    code: 'DUE_DATE_OUT_OF_RANGE',
    field: 'dueDateFactor',
    message: `Due-date factor ${factor} (position ${position}) names ${candidates.join(' or ')}, outside the accepted window ${from} to ${to} around the reference date ${isoFromDays(day)}.`,
    expected: `a date from ${from} to ${to}`,
    actual: `factor ${factor}: ${candidates.join(' or ')}`,
    position,
  }
}

// Each field is sliced once from the input text and the barcode assembled from those slices: on a line, the
// barcode is a rope of slices, and slicing fields out of it again would flatten it, a copy per decode.

const decodeBank = (day: number): DecodeResult => {
  const { form, text } = parsed
  const factor = bankFactor(text, form)
  let dueDate: string | null = null
  if (factor !== 0) {
    const due = resolveFactorDay(factor, day)
    if (due < 0) return { valid: false, error: outOfRange(factor, day) }
    dueDate = isoFromDays(due)
  }
  const amount = bankAmount(text, form)
  const line = form === 'digitableLine'
  const freeField = line ? bankFreeFieldText(text) : text.slice(19)
  const result: DecodedBank = {
    valid: true,
    kind: 'bank',
    form,
    barcode: line ? bankBarcodeText(text, freeField) : text,
    digitableLine: line ? text : bankLineText(text),
    amountCents: amount === 0 ? null : amount,
    openAmount: amount === 0,
    dueDate,
    generalCheckDigit: bankGeneralDv(text, form),
    bankCode: text.slice(0, 3),
    currencyCode: '9',
    dueDateFactor: factor,
    freeField,
  }
  return result
}

const decodeConvenio = (day: number): DecodedConvenio => {
  const { form, text } = parsed
  const segment = text.charCodeAt(1) - 48
  const valueIdentifier = text.charCodeAt(2) - 48
  const effective = valueIdentifier === 6 || valueIdentifier === 8
  const value = convenioValue(text, form)
  const free = freeFieldStart(segment)
  const line = form === 'digitableLine'
  const companyId = line ? convenioBarcodeSlice(text, 15, free) : text.slice(15, free)
  const freeField = line ? convenioBarcodeSlice(text, free, 44) : text.slice(free)
  return {
    valid: true,
    kind: 'convenio',
    form,
    barcode: line ? convenioBarcodeSlice(text, 0, 15) + companyId + freeField : text,
    digitableLine: line ? text : convenioLineText(text),
    amountCents: effective && value !== 0 ? value : null,
    openAmount: effective && value === 0,
    dueDate: null,
    generalCheckDigit: text.charCodeAt(3) - 48,
    segment: segment as ConvenioSegment,
    segmentName: SEGMENT_NAMES[segment] as ConvenioSegmentName,
    valueIdentifier: valueIdentifier as 6 | 7 | 8 | 9,
    valueKind: effective ? 'effective' : 'reference',
    checkDigitModulus: valueIdentifier >= 8 ? 11 : 10,
    value,
    companyId,
    freeField,
    dueDateHeuristic: dueDateHeuristic(text, form, day, WINDOW_PAST_DAYS, WINDOW_FUTURE_DAYS),
  }
}

/**
 * Pure when `options.referenceDate` is given (otherwise it reads today's UTC date). Decodes a 47-digit bank
 * line, a 48-digit convênio line or a 44-digit barcode of either kind, with or without dots, hyphens and
 * spaces. Never throws for bad input: the answer is `{ valid: false, error }` naming the code, the field or
 * block and the digit expected. Throws a RangeError only for a malformed `referenceDate`.
 */
export const decode = (input: string, options?: DecodeOptions): DecodeResult => {
  const day = referenceDay(options?.referenceDate)
  const error = parse(input)
  if (error !== null) return { valid: false, error }
  return parsed.kind === 'bank' ? decodeBank(day) : decodeConvenio(day)
}
