/** Guards of the lifecycle machine, as pure functions the fast fold calls too. */
import type { BankSlipEvent } from '../domain/events.js'
import type { BankSlipStatus } from '../domain/vocabulary.js'

export interface ReportedIsParams {
  readonly status: BankSlipStatus
}

/** Pure. The event carries this `bank_slip_status` from QI (the lenient fallback adopts it). */
export const reportedIs = (event: BankSlipEvent, params: ReportedIsParams): boolean =>
  event.kind === 'webhook' && event.bankSlipStatus === params.status
