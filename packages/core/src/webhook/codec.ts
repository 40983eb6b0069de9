/**
 * io-ts view of the decoder: `WebhookCodec.decode(body)` gives `Either<t.Errors, WebhookEvent>` whose
 * errors carry the JSON path in their context, and `encode` writes QI's wire shape back (money in reais),
 * so `decode(encode(x))` round-trips.
 */
import * as t from 'io-ts'
import type { PaymentDetails, WebhookEvent } from '../domain/events.js'
import { LEGACY_WEBHOOK_TYPE, rawOf, type Tolerant } from '../domain/vocabulary.js'
import { decodeWebhook } from './decode.js'
import { centsToReais } from './money.js'

const wire = (value: Tolerant<string> | null): unknown =>
  value === null ? undefined : typeof value === 'string' ? value : value.raw

const moneyOut = (cents: number | null): number | undefined =>
  cents === null ? undefined : centsToReais(cents)

const encodePayment = (p: PaymentDetails): Record<string, unknown> => ({
  paid_amount: moneyOut(p.paidAmountCents),
  paid_rebate_amount: moneyOut(p.paidRebateAmountCents),
  paid_discount_amount: moneyOut(p.paidDiscountAmountCents),
  paid_fine_amount: moneyOut(p.paidFineAmountCents),
  paid_interest_amount: moneyOut(p.paidInterestAmountCents),
  payment_method: wire(p.paymentMethod),
  payment_origin: wire(p.paymentOrigin),
  payment_credit_date: p.paymentCreditDate ?? undefined,
})

/** Drops undefined members so the encoded body is what QI would have sent. */
const compact = (o: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(o))
    if (o[k] !== undefined) Object.defineProperty(out, k, { value: o[k], enumerable: true, writable: true })
  return out
}

/** Pure. QI's wire JSON for a decoded webhook (unknown fields restored at their paths). */
export const encodeWebhook = (w: WebhookEvent): Record<string, unknown> => {
  const legacy = rawOf(w.webhookType) === LEGACY_WEBHOOK_TYPE
  const data = compact({
    bank_slip_key: legacy ? undefined : w.bankSlipKey,
    bank_slip_status: legacy ? undefined : wire(w.bankSlipStatus),
    occurrence_key: w.occurrenceKey ?? undefined,
    occurrence_type: wire(w.occurrenceType),
    [legacy ? 'occurrence_feedback' : 'occurrence_status']: wire(w.occurrenceStatus),
    ...(w.payment ? encodePayment(w.payment) : {}),
  })
  const body = compact(
    legacy
      ? {
          webhook_type: wire(w.webhookType),
          key: w.bankSlipKey,
          status: wire(w.bankSlipStatus),
          event_datetime: w.webhookDatetime ?? undefined,
          data,
        }
      : { webhook_type: wire(w.webhookType), webhook_datetime: w.webhookDatetime ?? undefined, data },
  )
  for (const [path, value] of Object.entries(w.unknownFields ?? {})) {
    const target = path.startsWith('data.') ? data : body
    Object.defineProperty(target, path.startsWith('data.') ? path.slice(5) : path, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return body
}

const isWebhookEvent = (u: unknown): u is WebhookEvent =>
  typeof u === 'object' && u !== null && (u as WebhookEvent).kind === 'webhook'

export const WebhookCodec: t.Type<WebhookEvent, Record<string, unknown>, unknown> = new t.Type(
  'QiBankSlipWebhook',
  isWebhookEvent,
  (input, context) => {
    const result = decodeWebhook(input)
    if (result.ok) return t.success(result.value)
    const path = result.error.path === '' ? [] : result.error.path.split('.')
    const errorContext: t.Context = [
      ...context,
      ...path.map((key) => ({ key, type: t.unknown, actual: undefined as unknown })),
    ]
    return t.failure(
      result.error.actual,
      errorContext,
      `${result.error.path || 'body'}: ${result.error.message}`,
    )
  },
  encodeWebhook,
)
