/**
 * The lifecycle machine's configuration (machine.ts gives it to XState): every status of domain.md §1.2 is a
 * state, every transition of §2.1 an event. Besides the valid transitions, each state says what happens to
 * everything else:
 * - the other states fall back leniently (`*`): record the anomaly, adopt QI's reported status if it is one;
 * - `paid`, `rejected` (final) and `written_off` (accepts only `protest_remove_request`) absorb (`*`): record
 *   the anomaly and QI's reported status, change nothing else;
 * - a rejected occurrence never moves the status: it settles the instruction it answers.
 *
 * Plain data, apart from XState: the fast fold (fold/step.ts) compiles its transition table from it at load
 * time without loading XState (every replay worker thread starts with it), and a test holds that table equal
 * to the one compiled from the machine's own state nodes (fold/compile.ts).
 */
import { BANK_SLIP_STATUSES, type BankSlipStatus } from '../domain/vocabulary.js'
import { type ApplyOutcome, type ApplyParams, initialContext } from './effects.js'
import type { ReportedIsParams } from './guards.js'

const apply = (from: BankSlipStatus, to: BankSlipStatus, outcome: ApplyOutcome) => ({
  type: 'apply' as const,
  params: { from, to, outcome } satisfies ApplyParams,
})

/** A valid transition to another status. */
const go = (from: BankSlipStatus, to: BankSlipStatus) => ({ target: to, actions: apply(from, to, 'valid') })
/** A valid event that keeps the status (terms change, protest-flow step, instruction bookkeeping). */
const stay = (from: BankSlipStatus) => ({ actions: apply(from, from, 'valid') })

/** Lenient fallback: adopt the reported status when it is a known one. */
const lenient = (from: BankSlipStatus) => [
  ...BANK_SLIP_STATUSES.map((status) => ({
    guard: { type: 'reportedIs' as const, params: { status } satisfies ReportedIsParams },
    ...(status === from ? {} : { target: status }),
    actions: apply(from, status, 'fallback'),
  })),
  { actions: apply(from, from, 'fallback') },
]
const absorb = (from: BankSlipStatus) => ({ actions: apply(from, from, 'absorbed') })

const TERMS_CHANGES = ['rebate', 'cancel_rebate', 'extension', 'discount', 'fine', 'interest'] as const
const termsChanges = (from: BankSlipStatus) =>
  Object.fromEntries(TERMS_CHANGES.map((type) => [type, stay(from)]))

/** Pure in effect: `value` and everything in it, frozen (the configuration is compiled once, when loaded). */
const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

/** Frozen: the fold's table is compiled from it once, so a change after load would split the two. */
export const lifecycleConfig = deepFreeze({
  id: 'bankSlip',
  initial: 'accepted',
  context: initialContext,
  states: {
    accepted: {
      description: 'Issuance accepted by QI and sent to the central registry; not yet registered.',
      on: {
        issuance_requested: stay('accepted'),
        registration: go('accepted', 'registered'),
        registration_rejected: go('accepted', 'rejected'),
        occurrence_rejected: stay('accepted'),
        '*': lenient('accepted'),
      },
    },
    registered: {
      description: 'Registered and payable.',
      on: {
        ...termsChanges('registered'),
        instruction_requested: stay('registered'),
        protest_request: go('registered', 'payment_blocked'),
        bankruptcy_protest_request: go('registered', 'payment_blocked'),
        write_off: go('registered', 'written_off'),
        payment_write_off: go('registered', 'written_off'),
        payment_notice: go('registered', 'payment_notice'),
        payment: go('registered', 'paid'),
        occurrence_rejected: stay('registered'),
        '*': lenient('registered'),
      },
    },
    payment_blocked: {
      description: 'Payment blocked by the protest flow.',
      on: {
        ...termsChanges('payment_blocked'),
        instruction_requested: stay('payment_blocked'),
        notary_office_entry: stay('payment_blocked'),
        protest_cancel_request: go('payment_blocked', 'registered'),
        notary_office_exit: go('payment_blocked', 'registered'),
        write_off: go('payment_blocked', 'written_off'),
        protest_write_off: go('payment_blocked', 'written_off'),
        notary_office_payment_notice: go('payment_blocked', 'notary_office_payment_notice'),
        occurrence_rejected: stay('payment_blocked'),
        '*': lenient('payment_blocked'),
      },
    },
    payment_notice: {
      description: 'Paid, not yet settled.',
      on: {
        payment: go('payment_notice', 'paid'),
        payment_write_off: go('payment_notice', 'written_off'),
        occurrence_rejected: stay('payment_notice'),
        '*': lenient('payment_notice'),
      },
    },
    notary_office_payment_notice: {
      description: 'Paid at the notary office, not yet settled.',
      on: {
        payment: go('notary_office_payment_notice', 'paid'),
        payment_write_off: go('notary_office_payment_notice', 'written_off'),
        occurrence_rejected: stay('notary_office_payment_notice'),
        '*': lenient('notary_office_payment_notice'),
      },
    },
    written_off: {
      description: 'Written off: can no longer be paid, no settlement.',
      on: {
        protest_remove_request: stay('written_off'),
        occurrence_rejected: stay('written_off'),
        // domain.md §2.1: written off accepts only protest_remove_request; it can no longer be paid.
        '*': absorb('written_off'),
      },
    },
    paid: {
      description: 'Paid and financially settled. Final.',
      tags: ['final'],
      on: { occurrence_rejected: stay('paid'), '*': absorb('paid') },
    },
    rejected: {
      description: 'Issuance rejected by validation. Final.',
      tags: ['final'],
      on: { occurrence_rejected: stay('rejected'), '*': absorb('rejected') },
    },
  },
})
