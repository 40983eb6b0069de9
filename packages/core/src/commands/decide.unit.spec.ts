import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { BankSlipEvent } from '../domain/events.js'
import type { InstructionParams } from '../domain/instructions.js'
import { evolve, fold, initialState } from '../fold/fold.js'
import { decoded } from '../fold/test-helpers.js'
import type { BankSlipState } from '../lifecycle/state.js'
import type { DomainErrorCode } from './command.js'
import { decide } from './decide.js'

const KEY = 'slip-1'
const now = '2024-03-01T12:00:00Z'
const webhook = (
  type: string,
  status: string,
  time: string,
  occurrenceStatus = 'confirmed',
  occurrenceKey = `${type}-${time}`,
) =>
  decoded({
    webhook_type: 'baas.bank_slip.occurrence',
    webhook_datetime: time,
    data: {
      bank_slip_key: KEY,
      bank_slip_status: status,
      occurrence_key: occurrenceKey,
      occurrence_type: type,
      occurrence_status: occurrenceStatus,
    },
  })

const issued = (
  address: Record<string, unknown> | null = { street: 'Rua A', city: 'São Paulo' },
): BankSlipState => {
  const events = decide(initialState, {
    type: 'request_issuance',
    bankSlipKey: KEY,
    now: '2024-01-01T09:00:00Z',
    request: {
      amountCents: 83548,
      dueDate: '2024-02-01',
      terms: { fine_data: { fine_type: 'percentage', fine_percentage: 2 } },
      payer: { name: 'Fulano', document_number: '15676407883', person_type: 'natural', address },
    },
  })
  if (E.isLeft(events)) throw new Error(events.left.message)
  return [
    ...events.right,
    webhook('registration', 'registered', '2024-01-01T10:00:00Z'),
  ].reduce<BankSlipState>((s, e) => evolve(s, e), initialState)
}

const instruct = (
  state: BankSlipState,
  params: InstructionParams,
  requestKey = `req-${params.type}`,
  today?: string,
) =>
  decide(state, {
    type: 'request_instruction',
    bankSlipKey: KEY,
    requestKey,
    params,
    now,
    ...(today ? { today } : {}),
  })

const apply = (state: BankSlipState, result: E.Either<unknown, BankSlipEvent[]>): BankSlipState => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`)
  return result.right.reduce<BankSlipState>((s, e) => evolve(s, e), state)
}

const expectError = (result: E.Either<{ code: DomainErrorCode }, unknown>, code: DomainErrorCode) => {
  expect(E.isLeft(result) && result.left.code).toBe(code)
}

describe('decide: issuance', () => {
  it('records the terms, amount and due date', () => {
    const state = issued()
    expect(state).toMatchObject({
      status: 'registered',
      amountCents: 83548,
      dueDate: '2024-02-01',
      fineData: { fine_percentage: 2 },
    })
  })
  it('refuses a second issuance of the same boleto', () => {
    expectError(
      decide(issued(), {
        type: 'request_issuance',
        bankSlipKey: KEY,
        now,
        request: { amountCents: 1, dueDate: '2024-02-01', terms: {} },
      }),
      'ALREADY_ISSUED',
    )
  })
  it.each([
    [{ amountCents: 0, dueDate: '2024-02-01', terms: {} }, 'amountCents'],
    [{ amountCents: 10.5, dueDate: '2024-02-01', terms: {} }, 'amountCents'],
    [{ amountCents: 100, dueDate: '01/02/2024', terms: {} }, 'dueDate'],
  ])('validates the request (%j)', (request, field) => {
    const result = decide(initialState, { type: 'request_issuance', bankSlipKey: KEY, now, request })
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'INVALID_ARGUMENT', field })
  })
  it('needs a valid clock', () => {
    expectError(
      decide(initialState, {
        type: 'request_issuance',
        bankSlipKey: KEY,
        now: 'soon',
        request: { amountCents: 1, dueDate: '2024-02-01', terms: {} },
      }),
      'INVALID_ARGUMENT',
    )
  })
})

describe('decide: instruction preconditions (domain.md §2.1)', () => {
  it('needs a registered boleto', () => {
    expectError(instruct(initialState, { type: 'write_off' }), 'NOT_REGISTERED')
    const paid = evolve(issued(), webhook('payment', 'paid', '2024-01-05T00:00:00Z'))
    expectError(instruct(paid, { type: 'write_off' }), 'INVALID_STATUS')
  })

  it('no new rebate while one is pending or active; cancel needs an active one', () => {
    const state = issued()
    expectError(instruct(state, { type: 'cancel_rebate' }), 'NO_ACTIVE_REBATE')
    const pending = apply(state, instruct(state, { type: 'rebate', rebateAmountCents: 1000 }))
    expect(pending.pending).toHaveLength(1)
    expectError(
      instruct(pending, { type: 'rebate', rebateAmountCents: 500 }, 'req-2'),
      'REBATE_PENDING_OR_ACTIVE',
    )
    const active = evolve(pending, webhook('rebate', 'registered', '2024-03-02T00:00:00Z'))
    expect(active).toMatchObject({ rebate: 'active', rebateAmountCents: 1000, pending: [] })
    expect(active.settled).toEqual([
      expect.objectContaining({ requestKey: 'req-rebate', outcome: 'confirmed' }),
    ])
    expectError(
      instruct(active, { type: 'rebate', rebateAmountCents: 500 }, 'req-3'),
      'REBATE_PENDING_OR_ACTIVE',
    )
    const cancelled = apply(active, instruct(active, { type: 'cancel_rebate' }))
    expect(evolve(cancelled, webhook('cancel_rebate', 'registered', '2024-03-03T00:00:00Z')).rebate).toBe(
      'none',
    )
  })

  it('one pending extension (or write-off, or amount change) at a time', () => {
    const state = apply(issued(), instruct(issued(), { type: 'extension', newDueDate: '2024-04-01' }))
    expectError(
      instruct(state, { type: 'extension', newDueDate: '2024-05-01' }, 'req-x'),
      'INSTRUCTION_PENDING',
    )
    const extended = evolve(state, webhook('extension', 'registered', '2024-03-02T00:00:00Z'))
    expect(extended.dueDate).toBe('2024-04-01')
    const amount = apply(issued(), instruct(issued(), { type: 'amount_change', amountCents: 90000 }))
    expectError(instruct(amount, { type: 'amount_change', amountCents: 1 }, 'req-y'), 'INSTRUCTION_PENDING')
  })

  it('a protest only after the due date, only with the payer address, not while in the protest flow', () => {
    expectError(instruct(issued(), { type: 'protest' }, 'p', '2024-02-01'), 'NOT_YET_DUE')
    expectError(instruct(issued(null), { type: 'protest' }, 'p', '2024-02-02'), 'PAYER_ADDRESS_REQUIRED')
    const requested = apply(issued(), instruct(issued(), { type: 'protest' }, 'p', '2024-02-02'))
    expectError(instruct(requested, { type: 'bankruptcy_protest' }, 'q', '2024-02-02'), 'ALREADY_IN_PROTEST')
    const blocked = evolve(requested, webhook('protest_request', 'payment_blocked', '2024-03-02T00:00:00Z'))
    expect(blocked).toMatchObject({ status: 'payment_blocked', protest: 'requested', pending: [] })
    expectError(instruct(blocked, { type: 'rebate', rebateAmountCents: 1 }), 'INVALID_STATUS')
    expectError(instruct(issued(), { type: 'protest_cancel' }), 'NOT_IN_PROTEST')
  })

  it('protest cancel and write-off is settled by the automatic write-off', () => {
    const blocked = evolve(issued(), webhook('protest_request', 'payment_blocked', '2024-02-05T00:00:00Z'))
    const asked = apply(blocked, instruct(blocked, { type: 'protest_cancel_and_write_off' }))
    const cancelled = evolve(asked, webhook('protest_cancel_request', 'registered', '2024-03-02T00:00:00Z'))
    expect(cancelled.pending).toHaveLength(1)
    const writtenOff = evolve(cancelled, webhook('write_off', 'written_off', '2024-03-03T00:00:00Z'))
    expect(writtenOff).toMatchObject({
      status: 'written_off',
      pending: [],
      writeOff: { reason: 'write_off' },
    })
  })

  it('a rejected occurrence rejects the pending instruction, matched by QI occurrence key first', () => {
    const asked = apply(
      issued(),
      decide(issued(), {
        type: 'request_instruction',
        bankSlipKey: KEY,
        requestKey: 'r1',
        params: { type: 'fine_change', fineData: { fine_type: 'absolute', fine_amount: 5 } },
        occurrenceKey: 'qi-occ-1',
        now,
      }),
    )
    const rejected = evolve(
      asked,
      webhook('fine', 'registered', '2024-03-02T00:00:00Z', 'rejected', 'qi-occ-1'),
    )
    expect(rejected).toMatchObject({
      status: 'registered',
      pending: [],
      settled: [expect.objectContaining({ requestKey: 'r1', outcome: 'rejected' })],
    })
    expect(rejected.fineData).toEqual({ fine_type: 'percentage', fine_percentage: 2 })
  })

  it('refuses a request key used before', () => {
    const asked = apply(issued(), instruct(issued(), { type: 'write_off' }, 'same'))
    expectError(
      instruct(asked, { type: 'fine_change', fineData: { fine_type: 'absolute', fine_amount: 1 } }, 'same'),
      'DUPLICATE_REQUEST',
    )
  })

  it('validates parameters', () => {
    expectError(instruct(issued(), { type: 'rebate', rebateAmountCents: -1 }), 'INVALID_ARGUMENT')
    expectError(instruct(issued(), { type: 'extension', newDueDate: 'tomorrow' }), 'INVALID_ARGUMENT')
  })

  it('a requested instruction folds into pending and survives a replay from the log', () => {
    const events: BankSlipEvent[] = []
    const base = issued()
    const result = instruct(base, { type: 'write_off' })
    if (E.isRight(result)) events.push(...result.right)
    expect(fold([...base.history, ...events]).pending).toEqual([
      expect.objectContaining({ instruction: 'write_off', requestKey: 'req-write_off' }),
    ])
  })
})

describe('review regressions: commands', () => {
  it('a rebate registered with the boleto is active', () => {
    const withRebate = decide(initialState, {
      type: 'request_issuance',
      bankSlipKey: KEY,
      now,
      request: { amountCents: 10000, dueDate: '2024-04-01', terms: { rebate_amount: 1.005 } },
    })
    const state = apply(initialState, withRebate)
    expect(state).toMatchObject({ rebate: 'active', rebateAmountCents: 101 })
    expectError(instruct(state, { type: 'rebate', rebateAmountCents: 5 }), 'NOT_REGISTERED')
    const registered = evolve(state, webhook('registration', 'registered', '2024-03-01T13:00:00Z'))
    expectError(instruct(registered, { type: 'rebate', rebateAmountCents: 5 }), 'REBATE_PENDING_OR_ACTIVE')
    expect(E.isRight(instruct(registered, { type: 'cancel_rebate' }))).toBe(true)
  })

  it('an occurrence_key match must fit the instruction type', () => {
    const asked = apply(
      issued(),
      decide(issued(), {
        type: 'request_instruction',
        bankSlipKey: KEY,
        requestKey: 'x',
        params: { type: 'extension', newDueDate: '2024-03-01' },
        occurrenceKey: 'Q',
        now,
      }),
    )
    const after = evolve(
      asked,
      webhook('payment_notice', 'payment_notice', '2024-03-02T00:00:00Z', 'confirmed', 'Q'),
    )
    expect(after.pending).toHaveLength(1)
    expect(after.dueDate).toBe('2024-02-01')
  })

  it('an answer dated before the request is claimed through QI’s occurrence_key', () => {
    const answered = evolve(
      issued(),
      webhook('extension', 'registered', '2024-03-01T10:00:00.800Z', 'confirmed', 'K'),
    )
    const asked = apply(
      answered,
      decide(answered, {
        type: 'request_instruction',
        bankSlipKey: KEY,
        requestKey: 'late',
        params: { type: 'extension', newDueDate: '2024-05-01' },
        occurrenceKey: 'K',
        now: '2024-03-01T10:00:00.900Z',
      }),
    )
    expect(asked).toMatchObject({ pending: [], dueDate: '2024-05-01', unclaimedAnswers: [] })
    expect(asked.settled).toEqual([expect.objectContaining({ requestKey: 'late', outcome: 'confirmed' })])
    expect(historyPartOf(fold(asked.history))).toEqual(historyPartOf(asked))
  })

  it('a write-off and a protest cancel with write-off share one slot', () => {
    const blocked = evolve(issued(), webhook('protest_request', 'payment_blocked', '2024-02-05T00:00:00Z'))
    const asked = apply(blocked, instruct(blocked, { type: 'write_off' }))
    expectError(instruct(asked, { type: 'protest_cancel_and_write_off' }), 'INSTRUCTION_PENDING')
  })

  it('“today” defaults to the date in Brasília', () => {
    const late = (iso: string) =>
      decide(issued(), {
        type: 'request_instruction',
        bankSlipKey: KEY,
        requestKey: 'p',
        params: { type: 'protest' },
        now: iso,
      })
    expectError(late('2024-02-02T01:00:00+05:00'), 'NOT_YET_DUE') // 2024-02-01 17:00 in Brasília
    expectError(late('2024-02-02T02:59:00Z'), 'NOT_YET_DUE') // 2024-02-01 23:59 in Brasília
    expect(E.isRight(late('2024-02-02T03:00:00Z'))).toBe(true)
  })
})

const historyPartOf = (state: BankSlipState) => {
  const { delivery: _d, ...rest } = state
  return rest
}
