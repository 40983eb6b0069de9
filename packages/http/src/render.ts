/**
 * The wire form of the core's state and events: snake_case, money as reais decimal strings ("850.00"),
 * tolerant values as QI spelled them. Integer centavos stay inside; this is the HTTP edge.
 */
import {
  type BankSlipRow,
  type BankSlipState,
  formatCents,
  type InstructionParams,
  type PendingInstruction,
  probablyMissing,
  rawOf,
  type SettledInstruction,
  type StoredEvent,
  type Tolerant,
} from '@boleto/core'

/** Pure. */
export const reais = (cents: number | null | undefined): string | null =>
  typeof cents === 'number' && Number.isFinite(cents) ? formatCents(cents) : null

const tol = (v: Tolerant<string> | null | undefined): string | null => (v == null ? null : rawOf(v))

/** Pure. Instruction parameters with money in reais. */
export const renderParams = (params: InstructionParams): Record<string, unknown> => {
  switch (params.type) {
    case 'rebate':
      return { type: params.type, rebate_amount: reais(params.rebateAmountCents) }
    case 'amount_change':
      return { type: params.type, amount: reais(params.amountCents) }
    case 'extension':
      return { type: params.type, new_due_date: params.newDueDate }
    case 'fine_change':
      return { type: params.type, fine_data: params.fineData }
    case 'interest_change':
      return { type: params.type, interest_data: params.interestData }
    case 'discount_change':
      return { type: params.type, discounts_data: params.discountsData }
    default:
      return { type: params.type }
  }
}

const renderPending = (p: PendingInstruction): Record<string, unknown> => ({
  request_key: p.requestKey,
  instruction: p.instruction,
  params: renderParams(p.params),
  occurrence_key: p.occurrenceKey,
  requested_at: p.requestedAt,
})

const renderSettled = (s: SettledInstruction): Record<string, unknown> => ({
  ...renderPending(s),
  outcome: s.outcome,
  settled_by: {
    occurrence_key: s.settledBy.occurrenceKey,
    occurrence_type: s.settledBy.occurrenceType,
    at: s.settledBy.at,
  },
})

/** Pure. The derived state of one boleto, from its projection row. */
export const renderBankSlip = (row: BankSlipRow): Record<string, unknown> => {
  const s = row.state as BankSlipState
  const anomalies = s.anomalies ?? []
  const payment = s.payment
  const issuance = s.issuance
  return {
    bank_slip_key: row.bankSlipKey,
    status: row.status,
    reported_status: row.reportedStatus,
    version: row.version,
    updated_at: row.updatedAt,
    amount: reais(s.amountCents),
    due_date: s.dueDate ?? null,
    rebate: { state: s.rebate ?? 'none', amount: reais(s.rebateAmountCents) },
    protest: s.protest ?? 'none',
    registered_at: s.registeredAt ?? null,
    paid_at: s.paidAt ?? null,
    payment:
      payment == null
        ? null
        : {
            paid_amount: reais(payment.paidAmountCents),
            paid_rebate_amount: reais(payment.paidRebateAmountCents),
            paid_discount_amount: reais(payment.paidDiscountAmountCents),
            paid_fine_amount: reais(payment.paidFineAmountCents),
            paid_interest_amount: reais(payment.paidInterestAmountCents),
            payment_method: tol(payment.paymentMethod),
            payment_origin: tol(payment.paymentOrigin),
            payment_credit_date: payment.paymentCreditDate,
          },
    payment_notice:
      s.paymentNotice == null
        ? null
        : {
            notary_office: s.paymentNotice.notaryOffice,
            occurrence_key: s.paymentNotice.occurrenceKey,
            at: s.paymentNotice.at,
          },
    write_off:
      s.writeOff == null
        ? null
        : { reason: s.writeOff.reason, occurrence_key: s.writeOff.occurrenceKey, at: s.writeOff.at },
    fine_data: s.fineData ?? null,
    interest_data: s.interestData ?? null,
    discounts_data: s.discountsData ?? null,
    term_changes: s.termChanges ?? {},
    pending_instructions: (s.pending ?? []).map(renderPending),
    settled_instructions: (s.settled ?? []).map(renderSettled),
    rejected_occurrences: (s.rejectedOccurrences ?? []).map((r) => ({
      occurrence_key: r.occurrenceKey,
      occurrence_type: r.occurrenceType,
      at: r.at,
    })),
    anomaly_count: row.anomalyCount,
    anomalies,
    probably_missing: probablyMissing(
      anomalies,
      s.status ?? (row.status as BankSlipState['status']),
      row.reportedStatus,
    ).map((m) => ({ occurrence_type: m.occurrenceType, reason: m.reason })),
    delivery: s.delivery ?? { duplicates: 0, outOfOrder: 0 },
    issuance:
      issuance == null
        ? null
        : {
            amount: reais(issuance.amountCents),
            due_date: issuance.dueDate,
            terms: issuance.terms,
            payer: issuance.payer ?? null,
            guarantor: issuance.guarantor ?? null,
            reference: issuance.reference ?? null,
          },
  }
}

/** Pure. A projection row as a list item. */
export const renderSummary = (row: BankSlipRow): Record<string, unknown> => ({
  bank_slip_key: row.bankSlipKey,
  status: row.status,
  reported_status: row.reportedStatus,
  version: row.version,
  anomaly_count: row.anomalyCount,
  updated_at: row.updatedAt,
})

/** Pure. A stored event as stored (webhook data is QI's body verbatim). */
export const renderEvent = (e: StoredEvent): Record<string, unknown> => ({
  id: e.id,
  type: e.type,
  stream_version: e.streamVersion,
  position: e.position,
  recorded_at: e.recordedAt,
  data: e.data,
  metadata: e.metadata,
})
