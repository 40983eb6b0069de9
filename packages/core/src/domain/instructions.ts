/**
 * Instructions our side sends QI about a registered boleto (domain.md §2.1), and which occurrence answers
 * each one.
 */

import type { DiscountData, FineData, InterestData } from './terms.js'
import type { OccurrenceType } from './vocabulary.js'

export const INSTRUCTION_TYPES = [
  'rebate',
  'cancel_rebate',
  'extension',
  'write_off',
  'protest',
  'bankruptcy_protest',
  'protest_cancel',
  'protest_cancel_and_write_off',
  'fine_change',
  'interest_change',
  'discount_change',
  'amount_change',
] as const
export type InstructionType = (typeof INSTRUCTION_TYPES)[number]

export type InstructionParams =
  | { readonly type: 'rebate'; readonly rebateAmountCents: number }
  | { readonly type: 'cancel_rebate' }
  | { readonly type: 'extension'; readonly newDueDate: string }
  | { readonly type: 'write_off' }
  | { readonly type: 'protest' }
  | { readonly type: 'bankruptcy_protest' }
  | { readonly type: 'protest_cancel' }
  | { readonly type: 'protest_cancel_and_write_off' }
  | { readonly type: 'fine_change'; readonly fineData: FineData }
  | { readonly type: 'interest_change'; readonly interestData: InterestData }
  | { readonly type: 'discount_change'; readonly discountsData: readonly DiscountData[] }
  | { readonly type: 'amount_change'; readonly amountCents: number }

/**
 * The occurrence types whose confirmation settles each instruction. `protest_cancel_and_write_off` is
 * settled by the automatic write-off QI performs after the cancel (domain.md §2.1); an amount change has no
 * documented occurrence type, so it is settled only through the `occurrence_key` QI answered with.
 */
export const SETTLED_BY: Readonly<Record<InstructionType, readonly OccurrenceType[]>> = {
  rebate: ['rebate'],
  cancel_rebate: ['cancel_rebate'],
  extension: ['extension'],
  write_off: ['write_off'],
  protest: ['protest_request'],
  bankruptcy_protest: ['bankruptcy_protest_request'],
  protest_cancel: ['protest_cancel_request'],
  protest_cancel_and_write_off: ['write_off'],
  fine_change: ['fine'],
  interest_change: ['interest'],
  discount_change: ['discount'],
  amount_change: [],
}

/** Rejections of these occurrence types reject the instruction (the cancel step fails first). */
export const REJECTED_BY: Readonly<Record<InstructionType, readonly OccurrenceType[]>> = {
  ...SETTLED_BY,
  protest_cancel_and_write_off: ['protest_cancel_request', 'write_off'],
}
