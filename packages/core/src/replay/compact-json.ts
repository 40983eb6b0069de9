/**
 * A boleto's compact report (compact.ts) written straight to JSON text, for reports of millions of
 * boletos: `JSON.stringify(compactSlipReport(report))` builds an object of a different shape per boleto and
 * pays the serialiser's fixed cost for it and again for every nested value; this writes the fields the
 * fold produces by hand and hands only the rare ones (terms, instructions, anomalies) to `JSON.stringify`.
 *
 * The nested objects the fold builds (payment, payment notice, write-off, answers, rejections) are written
 * in their canonical field order, the order the fold and the decoder create them in; for every report the
 * fold produces the text is byte for byte `JSON.stringify(compactSlipReport(report))` (property test).
 */
import type { PaymentDetails } from '../domain/events.js'
import type { PaymentNotice, RejectedOccurrence, UnclaimedAnswer, WriteOff } from '../lifecycle/state.js'
import type { SlipReport } from './replay.js'

/** Pure. `JSON.stringify(text)`, without the call for text with nothing to escape (keys, dates, codes). */
export const jsonString = (text: string): string => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // Quote, backslash, control characters, and anything past ASCII (lone surrogates are escaped).
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return JSON.stringify(text)
  }
  return `"${text}"`
}

/** Pure. A JSON value as `JSON.stringify` writes it inside an object or array (never `undefined`). */
const json = (value: unknown): string => {
  if (typeof value === 'string') return jsonString(value)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null'
  if (value === null) return 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return JSON.stringify(value) ?? 'null'
}

const paymentJson = (p: PaymentDetails): string =>
  `{"paidAmountCents":${json(p.paidAmountCents)},"paidRebateAmountCents":${json(p.paidRebateAmountCents)},"paidDiscountAmountCents":${json(p.paidDiscountAmountCents)},"paidFineAmountCents":${json(p.paidFineAmountCents)},"paidInterestAmountCents":${json(p.paidInterestAmountCents)},"paymentMethod":${json(p.paymentMethod)},"paymentOrigin":${json(p.paymentOrigin)},"paymentCreditDate":${json(p.paymentCreditDate)}}`

const noticeJson = (n: PaymentNotice): string =>
  `{"notaryOffice":${json(n.notaryOffice)},"occurrenceKey":${json(n.occurrenceKey)},"at":${json(n.at)}}`

const writeOffJson = (w: WriteOff): string =>
  `{"reason":${json(w.reason)},"occurrenceKey":${json(w.occurrenceKey)},"at":${json(w.at)}}`

const answerJson = (a: UnclaimedAnswer): string =>
  `{"occurrenceKey":${json(a.occurrenceKey)},"occurrenceType":${json(a.occurrenceType)},"outcome":${json(a.outcome)},"at":${json(a.at)}}`

const rejectionJson = (r: RejectedOccurrence): string =>
  `{"occurrenceKey":${json(r.occurrenceKey)},"occurrenceType":${json(r.occurrenceType)},"at":${json(r.at)}}`

const listJson = <T>(items: readonly T[], item: (value: T) => string): string => {
  let out = ''
  for (let i = 0; i < items.length; i++) out += (i === 0 ? '' : ',') + item(items[i]!)
  return `[${out}]`
}

/** Pure. Whether a map (`termChanges`) has no keys. */
const isEmptyMap = (value: object): boolean => {
  for (const _ in value) return false
  return true
}

/**
 * Pure. The compact report's JSON (see the module comment): the fields at their initial value left out,
 * the others in the report's field order.
 */
export const compactSlipJson = (r: SlipReport): string => {
  let out = `{"bankSlipKey":${json(r.bankSlipKey)},"status":${json(r.status)}`
  if (r.reportedStatus !== null) out += `,"reportedStatus":${json(r.reportedStatus)}`
  if (r.issuance !== null) out += `,"issuance":${json(r.issuance)}`
  if (r.amountCents !== null) out += `,"amountCents":${json(r.amountCents)}`
  if (r.dueDate !== null) out += `,"dueDate":${json(r.dueDate)}`
  if (r.rebate !== 'none') out += `,"rebate":${json(r.rebate)}`
  if (r.rebateAmountCents !== null) out += `,"rebateAmountCents":${json(r.rebateAmountCents)}`
  if (r.fineData !== null) out += `,"fineData":${json(r.fineData)}`
  if (r.interestData !== null) out += `,"interestData":${json(r.interestData)}`
  if (r.discountsData !== null) out += `,"discountsData":${json(r.discountsData)}`
  if (!isEmptyMap(r.termChanges)) out += `,"termChanges":${json(r.termChanges)}`
  if (r.protest !== 'none') out += `,"protest":${json(r.protest)}`
  if (r.pending.length > 0) out += `,"pending":${json(r.pending)}`
  if (r.settled.length > 0) out += `,"settled":${json(r.settled)}`
  if (r.rejectedOccurrences.length > 0)
    out += `,"rejectedOccurrences":${listJson(r.rejectedOccurrences, rejectionJson)}`
  if (r.unclaimedAnswers.length > 0) out += `,"unclaimedAnswers":${listJson(r.unclaimedAnswers, answerJson)}`
  if (r.registeredAt !== null) out += `,"registeredAt":${json(r.registeredAt)}`
  if (r.paymentNotice !== null) out += `,"paymentNotice":${noticeJson(r.paymentNotice)}`
  if (r.payment !== null) out += `,"payment":${paymentJson(r.payment)}`
  if (r.paidAt !== null) out += `,"paidAt":${json(r.paidAt)}`
  if (r.writeOff !== null) out += `,"writeOff":${writeOffJson(r.writeOff)}`
  if (r.anomalies.length > 0) out += `,"anomalies":${json(r.anomalies)}`
  out += `,"version":${json(r.version)}`
  if (r.lastEventAt !== null) out += `,"lastEventAt":${json(r.lastEventAt)}`
  if (r.duplicates !== 0) out += `,"duplicates":${json(r.duplicates)}`
  if (r.outOfOrder !== 0) out += `,"outOfOrder":${json(r.outOfOrder)}`
  if (r.probablyMissing.length > 0) out += `,"probablyMissing":${json(r.probablyMissing)}`
  if (r.error !== undefined) out += `,"error":${json(r.error)}`
  return `${out}}`
}
