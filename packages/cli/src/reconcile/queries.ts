/**
 * The re-send requests an operator sends QI for a boleto (notification API, domain.md §1.4):
 * `GET /notification/events?origin_key=<bank_slip_key>&event_type=<webhook type>`, one per webhook type
 * that would carry the missing occurrences; without `event_type` when every event is wanted. The API also
 * takes `start_datetime`/`end_datetime` (a window of at most 14 days), left to the operator.
 */

/** Pure. The webhook type QI uses to deliver an occurrence type (domain.md §1.1). */
export const webhookTypeFor = (occurrenceType: string): string => {
  switch (occurrenceType) {
    case 'payment':
      return 'baas.bank_slip.payment'
    case 'payment_notice':
      return 'baas.bank_slip.payment_notice'
    case 'notary_office_payment_notice':
      return 'baas.bank_slip.notary_office_payment_notice'
    default:
      return 'baas.bank_slip.occurrence'
  }
}

/** Pure. One query per webhook type of the missing occurrences; all events when none is known. */
export const resendQueries = (
  bankSlipKey: string,
  missing: ReadonlyArray<{ readonly occurrence_type: string }>,
): string[] => {
  const origin = `/notification/events?origin_key=${encodeURIComponent(bankSlipKey)}`
  if (missing.length === 0) return [origin]
  const types = [...new Set(missing.map((m) => webhookTypeFor(m.occurrence_type)))]
  return types.map((t) => `${origin}&event_type=${encodeURIComponent(t)}`)
}
