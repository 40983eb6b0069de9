/** Payment quotes: the bank calendar, the charges of a late or early payment, and QI's payment-query body. */

export type { BankCalendar, BankHoliday } from './calendar.js'
export { bankCalendar, nationalBankHolidays } from './calendar.js'
export type { IsoDate } from './dates.js'
export { isIsoDate } from './dates.js'
export { easterSunday } from './easter.js'
export type { QuoteErrorCode } from './errors.js'
export { isQuoteError, QuoteError } from './errors.js'
export type { MoneyFormat } from './money.js'
export { formatReais } from './money.js'
export type {
  CalculationModel,
  OurSlip,
  PaymentQueryInput,
  PaymentQueryLine,
  PaymentQueryResponse,
  SlipParty,
} from './payment-query-response.js'
export {
  PAYMENT_QUERY_MONEY_FORMATS,
  PAYMENT_QUERY_RESPONSE_FIELDS,
  toPaymentQueryResponse,
  toPaymentQueryResponseE,
} from './payment-query-response.js'
export type { AppliedDiscount, PaymentQuote, PaymentQuoteInput } from './quote.js'
export { quotePayment, quotePaymentE } from './quote.js'
