/**
 * The state of one boleto, as the lifecycle machine's context plus its status, and the bookkeeping the
 * order-independent fold needs (`history`, `delivery`).
 */
import type { Anomaly } from '../domain/anomaly.js'
import type { BankSlipEvent, PaymentDetails } from '../domain/events.js'
import type { InstructionParams, InstructionType } from '../domain/instructions.js'
import type { DiscountData, FineData, InterestData, IssuanceRequest } from '../domain/terms.js'
import type { BankSlipStatus, OccurrenceType } from '../domain/vocabulary.js'

export type RebateState = 'none' | 'active'

/** Where the boleto is in the protest flow. */
export type ProtestPhase =
  | 'none'
  | 'requested'
  | 'bankruptcy_requested'
  | 'at_notary_office'
  | 'cancelled'
  | 'left_notary_office'
  | 'protested'
  | 'removed'

export interface PendingInstruction {
  readonly requestKey: string
  readonly instruction: InstructionType
  readonly params: InstructionParams
  readonly occurrenceKey: string | null
  readonly requestedAt: string
}

export interface SettledInstruction extends PendingInstruction {
  readonly outcome: 'confirmed' | 'rejected'
  readonly settledBy: {
    readonly occurrenceKey: string | null
    readonly occurrenceType: string
    readonly at: string | null
  }
}

export interface PaymentNotice {
  readonly notaryOffice: boolean
  readonly occurrenceKey: string | null
  readonly at: string | null
}

export interface WriteOff {
  readonly reason: 'write_off' | 'protest_write_off' | 'payment_write_off'
  readonly occurrenceKey: string | null
  readonly at: string | null
}

/** A rejected occurrence: QI refused what the occurrence stands for. */
export interface RejectedOccurrence {
  readonly occurrenceKey: string | null
  readonly occurrenceType: string
  readonly at: string | null
}

export interface UnclaimedAnswer {
  readonly occurrenceKey: string
  readonly occurrenceType: OccurrenceType
  readonly outcome: 'confirmed' | 'rejected'
  readonly at: string | null
}

/** Everything the lifecycle knows besides the status (the XState machine's context). */
export interface LifecycleContext {
  readonly bankSlipKey: string | null
  /** The provider's latest `bank_slip_status`, verbatim (unknown values included). */
  readonly reportedStatus: string | null
  /** What we asked QI to register, when we did. */
  readonly issuance: IssuanceRequest | null
  /** Current nominal amount and due date: from the issuance, then from confirmed instructions. */
  readonly amountCents: number | null
  readonly dueDate: string | null
  readonly rebate: RebateState
  readonly rebateAmountCents: number | null
  readonly fineData: FineData | null
  readonly interestData: InterestData | null
  readonly discountsData: readonly DiscountData[] | null
  /** Confirmed occurrences of each terms-changing type. */
  readonly termChanges: Readonly<
    Partial<Record<'rebate' | 'cancel_rebate' | 'extension' | 'discount' | 'fine' | 'interest', number>>
  >
  readonly protest: ProtestPhase
  readonly pending: readonly PendingInstruction[]
  readonly settled: readonly SettledInstruction[]
  readonly rejectedOccurrences: readonly RejectedOccurrence[]
  /**
   * Confirmed or rejected occurrences of instruction-answering types that matched no pending instruction:
   * an instruction recorded later claims its answer through QI's `occurrence_key`.
   */
  readonly unclaimedAnswers: readonly UnclaimedAnswer[]
  readonly registeredAt: string | null
  readonly paymentNotice: PaymentNotice | null
  readonly payment: PaymentDetails | null
  readonly paidAt: string | null
  readonly writeOff: WriteOff | null
  /** History anomalies, in event-time order. */
  readonly anomalies: readonly Anomaly[]
  /** Distinct events applied. */
  readonly version: number
  /** `webhookDatetime` (or request time) of the latest event in event-time order. */
  readonly lastEventAt: string | null
}

/** How this state was delivered: the only part that may differ between arrival orders of one history. */
export interface DeliveryStats {
  /** Copies of an event already folded (same occurrence identity). */
  readonly duplicates: number
  /** Events that arrived after a later-dated one had been folded. */
  readonly outOfOrder: number
}

export interface BankSlipState extends LifecycleContext {
  readonly status: BankSlipStatus
  /** The distinct events folded, in event-time order (the fold re-derives from it on a late arrival). */
  readonly history: readonly BankSlipEvent[]
  readonly delivery: DeliveryStats
}
