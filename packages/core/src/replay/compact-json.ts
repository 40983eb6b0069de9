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
import { JsonText, type JsonWriter } from './json-bytes.js'
import type { SlipReport } from './replay.js'

/** `name` (punctuation and a field name: ASCII JSON) then `value`. */
const put = (out: JsonWriter, name: string, value: unknown): void => {
  out.raw(name)
  out.value(value)
}

const writePayment = (p: PaymentDetails, out: JsonWriter): void => {
  put(out, '{"paidAmountCents":', p.paidAmountCents)
  put(out, ',"paidRebateAmountCents":', p.paidRebateAmountCents)
  put(out, ',"paidDiscountAmountCents":', p.paidDiscountAmountCents)
  put(out, ',"paidFineAmountCents":', p.paidFineAmountCents)
  put(out, ',"paidInterestAmountCents":', p.paidInterestAmountCents)
  put(out, ',"paymentMethod":', p.paymentMethod)
  put(out, ',"paymentOrigin":', p.paymentOrigin)
  put(out, ',"paymentCreditDate":', p.paymentCreditDate)
  out.raw('}')
}

const writeNotice = (n: PaymentNotice, out: JsonWriter): void => {
  put(out, '{"notaryOffice":', n.notaryOffice)
  put(out, ',"occurrenceKey":', n.occurrenceKey)
  put(out, ',"at":', n.at)
  out.raw('}')
}

const writeWriteOff = (w: WriteOff, out: JsonWriter): void => {
  put(out, '{"reason":', w.reason)
  put(out, ',"occurrenceKey":', w.occurrenceKey)
  put(out, ',"at":', w.at)
  out.raw('}')
}

const writeAnswer = (a: UnclaimedAnswer, out: JsonWriter): void => {
  put(out, '{"occurrenceKey":', a.occurrenceKey)
  put(out, ',"occurrenceType":', a.occurrenceType)
  put(out, ',"outcome":', a.outcome)
  put(out, ',"at":', a.at)
  out.raw('}')
}

const writeRejection = (r: RejectedOccurrence, out: JsonWriter): void => {
  put(out, '{"occurrenceKey":', r.occurrenceKey)
  put(out, ',"occurrenceType":', r.occurrenceType)
  put(out, ',"at":', r.at)
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

/**
 * `,"<name>":{...}` for a map of counts (`termChanges`), as `JSON.stringify` writes it, or nothing when it has
 * none: by hand, since most boletos have an empty one and the others one or two keys (through
 * `JSON.stringify` and an encoder call each, this was 5% of a worker's report).
 */
const writeCounts = (
  name: string,
  counts: Readonly<Record<string, number | undefined>>,
  out: JsonWriter,
): void => {
  let first = true
  for (const key in counts) {
    const count = counts[key]
    // What JSON.stringify leaves out of an object.
    if (count === undefined || !Object.hasOwn(counts, key)) continue
    out.raw(first ? name : ',')
    first = false
    out.string(key)
    out.raw(':')
    out.number(count)
  }
  if (!first) out.raw('}')
}

/**
 * The compact report's JSON (see the module comment) written to `out`: the fields at their initial value
 * left out, the others in the report's field order.
 */
export const writeCompactSlip = (r: SlipReport, out: JsonWriter): void => {
  put(out, '{"bankSlipKey":', r.bankSlipKey)
  put(out, ',"status":', r.status)
  if (r.reportedStatus !== null) put(out, ',"reportedStatus":', r.reportedStatus)
  if (r.issuance !== null) put(out, ',"issuance":', r.issuance)
  if (r.amountCents !== null) put(out, ',"amountCents":', r.amountCents)
  if (r.dueDate !== null) put(out, ',"dueDate":', r.dueDate)
  if (r.rebate !== 'none') put(out, ',"rebate":', r.rebate)
  if (r.rebateAmountCents !== null) put(out, ',"rebateAmountCents":', r.rebateAmountCents)
  if (r.fineData !== null) put(out, ',"fineData":', r.fineData)
  if (r.interestData !== null) put(out, ',"interestData":', r.interestData)
  if (r.discountsData !== null) put(out, ',"discountsData":', r.discountsData)
  writeCounts(',"termChanges":{', r.termChanges, out)
  if (r.protest !== 'none') put(out, ',"protest":', r.protest)
  if (r.pending.length > 0) put(out, ',"pending":', r.pending)
  if (r.settled.length > 0) put(out, ',"settled":', r.settled)
  if (r.rejectedOccurrences.length > 0) {
    out.raw(',"rejectedOccurrences":')
    writeList(r.rejectedOccurrences, writeRejection, out)
  }
  if (r.unclaimedAnswers.length > 0) {
    out.raw(',"unclaimedAnswers":')
    writeList(r.unclaimedAnswers, writeAnswer, out)
  }
  if (r.registeredAt !== null) put(out, ',"registeredAt":', r.registeredAt)
  if (r.paymentNotice !== null) {
    out.raw(',"paymentNotice":')
    writeNotice(r.paymentNotice, out)
  }
  if (r.payment !== null) {
    out.raw(',"payment":')
    writePayment(r.payment, out)
  }
  if (r.paidAt !== null) put(out, ',"paidAt":', r.paidAt)
  if (r.writeOff !== null) {
    out.raw(',"writeOff":')
    writeWriteOff(r.writeOff, out)
  }
  if (r.anomalies.length > 0) put(out, ',"anomalies":', r.anomalies)
  put(out, ',"version":', r.version)
  if (r.lastEventAt !== null) put(out, ',"lastEventAt":', r.lastEventAt)
  if (r.duplicates !== 0) put(out, ',"duplicates":', r.duplicates)
  if (r.outOfOrder !== 0) put(out, ',"outOfOrder":', r.outOfOrder)
  if (r.probablyMissing.length > 0) put(out, ',"probablyMissing":', r.probablyMissing)
  if (r.error !== undefined) put(out, ',"error":', r.error)
  out.raw('}')
}

/** Pure. `writeCompactSlip` as a string. */
export const compactSlipJson = (r: SlipReport): string => {
  const out = new JsonText()
  writeCompactSlip(r, out)
  return out.text
}
