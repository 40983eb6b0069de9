/**
 * The events the lifecycle folds. Webhooks are facts reported by QI; the two `*_requested` events are facts
 * of our own side (the command side's output). All are plain JSON-serialisable data.
 */

import type { InstructionParams, InstructionType } from './instructions.js'
import type { IssuanceRequest } from './terms.js'
import type {
  BankSlipStatus,
  LegacyWebhookType,
  OccurrenceStatus,
  OccurrenceType,
  PaymentMethod,
  PaymentOrigin,
  Tolerant,
  WebhookType,
} from './vocabulary.js'

/** A non-fatal finding while decoding: the webhook is still used. */
export interface DecodeIssue {
  readonly kind: 'unknown_value' | 'money_precision' | 'invalid_datetime' | 'unexpected_type'
  /** JSON path of the field, e.g. `data.payment_origin`. */
  readonly path: string
  readonly message: string
  readonly actual?: unknown
}

/** Money fields of `baas.bank_slip.payment`, in centavos. null when absent. */
export interface PaymentDetails {
  readonly paidAmountCents: number | null
  readonly paidRebateAmountCents: number | null
  readonly paidDiscountAmountCents: number | null
  readonly paidFineAmountCents: number | null
  readonly paidInterestAmountCents: number | null
  readonly paymentMethod: Tolerant<PaymentMethod> | null
  readonly paymentOrigin: Tolerant<PaymentOrigin> | null
  /** 'YYYY-MM-DD' */
  readonly paymentCreditDate: string | null
}

/** One QI webhook, decoded tolerantly. */
export interface WebhookEvent {
  readonly kind: 'webhook'
  readonly webhookType: Tolerant<WebhookType | LegacyWebhookType>
  /** `webhook_datetime` as sent (`event_datetime` in the legacy shape). */
  readonly webhookDatetime: string | null
  /**
   * `webhookDatetime` in epoch milliseconds, the primary ordering key. A missing or unparseable datetime
   * orders last (`Number.MAX_SAFE_INTEGER`), so such events never reorder the ones QI dated.
   */
  readonly at: number
  readonly bankSlipKey: string
  readonly bankSlipStatus: Tolerant<BankSlipStatus> | null
  readonly occurrenceKey: string | null
  readonly occurrenceType: Tolerant<OccurrenceType> | null
  readonly occurrenceStatus: Tolerant<OccurrenceStatus> | null
  readonly payment: PaymentDetails | null
  /**
   * Fields this version does not know, by JSON path (`extra`, `data.new_field`), and known fields whose value
   * had the wrong type, verbatim (`data.paid_amount: "85O.00"`). null when none.
   */
  readonly unknownFields: Readonly<Record<string, unknown>> | null
  readonly issues: readonly DecodeIssue[] | null
}

/** We asked QI to register a boleto (command `request_issuance`). */
export interface IssuanceRequestedEvent {
  readonly kind: 'issuance_requested'
  readonly bankSlipKey: string
  /** ISO-8601 time of the request. */
  readonly requestedAt: string
  readonly at: number
  readonly request: IssuanceRequest
}

/** We sent QI an instruction (rebate, extension, protest...). It stays pending until a webhook answers it. */
export interface InstructionRequestedEvent {
  readonly kind: 'instruction_requested'
  readonly bankSlipKey: string
  /** Our id of the request, unique per boleto. */
  readonly requestKey: string
  readonly instruction: InstructionType
  readonly params: InstructionParams
  /** QI's `occurrence_key` from its 202 answer, when known: matched first. */
  readonly occurrenceKey: string | null
  readonly requestedAt: string
  readonly at: number
}

export type BankSlipEvent = WebhookEvent | IssuanceRequestedEvent | InstructionRequestedEvent
