/**
 * The one context update of the lifecycle machine, `applyEvent`, as a pure function. The machine runs it as
 * its `apply` action and the fast fold calls it directly, so both compute the same context by construction.
 */
import type { Anomaly } from '../domain/anomaly.js'
import type { BankSlipEvent, InstructionRequestedEvent, WebhookEvent } from '../domain/events.js'
import { REJECTED_BY, SETTLED_BY } from '../domain/instructions.js'
import { type BankSlipStatus, isUnknownValue, type OccurrenceType, rawOf } from '../domain/vocabulary.js'
import type { LifecycleContext, PendingInstruction, ProtestPhase, SettledInstruction } from './state.js'

/**
 * - `valid`: a transition of domain.md §2.1.
 * - `fallback`: not a valid transition (or an event the machine cannot place); recorded as an anomaly and,
 *   when the event reports a known status, that status is adopted (lenient reading).
 * - `absorbed`: the boleto is final; the event is recorded as an anomaly and changes nothing else.
 */
export type ApplyOutcome = 'valid' | 'fallback' | 'absorbed'

export interface ApplyParams {
  readonly from: BankSlipStatus
  readonly to: BankSlipStatus
  readonly outcome: ApplyOutcome
}

export const initialContext: LifecycleContext = {
  bankSlipKey: null,
  reportedStatus: null,
  issuance: null,
  amountCents: null,
  dueDate: null,
  rebate: 'none',
  rebateAmountCents: null,
  fineData: null,
  interestData: null,
  discountsData: null,
  termChanges: {},
  protest: 'none',
  pending: [],
  settled: [],
  rejectedOccurrences: [],
  registeredAt: null,
  paymentNotice: null,
  payment: null,
  paidAt: null,
  writeOff: null,
  anomalies: [],
  version: 0,
  lastEventAt: null,
}

const PROTEST_PHASE: Partial<Record<OccurrenceType, ProtestPhase>> = {
  protest_request: 'requested',
  bankruptcy_protest_request: 'bankruptcy_requested',
  notary_office_entry: 'at_notary_office',
  protest_cancel_request: 'cancelled',
  notary_office_exit: 'left_notary_office',
  protest_write_off: 'protested',
  protest_remove_request: 'removed',
}

const eventTime = (event: BankSlipEvent): string | null =>
  event.kind === 'webhook' ? event.webhookDatetime : event.requestedAt

const anomalyFor = (
  event: WebhookEvent,
  kind: Anomaly['kind'],
  message: string,
  extra?: Partial<Anomaly>,
): Anomaly => ({
  kind,
  bankSlipKey: event.bankSlipKey,
  occurrenceKey: event.occurrenceKey,
  occurrenceType: event.occurrenceType === null ? null : rawOf(event.occurrenceType),
  at: event.webhookDatetime,
  message,
  ...extra,
})

/** Pure. The anomalies an event carries by itself, before any transition. */
const intrinsicAnomalies = (event: WebhookEvent): Anomaly[] => {
  const found: Anomaly[] = []
  if (isUnknownValue(event.bankSlipStatus))
    found.push(
      anomalyFor(
        event,
        'unknown_status',
        `unknown bank_slip_status ${JSON.stringify(event.bankSlipStatus.raw)}`,
        {
          actual: rawOf(event.bankSlipStatus),
        },
      ),
    )
  for (const issue of event.issues ?? []) {
    if (issue.kind === 'money_precision')
      found.push(anomalyFor(event, 'money_precision', `${issue.path}: ${issue.message}`))
    else if (issue.kind === 'invalid_datetime')
      found.push(anomalyFor(event, 'invalid_datetime', `${issue.path}: ${issue.message}`))
    else if (issue.kind === 'unknown_value' && issue.path.startsWith('data.payment_'))
      found.push(anomalyFor(event, 'unknown_value', `${issue.path}: ${issue.message}`))
  }
  return found
}

/** Pure. Why the machine could not place an event. */
const fallbackAnomaly = (event: WebhookEvent, from: BankSlipStatus, absorbed: boolean): Anomaly => {
  if (rawOf(event.webhookType) === 'bank_slip.status_change')
    return anomalyFor(event, 'legacy_type', 'legacy bank_slip.status_change payload: stored, status adopted')
  if (isUnknownValue(event.webhookType))
    return anomalyFor(event, 'unknown_type', `unknown webhook_type ${JSON.stringify(event.webhookType.raw)}`)
  if (event.occurrenceType === null || isUnknownValue(event.occurrenceType))
    return anomalyFor(
      event,
      'unknown_type',
      `unknown occurrence_type ${JSON.stringify(event.occurrenceType === null ? null : event.occurrenceType.raw)}`,
    )
  if (typeof event.occurrenceStatus !== 'string')
    return anomalyFor(
      event,
      'unknown_status',
      `unknown occurrence_status ${JSON.stringify(event.occurrenceStatus === null ? null : event.occurrenceStatus.raw)}`,
    )
  return anomalyFor(
    event,
    'invalid_transition',
    `${rawOf(event.occurrenceType)} (${event.occurrenceStatus}) is not a transition from ${from}${absorbed ? ' (final)' : ''}`,
    { expected: from, actual: rawOf(event.bankSlipStatus) },
  )
}

/** Pure. Index of the pending instruction this occurrence answers: by QI's occurrence_key, then by type. */
const matchPending = (
  pending: readonly PendingInstruction[],
  event: WebhookEvent,
  table: Readonly<Record<string, readonly OccurrenceType[]>>,
): number => {
  if (event.occurrenceKey !== null) {
    const byKey = pending.findIndex((p) => p.occurrenceKey === event.occurrenceKey)
    if (byKey >= 0) return byKey
  }
  const type = event.occurrenceType
  if (typeof type !== 'string') return -1
  return pending.findIndex((p) => p.occurrenceKey === null && table[p.instruction]?.includes(type) === true)
}

const settle = (
  ctx: LifecycleContext,
  index: number,
  outcome: 'confirmed' | 'rejected',
  event: WebhookEvent,
): LifecycleContext => {
  const instruction = ctx.pending[index]!
  const settledOne: SettledInstruction = {
    ...instruction,
    outcome,
    settledBy: {
      occurrenceKey: event.occurrenceKey,
      occurrenceType: rawOf(event.occurrenceType),
      at: event.webhookDatetime,
    },
  }
  return {
    ...ctx,
    pending: ctx.pending.filter((_, i) => i !== index),
    settled: [...ctx.settled, settledOne],
  }
}

/** Pure. What a confirmed instruction changes in the terms we know. */
const applyConfirmedInstruction = (
  ctx: LifecycleContext,
  instruction: PendingInstruction,
): LifecycleContext => {
  const p = instruction.params
  switch (p.type) {
    case 'rebate':
      return { ...ctx, rebateAmountCents: p.rebateAmountCents }
    case 'extension':
      return { ...ctx, dueDate: p.newDueDate }
    case 'fine_change':
      return { ...ctx, fineData: p.fineData }
    case 'interest_change':
      return { ...ctx, interestData: p.interestData }
    case 'discount_change':
      return { ...ctx, discountsData: p.discountsData }
    case 'amount_change':
      return { ...ctx, amountCents: p.amountCents }
    default:
      return ctx
  }
}

/** Pure. The effects of a confirmed occurrence on the context. */
const occurrenceEffects = (
  ctx: LifecycleContext,
  type: OccurrenceType,
  event: WebhookEvent,
): LifecycleContext => {
  const at = event.webhookDatetime
  const protest = PROTEST_PHASE[type]
  if (protest !== undefined) ctx = { ...ctx, protest }
  switch (type) {
    case 'registration':
      return { ...ctx, registeredAt: ctx.registeredAt ?? at }
    case 'rebate':
    case 'cancel_rebate':
    case 'extension':
    case 'discount':
    case 'fine':
    case 'interest': {
      const termChanges = { ...ctx.termChanges, [type]: (ctx.termChanges[type] ?? 0) + 1 }
      if (type === 'rebate') return { ...ctx, termChanges, rebate: 'active' }
      if (type === 'cancel_rebate') return { ...ctx, termChanges, rebate: 'none', rebateAmountCents: null }
      return { ...ctx, termChanges }
    }
    case 'write_off':
    case 'protest_write_off':
    case 'payment_write_off':
      return { ...ctx, writeOff: { reason: type, occurrenceKey: event.occurrenceKey, at } }
    case 'payment_notice':
    case 'notary_office_payment_notice':
      return {
        ...ctx,
        paymentNotice: {
          notaryOffice: type === 'notary_office_payment_notice',
          occurrenceKey: event.occurrenceKey,
          at,
        },
      }
    case 'payment':
      return { ...ctx, payment: event.payment, paidAt: at }
    default:
      return ctx
  }
}

const webhookEffects = (ctx: LifecycleContext, event: WebhookEvent): LifecycleContext => {
  const type = event.occurrenceType
  if (typeof type !== 'string') return ctx
  if (event.occurrenceStatus === 'rejected') {
    const index = matchPending(ctx.pending, event, REJECTED_BY)
    if (index >= 0) return settle(ctx, index, 'rejected', event)
    return {
      ...ctx,
      rejectedOccurrences: [
        ...ctx.rejectedOccurrences,
        { occurrenceKey: event.occurrenceKey, occurrenceType: type, at: event.webhookDatetime },
      ],
    }
  }
  if (event.occurrenceStatus !== 'confirmed') return ctx
  const index = matchPending(ctx.pending, event, SETTLED_BY)
  if (index >= 0) ctx = settle(applyConfirmedInstruction(ctx, ctx.pending[index]!), index, 'confirmed', event)
  return occurrenceEffects(ctx, type, event)
}

const requestEffects = (
  ctx: LifecycleContext,
  event: Exclude<BankSlipEvent, WebhookEvent>,
): LifecycleContext => {
  if (event.kind === 'issuance_requested') {
    const { request } = event
    return {
      ...ctx,
      issuance: request,
      amountCents: request.amountCents,
      dueDate: request.dueDate,
      rebateAmountCents: request.terms.rebate_amount ? Math.round(request.terms.rebate_amount * 100) : null,
      fineData: request.terms.fine_data ?? null,
      interestData: request.terms.interest_data ?? null,
      discountsData: request.terms.discounts_data ?? null,
    }
  }
  return { ...ctx, pending: [...ctx.pending, pendingOf(event)] }
}

const pendingOf = (event: InstructionRequestedEvent): PendingInstruction => ({
  requestKey: event.requestKey,
  instruction: event.instruction,
  params: event.params,
  occurrenceKey: event.occurrenceKey,
  requestedAt: event.requestedAt,
})

/**
 * Pure. The context after `event`, taken as `params.outcome` from `params.from` to `params.to`. Valid
 * transitions report a disagreement with QI's reported status (`status_mismatch`); fallbacks report why the
 * event did not fit; absorbed events only leave an anomaly.
 */
export const applyEvent = <C extends LifecycleContext>(
  ctx: C,
  event: BankSlipEvent,
  params: ApplyParams,
): C => {
  let next: LifecycleContext = {
    ...ctx,
    bankSlipKey: ctx.bankSlipKey ?? event.bankSlipKey,
    version: ctx.version + 1,
    lastEventAt: eventTime(event) ?? ctx.lastEventAt,
  }
  if (event.kind !== 'webhook') {
    if (params.outcome !== 'valid') {
      const what = event.kind === 'issuance_requested' ? 'issuance' : `instruction ${event.instruction}`
      const anomaly: Anomaly = {
        kind: 'invalid_transition',
        bankSlipKey: event.bankSlipKey,
        at: event.requestedAt,
        message: `${what} requested while ${params.from}`,
        expected: params.from,
      }
      next = { ...next, anomalies: [...next.anomalies, anomaly] }
    }
    return (params.outcome === 'absorbed' ? next : requestEffects(next, event)) as C
  }

  const found = intrinsicAnomalies(event)
  if (event.bankSlipStatus !== null) next = { ...next, reportedStatus: rawOf(event.bankSlipStatus) }
  if (params.outcome !== 'valid')
    found.push(fallbackAnomaly(event, params.from, params.outcome === 'absorbed'))
  else if (typeof event.bankSlipStatus === 'string' && event.bankSlipStatus !== params.to)
    found.push(
      anomalyFor(event, 'status_mismatch', `derived ${params.to}, QI reports ${event.bankSlipStatus}`, {
        expected: params.to,
        actual: event.bankSlipStatus,
      }),
    )
  if (found.length > 0) next = { ...next, anomalies: [...next.anomalies, ...found] }
  if (params.outcome === 'absorbed') return next as C
  return webhookEffects(next, event) as C
}
