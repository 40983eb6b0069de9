/**
 * `GET /bank_slip/payment?digitable_line=...&payment_date=...`, answered as QI answers it
 * (seeds/digitable-line-query.zh.txt): the same fields in the same order, money as strings, QI's error
 * codes in QI's envelope.
 *
 * Rules, in order: missing → BLP000012; anything but digits → BLP000141 (QI's endpoint rejects the dots and
 * spaces `decode` would accept); not 47 or 48 digits → BLP000142; a configured override (QI's sandbox
 * answers IPP000014 for one valid line) → that code; a line that does not decode → IPP000014; a convênio
 * segment not accepted → IPP000022. Then, when the line is one of our boletos (line index, line-index.ts),
 * its registered amount, due date, terms and parties are used; otherwise the answer comes from the line
 * alone (no terms: no charges).
 */

import { decode, QI_ERRORS, type QiErrorCode, qiErrorFor } from '@boleto/barcode'
import { type BankSlipState, type IssuanceTerms, type OurSlip, toPaymentQueryResponseE } from '@boleto/core'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { BoletoContext } from './context.js'
import { envelope, HttpError } from './errors.js'
import { findByBarcode } from './line-index.js'
import { routeSchema } from './openapi.js'
import { storeCall } from './store-call.js'

const DATE = /^\d{4}-\d{2}-\d{2}$/

const qiError = (reply: FastifyReply, code: QiErrorCode): FastifyReply => {
  const e = QI_ERRORS[code]
  return reply.code(e.http_status).send({ ...e, extra_fields: {} })
}

/** Pure. The terms in force: the issuance's, with the confirmed changes the fold tracked. */
export const termsInForce = (state: BankSlipState): IssuanceTerms => {
  const terms = state.issuance?.terms ?? {}
  return {
    ...terms,
    ...(state.fineData != null ? { fine_data: state.fineData } : {}),
    ...(state.interestData != null ? { interest_data: state.interestData } : {}),
    ...(state.discountsData != null ? { discounts_data: state.discountsData } : {}),
    ...(state.rebate === 'active' && state.rebateAmountCents != null
      ? { rebate_amount: state.rebateAmountCents / 100 }
      : {}),
  }
}

/** Pure. */
export const ourSlip = (state: BankSlipState, ctx: Pick<BoletoContext, 'paymentQuery'>): OurSlip | null => {
  const issuance = state.issuance
  if (issuance == null) return null
  return {
    nominalAmountCents: state.amountCents ?? issuance.amountCents,
    dueDate: state.dueDate ?? issuance.dueDate,
    terms: termsInForce(state),
    beneficiary: ctx.paymentQuery.beneficiary ?? null,
    payer: issuance.payer ?? null,
    guarantor: issuance.guarantor ?? null,
  }
}

export const registerPaymentQuery = (app: FastifyInstance, ctx: BoletoContext): void => {
  const overrides: Readonly<Record<string, QiErrorCode>> = {
    '858500000037350000643217212883260006147448091022': 'IPP000014',
    ...ctx.paymentQuery.lineOverrides,
  }
  const segments = ctx.paymentQuery.acceptedConvenioSegments

  app.get<{ Querystring: { digitable_line?: string; payment_date?: string } }>(
    '/bank_slip/payment',
    {
      schema: routeSchema({
        summary: 'Payment query by digitable line (QI Tech compatible)',
        tags: ['payment'],
        querystring: {
          type: 'object',
          properties: {
            digitable_line: { type: 'string', description: '47 (bank) or 48 (convênio) digits' },
            payment_date: { type: 'string', description: "'YYYY-MM-DD'; default today in Brazil" },
          },
        },
      }),
      config: {
        openapi: {
          'x-qi-error-codes': Object.keys(QI_ERRORS),
          responses: {
            200: { description: "QI's payment-query body (money as strings)" },
            400: { $ref: '#/components/responses/Error' },
            422: { $ref: '#/components/responses/Error' },
          },
        },
      },
    },
    async (req, reply) => {
      const line = req.query.digitable_line
      if (line === undefined || line === '') return qiError(reply, 'BLP000012')
      if (!/^\d+$/.test(line)) return qiError(reply, 'BLP000141')
      if (line.length !== 47 && line.length !== 48) return qiError(reply, 'BLP000142')
      const override = overrides[line]
      if (override !== undefined) return qiError(reply, override)
      const today = ctx.today()
      const paymentDate = req.query.payment_date ?? today
      if (!DATE.test(paymentDate))
        throw new HttpError(
          envelope('API000400', { field: 'payment_date' }, "payment_date must be 'YYYY-MM-DD'."),
        )
      const decoded = decode(line, { referenceDate: today })
      const error = qiErrorFor(decoded)
      if (error !== null || !decoded.valid)
        return reply.code(error?.http_status ?? 422).send(error ?? QI_ERRORS.IPP000014)
      if (decoded.kind === 'convenio' && segments !== undefined && !segments.includes(decoded.segment))
        return qiError(reply, 'IPP000022')

      const found = await storeCall(ctx, 'getEvent', () =>
        findByBarcode(ctx.store, decoded.barcode, {
          amountCents: decoded.amountCents,
          dueDate: decoded.dueDate,
        }),
      )
      const result = toPaymentQueryResponseE({
        line: {
          kind: decoded.kind,
          barcode: decoded.barcode,
          digitableLine: decoded.digitableLine,
          amountCents: decoded.amountCents,
          dueDate: decoded.dueDate,
          ...(decoded.kind === 'bank' ? { bankCode: decoded.bankCode } : {}),
        },
        paymentDate,
        today,
        ours: found === null ? null : ourSlip(found.state, ctx),
        holidays: ctx.paymentQuery.holidays ?? null,
      })
      if (result._tag === 'Left') {
        const e = result.left
        if (e.field === 'paymentDate')
          throw new HttpError(envelope('API000400', { field: 'payment_date' }, e.message))
        req.log.error({ err: e }, 'payment query: the registered data cannot be quoted')
        throw new HttpError(envelope('API000500', { field: e.field, code: e.code }, e.message))
      }
      return result.right
    },
  )
}
