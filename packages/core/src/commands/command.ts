/** Commands our side issues: a registration request and the instructions of domain.md §2.1. */
import type { InstructionParams } from '../domain/instructions.js'
import type { IssuanceRequest } from '../domain/terms.js'

export interface RequestIssuance {
  readonly type: 'request_issuance'
  readonly bankSlipKey: string
  readonly request: IssuanceRequest
  /** ISO-8601 time of the request (the caller's clock: `decide` stays pure). */
  readonly now: string
}

export interface RequestInstruction {
  readonly type: 'request_instruction'
  readonly bankSlipKey: string
  readonly requestKey: string
  readonly params: InstructionParams
  /** QI's `occurrence_key` from its 202 answer, when the instruction was already sent. */
  readonly occurrenceKey?: string | null
  readonly now: string
  /** 'YYYY-MM-DD' today; protests are allowed only after the due date. Defaults to `now`'s date in Brasília (UTC−03:00). */
  readonly today?: string
}

export type BankSlipCommand = RequestIssuance | RequestInstruction

export type DomainErrorCode =
  | 'ALREADY_ISSUED'
  | 'NOT_REGISTERED'
  | 'INVALID_STATUS'
  | 'REBATE_PENDING_OR_ACTIVE'
  | 'NO_ACTIVE_REBATE'
  | 'INSTRUCTION_PENDING'
  | 'ALREADY_IN_PROTEST'
  | 'NOT_IN_PROTEST'
  | 'NOT_YET_DUE'
  | 'PAYER_ADDRESS_REQUIRED'
  | 'DUPLICATE_REQUEST'
  | 'INVALID_ARGUMENT'

export interface DomainError {
  readonly _tag: 'DomainError'
  readonly code: DomainErrorCode
  readonly message: string
  /** The field or precondition concerned. */
  readonly field?: string
}
