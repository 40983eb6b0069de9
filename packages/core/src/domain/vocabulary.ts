/**
 * The words of QI Tech's boleto API (domain.md §1.1–1.3), as closed unions plus a tolerant wrapper:
 * QI may add values at any time, so every enum read off the wire is `Known | UnknownValue`.
 */
import { canonicalJson } from './canonical-json.js'

export const BANK_SLIP_STATUSES = [
  'accepted',
  'registered',
  'rejected',
  'payment_notice',
  'notary_office_payment_notice',
  'paid',
  'written_off',
  'payment_blocked',
] as const
export type BankSlipStatus = (typeof BANK_SLIP_STATUSES)[number]

export const OCCURRENCE_TYPES = [
  'registration',
  'rebate',
  'cancel_rebate',
  'extension',
  'discount',
  'fine',
  'interest',
  'write_off',
  'protest_write_off',
  'payment_write_off',
  'protest_request',
  'bankruptcy_protest_request',
  'notary_office_entry',
  'protest_cancel_request',
  'protest_remove_request',
  'notary_office_exit',
  'payment_notice',
  'notary_office_payment_notice',
  'payment',
] as const
export type OccurrenceType = (typeof OCCURRENCE_TYPES)[number]

export const OCCURRENCE_STATUSES = ['confirmed', 'rejected'] as const
export type OccurrenceStatus = (typeof OCCURRENCE_STATUSES)[number]

export const WEBHOOK_TYPES = [
  'baas.bank_slip.occurrence',
  'baas.bank_slip.payment_notice',
  'baas.bank_slip.notary_office_payment_notice',
  'baas.bank_slip.payment',
] as const
export type WebhookType = (typeof WEBHOOK_TYPES)[number]
export const LEGACY_WEBHOOK_TYPE = 'bank_slip.status_change' as const
export type LegacyWebhookType = typeof LEGACY_WEBHOOK_TYPE

export const PAYMENT_METHODS = ['cash', 'account_debit', 'credit_card', 'check'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

/** QI's spellings kept as sent (`phisical_cashier`, `eletronic_file`). */
export const PAYMENT_ORIGINS = [
  'phisical_cashier',
  'taa',
  'internet',
  'corban',
  'call_center',
  'eletronic_file',
  'dda',
  'digital_correspondent',
  'qr_code',
] as const
export type PaymentOrigin = (typeof PAYMENT_ORIGINS)[number]

/** A value QI sent that this version does not know. Kept verbatim, never rejected. */
export interface UnknownValue {
  readonly _tag: 'Unknown'
  readonly raw: unknown
}
export type Tolerant<T extends string> = T | UnknownValue

/** Pure. */
export const isUnknownValue = (value: unknown): value is UnknownValue =>
  typeof value === 'object' && value !== null && (value as UnknownValue)._tag === 'Unknown'

/** Pure. The wire spelling of a tolerant value (for ids, logs and reports). */
export const rawOf = (value: Tolerant<string> | null | undefined): string =>
  value == null ? '' : typeof value === 'string' ? value : rawText(value.raw)

/** Strings as they are; anything else as canonical JSON (an object's own `toString` is never called). */
const rawText = (raw: unknown): string => (typeof raw === 'string' ? raw : canonicalJson(raw))

/** Pure. Lookup sets built once; `has` on a Set of literals is the cheapest membership test here. */
const statusSet: ReadonlySet<string> = new Set(BANK_SLIP_STATUSES)
const occurrenceTypeSet: ReadonlySet<string> = new Set(OCCURRENCE_TYPES)
export const isBankSlipStatus = (value: unknown): value is BankSlipStatus =>
  typeof value === 'string' && statusSet.has(value)
export const isOccurrenceType = (value: unknown): value is OccurrenceType =>
  typeof value === 'string' && occurrenceTypeSet.has(value)

/** Final statuses: nothing moves a boleto out of them (domain.md §2.1). */
export const FINAL_STATUSES: readonly BankSlipStatus[] = ['paid', 'rejected']
