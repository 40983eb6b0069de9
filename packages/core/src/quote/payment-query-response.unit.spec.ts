import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { SEED_PAYMENT_QUERY_BODY } from '../testing/seeds.js'
import { QuoteError } from './errors.js'
import type { PaymentQueryInput, PaymentQueryLine, PaymentQueryResponse } from './payment-query-response.js'
import {
  PAYMENT_QUERY_RESPONSE_FIELDS,
  toPaymentQueryResponse,
  toPaymentQueryResponseE,
} from './payment-query-response.js'

/** The 200 body of seeds/digitable-line-query.zh.txt, verbatim. */
const seed = JSON.parse(SEED_PAYMENT_QUERY_BODY) as PaymentQueryResponse

const exampleLine: PaymentQueryLine = {
  kind: 'bank',
  barcode: '31893833500000835480005050500512130021164946',
  digitableLine: '31890005025050051213700211649462383350000083548',
  amountCents: 83_548,
  dueDate: '2020-08-02',
  bankCode: '318',
}

const workedExample: PaymentQueryInput = {
  line: exampleLine,
  paymentDate: '2020-08-05',
  today: '2020-08-05',
  ours: {
    nominalAmountCents: 83_548,
    dueDate: '2020-08-02',
    terms: { fine_data: { fine_type: 'percentage', fine_percentage: 2 }, max_payment_days: 6 },
    beneficiary: {
      name: 'Sport Club Corinthians Paulista',
      document_number: '61902722000126',
      person_type: 'legal',
    },
    payer: { name: 'LUCIANO RENATO MOREIRA', document_number: '15676407883', person_type: 'natural' },
    guarantor: null,
  },
}

describe("toPaymentQueryResponse: QI's worked example", () => {
  const response = toPaymentQueryResponse(workedExample)

  it.each(Object.keys(seed))('%s matches the seed', (field) => {
    expect(response[field as keyof PaymentQueryResponse]).toStrictEqual(
      seed[field as keyof PaymentQueryResponse],
    )
  })

  it('has exactly the seed fields, in the seed order, and serialises to the same JSON', () => {
    expect(Object.keys(response)).toEqual(Object.keys(seed))
    expect(Object.keys(response)).toEqual([...PAYMENT_QUERY_RESPONSE_FIELDS])
    expect(JSON.stringify(response)).toBe(JSON.stringify(seed))
  })

  it('is the same through the Either shape', () => {
    expect(toPaymentQueryResponseE(workedExample)).toEqual(E.right(response))
  })
})

describe('toPaymentQueryResponse: other cases', () => {
  it('a slip that is not ours: the line alone, no charges, not calculated internally', () => {
    const response = toPaymentQueryResponse({
      line: exampleLine,
      paymentDate: '2020-08-05',
      today: '2020-08-10',
    })
    expect(response).toMatchObject({
      beneficiary_bank_code: '318',
      beneficiary_document_number: null,
      beneficiary_legal_name: null,
      beneficiary_person_type: null,
      calculated_internally: false,
      calculation_model: 1,
      expiration_date: '2020-08-02',
      factual_expiration_date: '2020-08-03',
      expired_as_of_payment_date: true,
      expired_as_of_today: true,
      fine_amount: '0',
      interest_amount: '0',
      discount_amount: '0',
      rebate_amount: '0.0',
      nominal_amount: '835.48',
      total_amount: '835.48',
      max_payment_date: null,
      payer_document_number: null,
      payer_legal_name: null,
      payer_person_type: null,
      guarantor_document: null,
      guarantor_name: null,
      valid_payment_time_frame: true,
    })
    expect(Object.keys(response)).toEqual([...PAYMENT_QUERY_RESPONSE_FIELDS])
  })

  it('derives the bank code from the barcode, and reports a given calculation model', () => {
    const { bankCode: _, ...line } = exampleLine
    const response = toPaymentQueryResponse({
      line,
      paymentDate: '2020-08-03',
      today: '2020-08-01',
      calculationModel: 2,
    })
    expect(response).toMatchObject({
      beneficiary_bank_code: '318',
      calculation_model: 2,
      expired_as_of_payment_date: false,
      expired_as_of_today: false,
    })
  })

  it('a convênio line without due date or amount', () => {
    const response = toPaymentQueryResponse({
      line: {
        kind: 'convenio',
        barcode: '83800000000235700481000724134521911200147422',
        digitableLine: '838000000009235700481007241345219112001474229880',
        amountCents: null,
        dueDate: null,
      },
      paymentDate: '2024-06-10',
      today: '2024-06-10',
    })
    expect(response).toMatchObject({
      beneficiary_bank_code: null,
      expiration_date: null,
      factual_expiration_date: null,
      expired_as_of_payment_date: false,
      expired_as_of_today: false,
      nominal_amount: '0.0',
      total_amount: '0',
      max_payment_date: null,
      valid_payment_time_frame: true,
    })
  })

  it('ours with every charge: the registry wins over the line, money in both styles', () => {
    const response = toPaymentQueryResponse({
      line: { ...exampleLine, amountCents: 1, dueDate: '2020-01-01' },
      paymentDate: '2024-06-12',
      today: '2024-06-10',
      ours: {
        nominalAmountCents: 85_000,
        dueDate: '2024-06-10',
        terms: {
          rebate_amount: 8.5,
          fine_data: { fine_type: 'absolute', fine_amount: 16.7 },
          interest_data: { interest_type: 'calendar_days_daily_amount', interest_amount: 0.5 },
          max_payment_days: 1,
        },
        guarantor: { name: 'Avalista SA', document_number: '12345678000199' },
      },
    })
    expect(response).toMatchObject({
      expiration_date: '2024-06-10',
      nominal_amount: '850.0',
      rebate_amount: '8.5',
      fine_amount: '16.70',
      interest_amount: '1.00',
      total_amount: '859.20',
      max_payment_date: '2024-06-11',
      valid_payment_time_frame: false,
      expired_as_of_today: false,
      guarantor_document: '12345678000199',
      guarantor_name: 'Avalista SA',
      beneficiary_legal_name: null,
      calculated_internally: true,
    })
  })

  it.each<[string, Partial<PaymentQueryInput>, string, string]>([
    ['bad barcode', { line: { ...exampleLine, barcode: '123' } }, 'invalid_line', 'line.barcode'],
    [
      'bad line length',
      { line: { ...exampleLine, digitableLine: `${exampleLine.digitableLine}0` } },
      'invalid_line',
      'line.digitableLine',
    ],
    ['bad kind', { line: { ...exampleLine, kind: 'pix' as never } }, 'invalid_line', 'line.kind'],
    [
      'bad line due date',
      { line: { ...exampleLine, dueDate: '2020-02-31' } },
      'invalid_date',
      'line.dueDate',
    ],
    ['bad today', { today: 'today' }, 'invalid_date', 'today'],
    ['bad payment date', { paymentDate: '2020/08/05' }, 'invalid_date', 'paymentDate'],
    ['bad model', { calculationModel: 4 as never }, 'invalid_value', 'calculationModel'],
    [
      'bad terms of ours',
      { ours: { nominalAmountCents: 1, dueDate: '2020-08-02', terms: { fine_data: { fine_type: 'x' } } } },
      'unknown_fine_type',
      'ours.terms.fine_data.fine_type',
    ],
    ['bad holidays', { holidays: ['x'] }, 'invalid_date', 'holidays[0]'],
  ])('%s → QuoteError', (_, patch, code, field) => {
    const input = { ...workedExample, ...patch }
    const result = toPaymentQueryResponseE(input)
    expect(E.isLeft(result) && result.left).toMatchObject({ code, field })
    expect(() => toPaymentQueryResponse(input)).toThrow(QuoteError)
  })
})
