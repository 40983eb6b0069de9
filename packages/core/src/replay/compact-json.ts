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
 */
import type { PaymentDetails } from '../domain/events.js'
import type { PaymentNotice, RejectedOccurrence, UnclaimedAnswer, WriteOff } from '../lifecycle/state.js'
import { isPlainJsonText, JsonText, type JsonWriter } from './json-bytes.js'
import type { SlipReport } from './replay.js'

/** Pure. `JSON.stringify(text)`, without the call for text with nothing to escape (keys, dates, codes). */
export const jsonString = (text: string): string =>
  isPlainJsonText(text) ? `"${text}"` : JSON.stringify(text)

const writePayment = (p: PaymentDetails, out: JsonWriter): void => {
  out.raw('{"paidAmountCents":')
  out.value(p.paidAmountCents)
  out.raw(',"paidRebateAmountCents":')
  out.value(p.paidRebateAmountCents)
  out.raw(',"paidDiscountAmountCents":')
  out.value(p.paidDiscountAmountCents)
  out.raw(',"paidFineAmountCents":')
  out.value(p.paidFineAmountCents)
  out.raw(',"paidInterestAmountCents":')
  out.value(p.paidInterestAmountCents)
  out.raw(',"paymentMethod":')
  out.value(p.paymentMethod)
  out.raw(',"paymentOrigin":')
  out.value(p.paymentOrigin)
  out.raw(',"paymentCreditDate":')
  out.value(p.paymentCreditDate)
  out.raw('}')
}

const writeNotice = (n: PaymentNotice, out: JsonWriter): void => {
  out.raw('{"notaryOffice":')
  out.value(n.notaryOffice)
  out.raw(',"occurrenceKey":')
  out.value(n.occurrenceKey)
  out.raw(',"at":')
  out.value(n.at)
  out.raw('}')
}

const writeWriteOff = (w: WriteOff, out: JsonWriter): void => {
  out.raw('{"reason":')
  out.value(w.reason)
  out.raw(',"occurrenceKey":')
  out.value(w.occurrenceKey)
  out.raw(',"at":')
  out.value(w.at)
  out.raw('}')
}

const writeAnswer = (a: UnclaimedAnswer, out: JsonWriter): void => {
  out.raw('{"occurrenceKey":')
  out.value(a.occurrenceKey)
  out.raw(',"occurrenceType":')
  out.value(a.occurrenceType)
  out.raw(',"outcome":')
  out.value(a.outcome)
  out.raw(',"at":')
  out.value(a.at)
  out.raw('}')
}

const writeRejection = (r: RejectedOccurrence, out: JsonWriter): void => {
  out.raw('{"occurrenceKey":')
  out.value(r.occurrenceKey)
  out.raw(',"occurrenceType":')
  out.value(r.occurrenceType)
  out.raw(',"at":')
  out.value(r.at)
  out.raw('}')
}

const writeList = <T>(
  items: readonly T[],
  item: (value: T, out: JsonWriter) => void,
  out: JsonWriter,
): void => {
  out.raw('[')
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.raw(',')
    item(items[i]!, out)
  }
  out.raw(']')
}

/** Pure. Whether a map (`termChanges`) has no keys. */
const isEmptyMap = (value: object): boolean => {
  for (const _ in value) return false
  return true
}

/**
 * The compact report's JSON (see the module comment) written to `out`: the fields at their initial value
 * left out, the others in the report's field order.
 */
export const writeCompactSlip = (r: SlipReport, out: JsonWriter): void => {
  out.raw('{"bankSlipKey":')
  out.value(r.bankSlipKey)
  out.raw(',"status":')
  out.value(r.status)
  const field = (name: string, value: unknown): void => {
    out.raw(name)
    out.value(value)
  }
  if (r.reportedStatus !== null) field(',"reportedStatus":', r.reportedStatus)
  if (r.issuance !== null) field(',"issuance":', r.issuance)
  if (r.amountCents !== null) field(',"amountCents":', r.amountCents)
  if (r.dueDate !== null) field(',"dueDate":', r.dueDate)
  if (r.rebate !== 'none') field(',"rebate":', r.rebate)
  if (r.rebateAmountCents !== null) field(',"rebateAmountCents":', r.rebateAmountCents)
  if (r.fineData !== null) field(',"fineData":', r.fineData)
  if (r.interestData !== null) field(',"interestData":', r.interestData)
  if (r.discountsData !== null) field(',"discountsData":', r.discountsData)
  if (!isEmptyMap(r.termChanges)) field(',"termChanges":', r.termChanges)
  if (r.protest !== 'none') field(',"protest":', r.protest)
  if (r.pending.length > 0) field(',"pending":', r.pending)
  if (r.settled.length > 0) field(',"settled":', r.settled)
  if (r.rejectedOccurrences.length > 0) {
    out.raw(',"rejectedOccurrences":')
    writeList(r.rejectedOccurrences, writeRejection, out)
  }
  if (r.unclaimedAnswers.length > 0) {
    out.raw(',"unclaimedAnswers":')
    writeList(r.unclaimedAnswers, writeAnswer, out)
  }
  if (r.registeredAt !== null) field(',"registeredAt":', r.registeredAt)
  if (r.paymentNotice !== null) {
    out.raw(',"paymentNotice":')
    writeNotice(r.paymentNotice, out)
  }
  if (r.payment !== null) {
    out.raw(',"payment":')
    writePayment(r.payment, out)
  }
  if (r.paidAt !== null) field(',"paidAt":', r.paidAt)
  if (r.writeOff !== null) {
    out.raw(',"writeOff":')
    writeWriteOff(r.writeOff, out)
  }
  if (r.anomalies.length > 0) field(',"anomalies":', r.anomalies)
  field(',"version":', r.version)
  if (r.lastEventAt !== null) field(',"lastEventAt":', r.lastEventAt)
  if (r.duplicates !== 0) field(',"duplicates":', r.duplicates)
  if (r.outOfOrder !== 0) field(',"outOfOrder":', r.outOfOrder)
  if (r.probablyMissing.length > 0) field(',"probablyMissing":', r.probablyMissing)
  if (r.error !== undefined) field(',"error":', r.error)
  out.raw('}')
}

/** Pure. `writeCompactSlip` as a string. */
export const compactSlipJson = (r: SlipReport): string => {
  const out = new JsonText()
  writeCompactSlip(r, out)
  return out.text
}
