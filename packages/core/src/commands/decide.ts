/**
 * The decider's write side: `decide(state, command)` checks QI's instruction preconditions (domain.md §2.1)
 * against the folded state and returns the event to record, or why not. Pure: time comes in the command.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { BankSlipEvent, InstructionRequestedEvent, IssuanceRequestedEvent } from '../domain/events.js'
import type { InstructionParams, InstructionType } from '../domain/instructions.js'
import type { IssuanceRequest } from '../domain/terms.js'
import type { BankSlipState } from '../lifecycle/state.js'
import { parseIsoMicros, UNDATED } from '../webhook/datetime.js'
import type { BankSlipCommand, DomainError, DomainErrorCode, RequestInstruction } from './command.js'

const fail = (code: DomainErrorCode, message: string, field?: string): E.Either<DomainError, never> =>
  E.left({ _tag: 'DomainError', code, message, ...(field === undefined ? {} : { field }) })

const DATE = /^\d{4}-\d{2}-\d{2}$/
const isDate = (s: unknown): s is string =>
  typeof s === 'string' && DATE.test(s) && parseIsoMicros(s) !== null
const isCents = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0

/** Pure. Shape checks of an issuance request (the terms themselves are QI's to validate). */
const validateIssuance = (request: IssuanceRequest): E.Either<DomainError, IssuanceRequest> => {
  if (!isCents(request.amountCents))
    return fail('INVALID_ARGUMENT', 'amountCents must be a positive integer of centavos', 'amountCents')
  if (!isDate(request.dueDate))
    return fail('INVALID_ARGUMENT', "dueDate must be a 'YYYY-MM-DD' date", 'dueDate')
  if (typeof request.terms !== 'object' || request.terms === null)
    return fail('INVALID_ARGUMENT', 'terms must be an object', 'terms')
  return E.right(request)
}

/** Pure. Shape checks of an instruction's parameters. */
const validateParams = (params: InstructionParams): E.Either<DomainError, InstructionParams> => {
  switch (params.type) {
    case 'rebate':
      return isCents(params.rebateAmountCents)
        ? E.right(params)
        : fail('INVALID_ARGUMENT', 'rebateAmountCents must be a positive integer', 'rebateAmountCents')
    case 'amount_change':
      return isCents(params.amountCents)
        ? E.right(params)
        : fail('INVALID_ARGUMENT', 'amountCents must be a positive integer', 'amountCents')
    case 'extension':
      return isDate(params.newDueDate)
        ? E.right(params)
        : fail('INVALID_ARGUMENT', "newDueDate must be a 'YYYY-MM-DD' date", 'newDueDate')
    case 'fine_change':
      return typeof params.fineData === 'object' && params.fineData !== null
        ? E.right(params)
        : fail('INVALID_ARGUMENT', 'fineData is required', 'fineData')
    case 'interest_change':
      return typeof params.interestData === 'object' && params.interestData !== null
        ? E.right(params)
        : fail('INVALID_ARGUMENT', 'interestData is required', 'interestData')
    case 'discount_change':
      return Array.isArray(params.discountsData)
        ? E.right(params)
        : fail('INVALID_ARGUMENT', 'discountsData must be an array', 'discountsData')
    default:
      return E.right(params)
  }
}

/**
 * Instructions of which QI accepts one pending at a time (domain.md §2.1), by group: a protest cancel with
 * write-off ends in a write-off, so it shares the write-off's slot.
 */
const ONE_AT_A_TIME: readonly (readonly InstructionType[])[] = [
  ['extension'],
  ['write_off', 'protest_cancel_and_write_off'],
  ['amount_change'],
]
const PROTEST_INSTRUCTIONS: readonly InstructionType[] = ['protest', 'bankruptcy_protest']
const PROTEST_CANCELS: readonly InstructionType[] = ['protest_cancel', 'protest_cancel_and_write_off']
/** Edits only while `registered`; the protest-flow instructions (and a write-off) while blocked too. */
const ALLOWED_WHILE_BLOCKED: readonly InstructionType[] = [
  'protest_cancel',
  'protest_cancel_and_write_off',
  'write_off',
]

/** Brasília has kept UTC−03:00 all year since 2019 (no daylight saving). */
const BRASILIA_OFFSET_MICROS = 3 * 3600 * 1_000_000

/** Pure. The calendar date in Brasília at `now`, unless the caller says what today is. */
const todayOf = (command: RequestInstruction, micros: number): string =>
  command.today ?? new Date((micros - BRASILIA_OFFSET_MICROS) / 1000).toISOString().slice(0, 10)

/** Pure. The preconditions of one instruction against the current state. */
const checkInstruction = (
  state: BankSlipState,
  command: RequestInstruction,
  micros: number,
): E.Either<DomainError, RequestInstruction> => {
  const { params } = command
  const instruction = params.type
  const pending = state.pending
  if (
    pending.some((p) => p.requestKey === command.requestKey) ||
    state.settled.some((s) => s.requestKey === command.requestKey)
  )
    return fail('DUPLICATE_REQUEST', `request ${command.requestKey} was already recorded`, 'requestKey')
  if (state.status === 'payment_blocked') {
    if (!ALLOWED_WHILE_BLOCKED.includes(instruction))
      return fail(
        'INVALID_STATUS',
        `${instruction} is not allowed while payment_blocked (protest flow)`,
        'status',
      )
  } else if (state.status !== 'registered') {
    return state.status === 'accepted'
      ? fail('NOT_REGISTERED', 'the boleto is not registered yet', 'status')
      : fail('INVALID_STATUS', `${instruction} is not allowed while ${state.status}`, 'status')
  }
  if (PROTEST_CANCELS.includes(instruction) && state.status !== 'payment_blocked')
    return fail('NOT_IN_PROTEST', 'there is no protest to cancel', 'status')
  if (
    instruction === 'rebate' &&
    (state.rebate === 'active' || pending.some((p) => p.instruction === 'rebate'))
  )
    return fail('REBATE_PENDING_OR_ACTIVE', 'a rebate is pending or active: cancel it first', 'rebate')
  if (instruction === 'cancel_rebate' && state.rebate !== 'active')
    return fail('NO_ACTIVE_REBATE', 'there is no active rebate to cancel', 'rebate')
  const slot = ONE_AT_A_TIME.find((group) => group.includes(instruction))
  const busy = pending.find((p) => slot?.includes(p.instruction) === true)
  if (busy !== undefined)
    return fail('INSTRUCTION_PENDING', `a ${busy.instruction} instruction is already pending`, 'pending')
  if (PROTEST_INSTRUCTIONS.includes(instruction)) {
    if (state.protest !== 'none' && state.protest !== 'cancelled' && state.protest !== 'left_notary_office')
      return fail('ALREADY_IN_PROTEST', 'the boleto is already in the protest flow', 'protest')
    if (pending.some((p) => PROTEST_INSTRUCTIONS.includes(p.instruction)))
      return fail('ALREADY_IN_PROTEST', 'a protest request is already pending', 'pending')
    if (state.dueDate === null || todayOf(command, micros) <= state.dueDate)
      return fail(
        'NOT_YET_DUE',
        `a protest is possible only after the due date (${state.dueDate ?? 'unknown'})`,
        'dueDate',
      )
    const address = state.issuance?.payer?.address
    if (address === undefined || address === null || Object.keys(address).length === 0)
      return fail(
        'PAYER_ADDRESS_REQUIRED',
        "a protest needs the payer's address in the issuance request",
        'payer.address',
      )
  }
  return E.right(command)
}

/** Pure. The events a command produces from the current state, or the precondition it breaks. */
export const decide = (
  state: BankSlipState,
  command: BankSlipCommand,
): E.Either<DomainError, BankSlipEvent[]> => {
  if (typeof command.bankSlipKey !== 'string' || command.bankSlipKey.length === 0)
    return fail('INVALID_ARGUMENT', 'bankSlipKey is required', 'bankSlipKey')
  const micros = parseIsoMicros(command.now)
  if (micros === null) return fail('INVALID_ARGUMENT', 'now must be an ISO-8601 date-time', 'now')
  const at = micros ?? UNDATED
  if (command.type === 'request_issuance') {
    if (state.version > 0 || state.issuance !== null)
      return fail(
        'ALREADY_ISSUED',
        'this boleto already has an issuance request or provider events',
        'bankSlipKey',
      )
    return E.map((request: IssuanceRequest): BankSlipEvent[] => {
      const event: IssuanceRequestedEvent = {
        kind: 'issuance_requested',
        bankSlipKey: command.bankSlipKey,
        requestedAt: command.now,
        at,
        request,
      }
      return [event]
    })(validateIssuance(command.request))
  }
  if (typeof command.requestKey !== 'string' || command.requestKey.length === 0)
    return fail('INVALID_ARGUMENT', 'requestKey is required', 'requestKey')
  const checked = E.flatMap(validateParams(command.params), () => checkInstruction(state, command, at))
  return E.map((c: RequestInstruction): BankSlipEvent[] => {
    const event: InstructionRequestedEvent = {
      kind: 'instruction_requested',
      bankSlipKey: c.bankSlipKey,
      requestKey: c.requestKey,
      instruction: c.params.type,
      params: c.params,
      occurrenceKey: c.occurrenceKey ?? null,
      requestedAt: c.now,
      at,
    }
    return [event]
  })(checked)
}
