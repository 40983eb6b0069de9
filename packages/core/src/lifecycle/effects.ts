/**
 * The one context update of the lifecycle machine, `applyEvent`, as a pure function. The machine runs it as
 * its `apply` action and the fast fold calls it directly, so both compute the same context by construction.
 */
import type { Anomaly } from '../domain/anomaly.js'
import type { BankSlipEvent, InstructionRequestedEvent, WebhookEvent } from '../domain/events.js'
import { type InstructionType, REJECTED_BY, SETTLED_BY } from '../domain/instructions.js'
import {
  type BankSlipStatus,
  isUnknownValue,
  type OccurrenceType,
  rawOf,
  type Tolerant,
} from '../domain/vocabulary.js'
import { reaisToCents } from '../webhook/money.js'
import type { LifecycleContext, PendingInstruction, ProtestPhase } from './state.js'

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
  unclaimedAnswers: [],
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
    else if (issue.kind === 'unexpected_type')
      found.push(anomalyFor(event, 'invalid_value', `${issue.path}: ${issue.message}`))
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
    `${rawOf(event.occurrenceType)} (${event.occurrenceStatus}) is not a transition from ${from}${absorbed ? ' (absorbing state)' : ''}`,
    { expected: from, actual: rawOf(event.bankSlipStatus) },
  )
}

/** Pure. Index of the pending instruction this occurrence answers: by QI's occurrence_key, then by type. */
const matchPending = (
  pending: readonly PendingInstruction[],
  event: WebhookEvent,
  table: Readonly<Record<string, readonly OccurrenceType[]>>,
): number => {
  const type = event.occurrenceType
  if (typeof type !== 'string') return -1
  if (event.occurrenceKey !== null) {
    const byKey = pending.findIndex(
      (p) => p.occurrenceKey === event.occurrenceKey && answers(table, p.instruction, type),
    )
    if (byKey >= 0) return byKey
  }
  return pending.findIndex((p) => p.occurrenceKey === null && table[p.instruction]?.includes(type) === true)
}

/**
 * Whether an occurrence of `type` can answer `instruction`. An amount change has no documented occurrence
 * type, so through its `occurrence_key` any type answers it.
 */
const answers = (
  table: Readonly<Record<string, readonly OccurrenceType[]>>,
  instruction: InstructionType,
  type: OccurrenceType,
): boolean => {
  const types = table[instruction] ?? []
  return types.length === 0 || types.includes(type)
}

/** Occurrence types that answer some instruction: worth remembering when they arrive before the request. */
const ANSWERING_TYPES: ReadonlySet<string> = new Set(
  [...Object.values(SETTLED_BY), ...Object.values(REJECTED_BY)].flat(),
)

/** The context under construction: a fresh copy owned by `applyEventInto`, so writing to it is safe. */
type Draft = { -readonly [K in keyof LifecycleContext]: LifecycleContext[K] }

const settle = (
  ctx: Draft,
  index: number,
  outcome: 'confirmed' | 'rejected',
  by: {
    readonly occurrenceKey: string | null
    readonly occurrenceType: Tolerant<OccurrenceType> | null
    readonly webhookDatetime: string | null
  },
): void => {
  const instruction = ctx.pending[index]!
  ctx.pending = ctx.pending.filter((_, i) => i !== index)
  ctx.settled = [
    ...ctx.settled,
    {
      ...instruction,
      outcome,
      settledBy: {
        occurrenceKey: by.occurrenceKey,
        occurrenceType: rawOf(by.occurrenceType),
        at: by.webhookDatetime,
      },
    },
  ]
}

/** What a confirmed instruction changes in the terms we know. */
const applyConfirmedInstruction = (ctx: Draft, instruction: PendingInstruction): void => {
  const p = instruction.params
  switch (p.type) {
    case 'rebate':
      ctx.rebateAmountCents = p.rebateAmountCents
      return
    case 'extension':
      ctx.dueDate = p.newDueDate
      return
    case 'fine_change':
      ctx.fineData = p.fineData
      return
    case 'interest_change':
      ctx.interestData = p.interestData
      return
    case 'discount_change':
      ctx.discountsData = p.discountsData
      return
    case 'amount_change':
      ctx.amountCents = p.amountCents
      return
    default:
      return
  }
}

/** The effects of a confirmed occurrence on the context. */
const occurrenceEffects = (ctx: Draft, type: OccurrenceType, event: WebhookEvent): void => {
  const at = event.webhookDatetime
  const protest = PROTEST_PHASE[type]
  if (protest !== undefined) ctx.protest = protest
  switch (type) {
    case 'registration':
      ctx.registeredAt = ctx.registeredAt ?? at
      return
    case 'rebate':
    case 'cancel_rebate':
    case 'extension':
    case 'discount':
    case 'fine':
    case 'interest':
      ctx.termChanges = { ...ctx.termChanges, [type]: (ctx.termChanges[type] ?? 0) + 1 }
      if (type === 'rebate') ctx.rebate = 'active'
      else if (type === 'cancel_rebate') {
        ctx.rebate = 'none'
        ctx.rebateAmountCents = null
      }
      return
    case 'write_off':
    case 'protest_write_off':
    case 'payment_write_off':
      ctx.writeOff = { reason: type, occurrenceKey: event.occurrenceKey, at }
      return
    case 'payment_notice':
    case 'notary_office_payment_notice':
      ctx.paymentNotice = {
        notaryOffice: type === 'notary_office_payment_notice',
        occurrenceKey: event.occurrenceKey,
        at,
      }
      return
    case 'payment':
      ctx.payment = event.payment
      ctx.paidAt = at
      return
    default:
      return
  }
}

const webhookEffects = (ctx: Draft, event: WebhookEvent): void => {
  const type = event.occurrenceType
  if (typeof type !== 'string') return
  const outcome = event.occurrenceStatus
  if (outcome !== 'confirmed' && outcome !== 'rejected') return
  const index =
    ctx.pending.length === 0
      ? -1
      : matchPending(ctx.pending, event, outcome === 'rejected' ? REJECTED_BY : SETTLED_BY)
  if (index >= 0) {
    if (outcome === 'confirmed') applyConfirmedInstruction(ctx, ctx.pending[index]!)
    settle(ctx, index, outcome, event)
  } else if (event.occurrenceKey !== null && ANSWERING_TYPES.has(type))
    // The answer may be dated before our request (clock skew, or a request recorded after QI's 202):
    // remembered so the request can claim it by QI's occurrence_key.
    ctx.unclaimedAnswers = [
      ...ctx.unclaimedAnswers,
      { occurrenceKey: event.occurrenceKey, occurrenceType: type, outcome, at: event.webhookDatetime },
    ]
  if (outcome === 'rejected') {
    if (index < 0)
      ctx.rejectedOccurrences = [
        ...ctx.rejectedOccurrences,
        { occurrenceKey: event.occurrenceKey, occurrenceType: type, at: event.webhookDatetime },
      ]
    return
  }
  occurrenceEffects(ctx, type, event)
}

const requestEffects = (ctx: Draft, event: Exclude<BankSlipEvent, WebhookEvent>): void => {
  if (event.kind === 'issuance_requested') {
    const { request } = event
    const rebate =
      request.terms.rebate_amount === undefined ? null : reaisToCents(request.terms.rebate_amount)
    ctx.issuance = request
    ctx.amountCents = request.amountCents
    ctx.dueDate = request.dueDate
    ctx.rebateAmountCents = rebate?.ok === true && rebate.cents > 0 ? rebate.cents : null
    // A rebate registered with the boleto is active from the start: a new one needs a cancel first.
    if (ctx.rebateAmountCents !== null) ctx.rebate = 'active'
    ctx.fineData = request.terms.fine_data ?? null
    ctx.interestData = request.terms.interest_data ?? null
    ctx.discountsData = request.terms.discounts_data ?? null
    return
  }
  ctx.pending = [...ctx.pending, pendingOf(event)]
  if (event.occurrenceKey === null || ctx.unclaimedAnswers.length === 0) return
  const claimed = ctx.unclaimedAnswers.findIndex(
    (a) =>
      a.occurrenceKey === event.occurrenceKey &&
      answers(a.outcome === 'rejected' ? REJECTED_BY : SETTLED_BY, event.instruction, a.occurrenceType),
  )
  if (claimed < 0) return
  const answer = ctx.unclaimedAnswers[claimed]!
  ctx.unclaimedAnswers = ctx.unclaimedAnswers.filter((_, i) => i !== claimed)
  const index = ctx.pending.length - 1
  if (answer.outcome === 'confirmed') applyConfirmedInstruction(ctx, ctx.pending[index]!)
  settle(ctx, index, answer.outcome, {
    occurrenceKey: answer.occurrenceKey,
    occurrenceType: answer.occurrenceType,
    webhookDatetime: answer.at,
  })
}

const pendingOf = (event: InstructionRequestedEvent): PendingInstruction => ({
  requestKey: event.requestKey,
  instruction: event.instruction,
  params: event.params,
  occurrenceKey: event.occurrenceKey,
  requestedAt: event.requestedAt,
})

const requestAnomaly = (event: Exclude<BankSlipEvent, WebhookEvent>, from: BankSlipStatus): Anomaly => ({
  kind: 'invalid_transition',
  bankSlipKey: event.bankSlipKey,
  at: event.requestedAt,
  message: `${event.kind === 'issuance_requested' ? 'issuance' : `instruction ${event.instruction}`} requested while ${from}`,
  expected: from,
})

/**
 * Writes the effects of `event`, taken as `params.outcome` from `params.from` to `params.to`, into `draft`,
 * a fresh copy the caller owns (the fold's hot path copies each state once, this way). Valid transitions
 * report a disagreement with QI's reported status (`status_mismatch`); fallbacks report why the event did
 * not fit; absorbed events only leave an anomaly.
 */
export const applyEventInto = (draft: Draft, event: BankSlipEvent, params: ApplyParams): void => {
  draft.bankSlipKey = draft.bankSlipKey ?? event.bankSlipKey
  draft.version += 1
  if (event.kind !== 'webhook') {
    draft.lastEventAt = event.requestedAt
    if (params.outcome !== 'valid') draft.anomalies = [...draft.anomalies, requestAnomaly(event, params.from)]
    if (params.outcome !== 'absorbed') requestEffects(draft, event)
    return
  }
  if (event.webhookDatetime !== null) draft.lastEventAt = event.webhookDatetime
  if (event.bankSlipStatus !== null) draft.reportedStatus = rawOf(event.bankSlipStatus)
  // Most events carry nothing odd: skip building the anomaly list for them.
  const odd = event.issues !== null || typeof event.bankSlipStatus === 'object'
  const mismatch =
    params.outcome === 'valid' &&
    typeof event.bankSlipStatus === 'string' &&
    event.bankSlipStatus !== params.to
  if (odd || mismatch || params.outcome !== 'valid') {
    const found = odd ? intrinsicAnomalies(event) : []
    if (params.outcome !== 'valid')
      found.push(fallbackAnomaly(event, params.from, params.outcome === 'absorbed'))
    else if (mismatch)
      found.push(
        anomalyFor(
          event,
          'status_mismatch',
          `derived ${params.to}, QI reports ${rawOf(event.bankSlipStatus)}`,
          {
            expected: params.to,
            actual: rawOf(event.bankSlipStatus),
          },
        ),
      )
    if (found.length > 0) draft.anomalies = [...draft.anomalies, ...found]
  }
  if (params.outcome !== 'absorbed') webhookEffects(draft, event)
}

/** Pure. The context after `event` (see `applyEventInto`); the XState machine's `apply` action. */
export const applyEvent = <C extends LifecycleContext>(
  ctx: C,
  event: BankSlipEvent,
  params: ApplyParams,
): C => {
  const draft = { ...ctx }
  applyEventInto(draft as Draft, event, params)
  return draft
}
