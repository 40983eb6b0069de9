/**
 * The body of QI's `GET /bank_slip/payment?digitable_line=...` (seeds/digitable-line-query.zh.txt), built from
 * a decoded line plus, when the slip is one of ours, its registered data. Fields come in the seed's order and
 * money is written as QI writes it (see `PAYMENT_QUERY_MONEY_FORMATS` and docs/payment-quotes.md).
 */

import * as E from 'fp-ts/lib/Either.js'
import type { IssuanceTerms } from '../domain/terms.js'
import { localHolidaysOf } from './calendar.js'
import type { IsoDate } from './dates.js'
import { parseIsoDate } from './dates.js'
import { QuoteError } from './errors.js'
import type { MoneyFormat } from './money.js'
import { formatReais } from './money.js'
import type { PaymentQuote } from './quote.js'
import { quotePayment } from './quote.js'

/**
 * A decoded digitable line, structurally: what the barcode package produces, declared here so that core does
 * not depend on it. `amountCents` null or 0 = open amount; `dueDate` null = no due date (factor 0000, or a
 * convênio line without one).
 */
export interface PaymentQueryLine {
  readonly kind: 'bank' | 'convenio'
  /** 44 digits */
  readonly barcode: string
  /** 47 digits (bank) or 48 digits (convênio), no punctuation */
  readonly digitableLine: string
  readonly amountCents: number | null
  readonly dueDate: IsoDate | null
  /** 3 digits; defaults to the barcode's first three for a bank line */
  readonly bankCode?: string
}

/** A beneficiary, payer or guarantor; `PayerData` (domain/terms.ts) fits as is. */
export interface SlipParty {
  readonly name: string
  readonly document_number: string
  readonly person_type?: 'natural' | 'legal' | (string & {}) | null
}

/** What we registered, when the queried slip is one of ours: the registry's data wins over the line's. */
export interface OurSlip {
  readonly nominalAmountCents: number
  readonly dueDate: IsoDate
  readonly terms: IssuanceTerms
  readonly beneficiary?: SlipParty | null
  readonly payer?: SlipParty | null
  readonly guarantor?: SlipParty | null
}

/** 1 = the paying institution computes fine and interest from the registered terms; 2 and 3: see the docs. */
export type CalculationModel = 1 | 2 | 3

export interface PaymentQueryInput {
  readonly line: PaymentQueryLine
  /** the planned payment date, 'YYYY-MM-DD' (also `calculation_date`) */
  readonly paymentDate: IsoDate
  /** today's date, 'YYYY-MM-DD' (for `expired_as_of_today`) */
  readonly today: IsoDate
  /** our registration data; absent = a slip we did not issue (no terms known, no charges computed) */
  readonly ours?: OurSlip | null
  readonly holidays?: readonly IsoDate[] | null
  /** the model to report; default 1 */
  readonly calculationModel?: CalculationModel
}

export interface PaymentQueryResponse {
  readonly barcode: string
  readonly beneficiary_bank_code: string | null
  readonly beneficiary_document_number: string | null
  readonly beneficiary_legal_name: string | null
  readonly beneficiary_person_type: string | null
  readonly calculated_internally: boolean
  readonly calculation_date: IsoDate
  readonly calculation_model: CalculationModel
  readonly digitable_line: string
  readonly discount_amount: string
  readonly expiration_date: IsoDate | null
  readonly expired_as_of_payment_date: boolean
  readonly expired_as_of_today: boolean
  readonly factual_expiration_date: IsoDate | null
  readonly fine_amount: string
  readonly guarantor_document: string | null
  readonly guarantor_name: string | null
  readonly interest_amount: string
  readonly max_payment_date: IsoDate | null
  readonly nominal_amount: string
  readonly payer_document_number: string | null
  readonly payer_legal_name: string | null
  readonly payer_person_type: string | null
  readonly payment_date: IsoDate
  readonly rebate_amount: string
  readonly total_amount: string
  readonly valid_payment_amount: boolean
  readonly valid_payment_calculation: boolean
  readonly valid_payment_time_frame: boolean
}

/** The response's fields in the seed's order (alphabetical, as QI serialises them). */
export const PAYMENT_QUERY_RESPONSE_FIELDS = [
  'barcode',
  'beneficiary_bank_code',
  'beneficiary_document_number',
  'beneficiary_legal_name',
  'beneficiary_person_type',
  'calculated_internally',
  'calculation_date',
  'calculation_model',
  'digitable_line',
  'discount_amount',
  'expiration_date',
  'expired_as_of_payment_date',
  'expired_as_of_today',
  'factual_expiration_date',
  'fine_amount',
  'guarantor_document',
  'guarantor_name',
  'interest_amount',
  'max_payment_date',
  'nominal_amount',
  'payer_document_number',
  'payer_legal_name',
  'payer_person_type',
  'payment_date',
  'rebate_amount',
  'total_amount',
  'valid_payment_amount',
  'valid_payment_calculation',
  'valid_payment_time_frame',
] as const satisfies readonly (keyof PaymentQueryResponse)[]

/**
 * How each money field is written. Registered amounts echo a float (`"835.48"`, `"0.0"`); computed ones are
 * centavo decimals with an untouched zero as `"0"` (`"16.71"`, `"0"`): the only rule that reproduces the seed.
 */
export const PAYMENT_QUERY_MONEY_FORMATS = {
  nominal_amount: 'float',
  rebate_amount: 'float',
  discount_amount: 'decimal',
  fine_amount: 'decimal',
  interest_amount: 'decimal',
  total_amount: 'decimal',
} as const satisfies Readonly<Record<string, MoneyFormat>>

const LINE_LENGTHS = { bank: 47, convenio: 48 } as const

const checkLine = (line: PaymentQueryLine): void => {
  if (typeof line !== 'object' || line === null) throw new QuoteError('invalid_line', 'line')
  if (line.kind !== 'bank' && line.kind !== 'convenio') throw new QuoteError('invalid_line', 'line.kind')
  if (typeof line.barcode !== 'string' || !/^\d{44}$/.test(line.barcode)) {
    throw new QuoteError('invalid_line', 'line.barcode', 'line.barcode must be 44 digits')
  }
  const length = LINE_LENGTHS[line.kind]
  if (typeof line.digitableLine !== 'string' || !new RegExp(`^\\d{${length}}$`).test(line.digitableLine)) {
    throw new QuoteError('invalid_line', 'line.digitableLine', `line.digitableLine must be ${length} digits`)
  }
  if (line.bankCode !== undefined && (typeof line.bankCode !== 'string' || !/^\d{3}$/.test(line.bankCode))) {
    throw new QuoteError('invalid_line', 'line.bankCode', 'line.bankCode must be 3 digits')
  }
  const amount = line.amountCents
  if (amount !== null && (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0)) {
    throw new QuoteError('invalid_amount', 'line.amountCents')
  }
  if (line.dueDate !== null && parseIsoDate(line.dueDate) === undefined) {
    throw new QuoteError('invalid_date', 'line.dueDate')
  }
}

const dateAt = (value: unknown, field: string): IsoDate => {
  if (parseIsoDate(value) === undefined) throw new QuoteError('invalid_date', field)
  return value as IsoDate
}

/** Runs `run`, re-throwing its `QuoteError`s with `prefix` on their field (`dueDate` → `ours.dueDate`). */
const prefixErrors = <A>(prefix: string, run: () => A): A => {
  try {
    return run()
  } catch (error) {
    if (error instanceof QuoteError && error.field !== 'holidays' && !error.field.startsWith('holidays[')) {
      const defaultMessage = error.message === `${error.code}: ${error.field}`
      throw new QuoteError(error.code, `${prefix}${error.field}`, defaultMessage ? undefined : error.message)
    }
    throw error
  }
}

/** A slip we did not issue: no terms, so only the calendar part (factual due date, lateness) is computed. */
const foreignQuote = (
  line: PaymentQueryLine,
  paymentDate: IsoDate,
  holidays: readonly IsoDate[] | null | undefined,
): PaymentQuote | null => {
  if (line.dueDate !== null) {
    return quotePayment({
      nominalAmountCents: line.amountCents ?? 0,
      dueDate: line.dueDate,
      paymentDate,
      holidays,
    })
  }
  localHolidaysOf(holidays) // validate them all the same
  return null
}

const responseOrThrow = (input: PaymentQueryInput): PaymentQueryResponse => {
  if (typeof input !== 'object' || input === null) throw new QuoteError('missing_field', 'input')
  const { line, ours } = input
  checkLine(line)
  const paymentDate = dateAt(input.paymentDate, 'paymentDate')
  const today = dateAt(input.today, 'today')
  const calculationModel = input.calculationModel ?? 1
  if (![1, 2, 3].includes(calculationModel)) throw new QuoteError('invalid_value', 'calculationModel')

  // Ours: the registered amount, due date and terms. Not ours: the line's amount and due date, no terms.
  const nominalAmountCents = ours ? ours.nominalAmountCents : (line.amountCents ?? 0)
  const quote = ours
    ? prefixErrors('ours.', () =>
        quotePayment({
          nominalAmountCents: ours.nominalAmountCents,
          dueDate: ours.dueDate,
          paymentDate,
          terms: ours.terms,
          holidays: input.holidays,
        }),
      )
    : foreignQuote(line, paymentDate, input.holidays)
  const money = (field: keyof typeof PAYMENT_QUERY_MONEY_FORMATS, cents: number): string =>
    formatReais(cents, PAYMENT_QUERY_MONEY_FORMATS[field])
  const beneficiary = ours?.beneficiary ?? null
  const payer = ours?.payer ?? null
  const guarantor = ours?.guarantor ?? null
  const factual = quote?.factualExpirationDate ?? null
  const bankCode = line.bankCode ?? (line.kind === 'bank' ? line.barcode.slice(0, 3) : null)

  return {
    barcode: line.barcode,
    beneficiary_bank_code: bankCode,
    beneficiary_document_number: beneficiary?.document_number ?? null,
    beneficiary_legal_name: beneficiary?.name ?? null,
    beneficiary_person_type: beneficiary?.person_type ?? null,
    calculated_internally: Boolean(ours),
    calculation_date: paymentDate,
    calculation_model: calculationModel,
    digitable_line: line.digitableLine,
    discount_amount: money('discount_amount', quote?.discountCents ?? 0),
    expiration_date: quote?.dueDate ?? null,
    expired_as_of_payment_date: quote?.expiredAsOfPaymentDate ?? false,
    expired_as_of_today: factual !== null && today > factual,
    factual_expiration_date: factual,
    fine_amount: money('fine_amount', quote?.fineCents ?? 0),
    guarantor_document: guarantor?.document_number ?? null,
    guarantor_name: guarantor?.name ?? null,
    interest_amount: money('interest_amount', quote?.interestCents ?? 0),
    max_payment_date: quote?.maxPaymentDate ?? null,
    nominal_amount: money('nominal_amount', nominalAmountCents),
    payer_document_number: payer?.document_number ?? null,
    payer_legal_name: payer?.name ?? null,
    payer_person_type: payer?.person_type ?? null,
    payment_date: paymentDate,
    rebate_amount: money('rebate_amount', quote?.rebateCents ?? 0),
    total_amount: money('total_amount', quote?.totalCents ?? nominalAmountCents),
    // QI documents it as always true.
    valid_payment_amount: true,
    // Only meaningful for models 2 and 3, where the registering bank's figures are checked; we have none.
    valid_payment_calculation: true,
    valid_payment_time_frame: quote?.validPaymentTimeFrame ?? true,
  }
}

/** Pure. The response body, or the first `QuoteError` found in the input. */
export const toPaymentQueryResponseE = (
  input: PaymentQueryInput,
): E.Either<QuoteError, PaymentQueryResponse> => {
  try {
    return E.right(responseOrThrow(input))
  } catch (error) {
    if (error instanceof QuoteError) return E.left(error)
    throw error
  }
}

/** Pure. The response body; throws `QuoteError` on invalid input. */
export const toPaymentQueryResponse = (input: PaymentQueryInput): PaymentQueryResponse =>
  responseOrThrow(input)
