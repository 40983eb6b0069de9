/**
 * Issuance terms exactly as QI's registration request carries them (domain.md §2.2): snake_case, money in
 * reais as JSON numbers. They stay in QI's shape because users copy them from their QI requests; conversion
 * to centavos happens where they are used (payment quotes).
 */

export type FineType = 'absolute' | 'percentage'
export interface FineData {
  readonly fine_type: FineType | (string & {})
  /** reais, when `fine_type` is `absolute` */
  readonly fine_amount?: number
  /** percent of the nominal amount (2 means 2 %), when `fine_type` is `percentage` */
  readonly fine_percentage?: number
  /** days after the factual due date before the fine applies (0 = the day after) */
  readonly days_to_fine?: number
}

export type InterestType =
  | 'calendar_days_daily_amount'
  | 'workdays_daily_amount'
  | 'calendar_days_daily_percentage'
  | 'workdays_daily_percentage'
  | 'calendar_days_monthly_percentage'
  | 'workdays_monthly_percentage'
  | 'calendar_days_yearly_percentage'
  | 'workdays_yearly_percentage'
export interface InterestData {
  readonly interest_type: InterestType | (string & {})
  /** reais per day for the `*_daily_amount` types; percent for the percentage types */
  readonly interest_amount?: number
  readonly interest_percentage?: number
  readonly days_to_interest?: number
}

export type DiscountType =
  | 'absolute'
  | 'percentage'
  | 'anticipation_calendar_days_daily_amount'
  | 'anticipation_workdays_daily_amount'
  | 'anticipation_calendar_days_daily_percentage'
  | 'anticipation_workdays_daily_percentage'
export interface DiscountData {
  readonly discount_type: DiscountType | (string & {})
  readonly discount_amount?: number
  readonly discount_percentage?: number
  readonly discount_number?: number
  /** 'YYYY-MM-DD', inclusive */
  readonly discount_limit_date: string
}

export interface PayerData {
  readonly name: string
  readonly document_number: string
  readonly person_type: 'natural' | 'legal' | (string & {})
  readonly address?: Readonly<Record<string, unknown>> | null
  readonly contact?: Readonly<Record<string, unknown>> | null
}

/** The charge-related part of a registration request. */
export interface IssuanceTerms {
  readonly max_payment_days?: number
  readonly rebate_amount?: number
  readonly fine_data?: FineData | null
  readonly interest_data?: InterestData | null
  readonly discounts_data?: readonly DiscountData[] | null
  readonly protest_data?: { readonly days_to_protest: number } | null
  readonly bankruptcy_protest_data?: { readonly days_to_protest: number } | null
  readonly write_off_data?: { readonly days_to_write_off: number } | null
}

/** What our side asked QI to register (the `request_issuance` command). */
export interface IssuanceRequest {
  readonly amountCents: number
  /** 'YYYY-MM-DD' */
  readonly dueDate: string
  readonly terms: IssuanceTerms
  readonly payer?: PayerData | null
  readonly guarantor?: PayerData | null
  /** Free-form reference of the issuing system (invoice id...). */
  readonly reference?: string | null
}
