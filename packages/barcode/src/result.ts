/** What `decode` answers: a valid bank boleto, a valid convênio, or a precise error. */
import type { DecodeError } from './errors.js'

export type BoletoKind = 'bank' | 'convenio'

/** Which of the two representations the input was. */
export type BoletoForm = 'digitableLine' | 'barcode'

export interface DecodeOptions {
  /**
   * `YYYY-MM-DD` the bank due-date factor is resolved against (FEBRABAN's window: 3000 days before to 5500
   * days after). Default: today, UTC. Pass it whenever the answer must not change with the calendar.
   */
  readonly referenceDate?: string
}

interface DecodedCommon {
  readonly valid: true
  readonly kind: BoletoKind
  readonly form: BoletoForm
  /** 44 digits. */
  readonly barcode: string
  /** 47 digits (bank) or 48 digits (convênio), no separators. */
  readonly digitableLine: string
  /**
   * Integer centavos; `null` when the barcode carries no money amount: zero ("open amount", see `openAmount`)
   * or a convênio reference quantity (`valueKind: 'reference'`).
   */
  readonly amountCents: number | null
  /** The amount field is zero: the payer or the paying bank fills in the amount. Never for a reference value. */
  readonly openAmount: boolean
  /** `YYYY-MM-DD`, or `null` when the boleto carries no certain due date (factor 0000, every convênio). */
  readonly dueDate: string | null
  /** The general check digit as read (bank: barcode position 5, convênio: position 4). */
  readonly generalCheckDigit: number
}

export interface DecodedBank extends DecodedCommon {
  readonly kind: 'bank'
  /** Three digits, the COMPE code of the issuing bank (`'318'`). */
  readonly bankCode: string
  /** Always `'9'` (real): anything else is `INVALID_CURRENCY`. */
  readonly currencyCode: string
  /** 0 (no due date) or 1..9999, as printed. */
  readonly dueDateFactor: number
  /** Barcode positions 20–44: 25 digits whose layout belongs to the issuing bank. */
  readonly freeField: string
}

/** FEBRABAN's segment of a convênio (barcode position 2). */
export type ConvenioSegment = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 9

export type ConvenioSegmentName =
  | 'municipal'
  | 'sanitation'
  | 'electricity-and-gas'
  | 'telecom'
  | 'government'
  | 'others-cnpj'
  | 'traffic-fines'
  | 'bank-own-use'

/**
 * A date read from the start of a convênio's free field. FEBRABAN allows billers to put a due date there but
 * marks it nowhere, so it is only ever a guess: `certain` is always `false`.
 */
export interface DueDateHeuristic {
  readonly date: string
  readonly certain: false
  /** Where it came from: the first 8 digits of the free field read as `YYYYMMDD`. */
  readonly source: 'freeFieldPrefix'
}

export interface DecodedConvenio extends DecodedCommon {
  readonly kind: 'convenio'
  /** A convênio carries no certain due date. See `dueDateHeuristic`. */
  readonly dueDate: null
  readonly segment: ConvenioSegment
  readonly segmentName: ConvenioSegmentName
  /** Barcode position 3: 6/7 → modulo 10, 8/9 → modulo 11; 6/8 → money, 7/9 → reference quantity. */
  readonly valueIdentifier: 6 | 7 | 8 | 9
  readonly valueKind: 'effective' | 'reference'
  readonly checkDigitModulus: 10 | 11
  /** Barcode positions 5–15 as an integer: centavos when `valueKind` is `'effective'`, a quantity otherwise. */
  readonly value: number
  /** Company code (positions 16–19), or the 8-digit CNPJ root (positions 16–23) for segment 6. */
  readonly companyId: string
  /** The rest of the barcode after `companyId`: 25 digits, or 21 for segment 6. */
  readonly freeField: string
  /** A plausible date at the start of the free field within the reference window, or `null`. Never certain. */
  readonly dueDateHeuristic: DueDateHeuristic | null
}

export interface DecodeFailure {
  readonly valid: false
  readonly error: DecodeError
}

export type DecodedBoleto = DecodedBank | DecodedConvenio
export type DecodeResult = DecodedBoleto | DecodeFailure
