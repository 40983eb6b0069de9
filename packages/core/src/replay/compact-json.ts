/**
 * A boleto's compact report (compact.ts) written straight to JSON text, for reports of millions of
 * boletos: `JSON.stringify(compactSlipReport(report))` builds an object of a different shape per boleto and
 * pays the serialiser's fixed cost for it and again for every nested value; this writes the fields the
 * fold produces by hand and hands only the rare ones (terms, instructions, anomalies) to `JSON.stringify`.
 *
 * The nested objects the fold builds (payment, payment notice, write-off, answers, rejections) are written
 * in their canonical field order, the order the fold and the decoder create them in; for every report the
 * fold produces the text is byte for byte `JSON.stringify(compactSlipReport(report))` (property test).
 * One writer serves text and bytes (json-bytes.ts): a report of millions of boletos is written as bytes.
 * Field names, and a field together with its value when that comes from a vocabulary, are pieces encoded
 * at load (`jsonPiece`): bytes copied four at a time.
 */
import type { PaymentDetails } from '../domain/events.js'
import {
  BANK_SLIP_STATUSES,
  OCCURRENCE_TYPES,
  PAYMENT_METHODS,
  PAYMENT_ORIGINS,
} from '../domain/vocabulary.js'
import type { PaymentNotice, RejectedOccurrence, UnclaimedAnswer, WriteOff } from '../lifecycle/state.js'
import { type JsonPiece, JsonText, type JsonWriter, jsonPiece } from './json-bytes.js'
import type { SlipReport } from './replay.js'

/** Pure. The piece `,"<name>":`, or `{"<name>":` for an object's first field. */
const field = (name: string, first = false): JsonPiece => jsonPiece(`${first ? '{' : ','}"${name}":`)

/**
 * Pure. For each of `values`, the piece of `name`'s field with that value (`,"status":"paid"`): a field
 * whose value comes from a vocabulary is written as one piece.
 */
const withValues = (
  name: string,
  values: readonly unknown[],
  first = false,
): { readonly name: JsonPiece; readonly byValue: ReadonlyMap<unknown, JsonPiece> } => {
  const piece = field(name, first)
  return {
    name: piece,
    byValue: new Map(values.map((v) => [v, jsonPiece(`${piece.text}${JSON.stringify(v)}`)])),
  }
}

const CLOSE = jsonPiece('}')
const LIST_OPEN = jsonPiece('[')
const LIST_CLOSE = jsonPiece(']')
const COMMA = jsonPiece(',')

/** `name` then `value`. */
const put = (out: JsonWriter, name: JsonPiece, value: unknown): void => {
  out.piece(name)
  out.value(value)
}

/** The field with a value of its vocabulary as one piece, any other value as `put` writes it. */
const putWord = (
  out: JsonWriter,
  word: { readonly name: JsonPiece; readonly byValue: ReadonlyMap<unknown, JsonPiece> },
  value: unknown,
): void => {
  const piece = word.byValue.get(value)
  if (piece !== undefined) out.piece(piece)
  else put(out, word.name, value)
}

const PAYMENT = {
  paidAmountCents: field('paidAmountCents', true),
  paidRebateAmountCents: field('paidRebateAmountCents'),
  paidDiscountAmountCents: field('paidDiscountAmountCents'),
  paidFineAmountCents: field('paidFineAmountCents'),
  paidInterestAmountCents: field('paidInterestAmountCents'),
  paymentMethod: withValues('paymentMethod', PAYMENT_METHODS),
  paymentOrigin: withValues('paymentOrigin', PAYMENT_ORIGINS),
  paymentCreditDate: field('paymentCreditDate'),
}

const writePayment = (p: PaymentDetails, out: JsonWriter): void => {
  put(out, PAYMENT.paidAmountCents, p.paidAmountCents)
  put(out, PAYMENT.paidRebateAmountCents, p.paidRebateAmountCents)
  put(out, PAYMENT.paidDiscountAmountCents, p.paidDiscountAmountCents)
  put(out, PAYMENT.paidFineAmountCents, p.paidFineAmountCents)
  put(out, PAYMENT.paidInterestAmountCents, p.paidInterestAmountCents)
  putWord(out, PAYMENT.paymentMethod, p.paymentMethod)
  putWord(out, PAYMENT.paymentOrigin, p.paymentOrigin)
  put(out, PAYMENT.paymentCreditDate, p.paymentCreditDate)
  out.piece(CLOSE)
}

const OCCURRENCE_KEY = field('occurrenceKey')
const AT = field('at')

const NOTICE = { notaryOffice: withValues('notaryOffice', [false, true], true) }

const writeNotice = (n: PaymentNotice, out: JsonWriter): void => {
  putWord(out, NOTICE.notaryOffice, n.notaryOffice)
  put(out, OCCURRENCE_KEY, n.occurrenceKey)
  put(out, AT, n.at)
  out.piece(CLOSE)
}

const WRITE_OFF = {
  reason: withValues('reason', ['write_off', 'protest_write_off', 'payment_write_off'], true),
}

const writeWriteOff = (w: WriteOff, out: JsonWriter): void => {
  putWord(out, WRITE_OFF.reason, w.reason)
  put(out, OCCURRENCE_KEY, w.occurrenceKey)
  put(out, AT, w.at)
  out.piece(CLOSE)
}

const OCCURRENCE = {
  firstKey: field('occurrenceKey', true),
  type: withValues('occurrenceType', OCCURRENCE_TYPES),
  outcome: withValues('outcome', ['confirmed', 'rejected']),
}

const writeAnswer = (a: UnclaimedAnswer, out: JsonWriter): void => {
  put(out, OCCURRENCE.firstKey, a.occurrenceKey)
  putWord(out, OCCURRENCE.type, a.occurrenceType)
  putWord(out, OCCURRENCE.outcome, a.outcome)
  put(out, AT, a.at)
  out.piece(CLOSE)
}

const writeRejection = (r: RejectedOccurrence, out: JsonWriter): void => {
  put(out, OCCURRENCE.firstKey, r.occurrenceKey)
  putWord(out, OCCURRENCE.type, r.occurrenceType)
  put(out, AT, r.at)
  out.piece(CLOSE)
}

const writeList = <T>(
  items: readonly T[],
  item: (value: T, out: JsonWriter) => void,
  out: JsonWriter,
): void => {
  out.piece(LIST_OPEN)
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.piece(COMMA)
    item(items[i]!, out)
  }
  out.piece(LIST_CLOSE)
}

/**
 * `,"<name>":{...}` for a map of counts (`termChanges`), as `JSON.stringify` writes it, or nothing when it has
 * none: by hand, since most boletos have an empty one and the others one or two keys (through
 * `JSON.stringify` and an encoder call each, this was 5% of a worker's report).
 */
const writeCounts = (
  name: JsonPiece,
  counts: Readonly<Record<string, number | undefined>>,
  out: JsonWriter,
): void => {
  let first = true
  for (const key in counts) {
    const count = counts[key]
    // What JSON.stringify leaves out of an object.
    if (count === undefined || !Object.hasOwn(counts, key)) continue
    out.piece(first ? name : COMMA)
    first = false
    out.string(key)
    out.raw(':')
    out.number(count)
  }
  if (!first) out.piece(CLOSE)
}

const SLIP = {
  bankSlipKey: field('bankSlipKey', true),
  status: withValues('status', BANK_SLIP_STATUSES),
  reportedStatus: withValues('reportedStatus', BANK_SLIP_STATUSES),
  issuance: field('issuance'),
  amountCents: field('amountCents'),
  dueDate: field('dueDate'),
  rebate: field('rebate'),
  rebateAmountCents: field('rebateAmountCents'),
  fineData: field('fineData'),
  interestData: field('interestData'),
  discountsData: field('discountsData'),
  termChanges: jsonPiece(',"termChanges":{'),
  protest: field('protest'),
  pending: field('pending'),
  settled: field('settled'),
  rejectedOccurrences: field('rejectedOccurrences'),
  unclaimedAnswers: field('unclaimedAnswers'),
  registeredAt: field('registeredAt'),
  paymentNotice: field('paymentNotice'),
  payment: field('payment'),
  paidAt: field('paidAt'),
  writeOff: field('writeOff'),
  anomalies: field('anomalies'),
  version: field('version'),
  lastEventAt: field('lastEventAt'),
  duplicates: field('duplicates'),
  outOfOrder: field('outOfOrder'),
  probablyMissing: field('probablyMissing'),
  error: field('error'),
}

/**
 * The compact report's JSON (see the module comment) written to `out`: the fields at their initial value
 * left out, the others in the report's field order.
 */
export const writeCompactSlip = (r: SlipReport, out: JsonWriter): void => {
  put(out, SLIP.bankSlipKey, r.bankSlipKey)
  writeFieldsAfterKey(r, out)
}

const MEMBER_TO_KEY = jsonPiece(':{"bankSlipKey":')

/**
 * The report's member for boleto `key`, `"<key>":<writeCompactSlip JSON>`, with the key's JSON written once
 * and copied for `bankSlipKey` (a report of millions of boletos writes each key twice).
 */
export const writeSlipMember = (key: string, r: SlipReport, out: JsonWriter): void => {
  const start = out.length
  out.string(key)
  const end = out.length
  out.piece(MEMBER_TO_KEY)
  if (r.bankSlipKey === key) out.repeat(start, end)
  else out.value(r.bankSlipKey)
  writeFieldsAfterKey(r, out)
}

/** `writeCompactSlip` after `{"bankSlipKey":…`. */
const writeFieldsAfterKey = (r: SlipReport, out: JsonWriter): void => {
  putWord(out, SLIP.status, r.status)
  if (r.reportedStatus !== null) putWord(out, SLIP.reportedStatus, r.reportedStatus)
  if (r.issuance !== null) put(out, SLIP.issuance, r.issuance)
  if (r.amountCents !== null) put(out, SLIP.amountCents, r.amountCents)
  if (r.dueDate !== null) put(out, SLIP.dueDate, r.dueDate)
  if (r.rebate !== 'none') put(out, SLIP.rebate, r.rebate)
  if (r.rebateAmountCents !== null) put(out, SLIP.rebateAmountCents, r.rebateAmountCents)
  if (r.fineData !== null) put(out, SLIP.fineData, r.fineData)
  if (r.interestData !== null) put(out, SLIP.interestData, r.interestData)
  if (r.discountsData !== null) put(out, SLIP.discountsData, r.discountsData)
  writeCounts(SLIP.termChanges, r.termChanges, out)
  if (r.protest !== 'none') put(out, SLIP.protest, r.protest)
  if (r.pending.length > 0) put(out, SLIP.pending, r.pending)
  if (r.settled.length > 0) put(out, SLIP.settled, r.settled)
  if (r.rejectedOccurrences.length > 0) {
    out.piece(SLIP.rejectedOccurrences)
    writeList(r.rejectedOccurrences, writeRejection, out)
  }
  if (r.unclaimedAnswers.length > 0) {
    out.piece(SLIP.unclaimedAnswers)
    writeList(r.unclaimedAnswers, writeAnswer, out)
  }
  if (r.registeredAt !== null) put(out, SLIP.registeredAt, r.registeredAt)
  if (r.paymentNotice !== null) {
    out.piece(SLIP.paymentNotice)
    writeNotice(r.paymentNotice, out)
  }
  if (r.payment !== null) {
    out.piece(SLIP.payment)
    writePayment(r.payment, out)
  }
  if (r.paidAt !== null) put(out, SLIP.paidAt, r.paidAt)
  if (r.writeOff !== null) {
    out.piece(SLIP.writeOff)
    writeWriteOff(r.writeOff, out)
  }
  if (r.anomalies.length > 0) put(out, SLIP.anomalies, r.anomalies)
  put(out, SLIP.version, r.version)
  if (r.lastEventAt !== null) put(out, SLIP.lastEventAt, r.lastEventAt)
  if (r.duplicates !== 0) put(out, SLIP.duplicates, r.duplicates)
  if (r.outOfOrder !== 0) put(out, SLIP.outOfOrder, r.outOfOrder)
  if (r.probablyMissing.length > 0) put(out, SLIP.probablyMissing, r.probablyMissing)
  if (r.error !== undefined) put(out, SLIP.error, r.error)
  out.piece(CLOSE)
}

/** Pure. `writeCompactSlip` as a string. */
export const compactSlipJson = (r: SlipReport): string => {
  const out = new JsonText()
  writeCompactSlip(r, out)
  return out.text
}
