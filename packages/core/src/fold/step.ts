/**
 * The fast path: stepping is a lookup in the transition table compiled from the lifecycle machine's
 * configuration at load time (table.ts) and one pure reducer call, instead of XState's `transition()`
 * (10-50 µs per event).
 */
import type { BankSlipEvent } from '../domain/events.js'
import {
  BANK_SLIP_STATUSES,
  type BankSlipStatus,
  OCCURRENCE_TYPES,
  type OccurrenceType,
} from '../domain/vocabulary.js'
import { applyEventInto } from '../lifecycle/effects.js'
import { reportedIs } from '../lifecycle/guards.js'
import { lifecycleConfig } from '../lifecycle/machine-config.js'
import { lifecycleEventType } from '../lifecycle/machine-event.js'
import type { LifecycleContext } from '../lifecycle/state.js'
import { type CompiledTransition, compileConfig } from './table.js'

export { type CompiledTransition, LIFECYCLE_EVENT_TYPES } from './table.js'

const TABLE = compileConfig(lifecycleConfig)

/**
 * Pure. The confirmed occurrences the machine accepts as valid in `status`, with the status each leads to
 * (used by reconciliation's path search, the diagram and the testing arbitraries).
 */
export const validOccurrences = (
  status: BankSlipStatus,
): ReadonlyArray<readonly [OccurrenceType, BankSlipStatus]> => VALID_OCCURRENCES[status]

const VALID_OCCURRENCES = Object.fromEntries(
  BANK_SLIP_STATUSES.map((status) => [
    status,
    OCCURRENCE_TYPES.flatMap((type) => {
      const first = TABLE[status][type][0]
      return first !== undefined && first.guard === null && first.params.outcome === 'valid'
        ? [[type, first.target ?? status] as const]
        : []
    }),
  ]),
) as unknown as Record<BankSlipStatus, ReadonlyArray<readonly [OccurrenceType, BankSlipStatus]>>

export interface StepResult<S> {
  readonly state: S
  readonly transition: CompiledTransition
}

/** A state being folded, owned by the one caller writing to it. */
export type DraftState<S> = { -readonly [K in keyof S]: S[K] }

/**
 * Not pure: `step` written into `draft` itself (which the caller owns, e.g. the one copy a fold of sorted
 * events makes), so folding n events allocates one state instead of n. Returns the transition taken.
 */
export const stepInto = <S extends LifecycleContext & { readonly status: BankSlipStatus }>(
  draft: DraftState<S>,
  event: BankSlipEvent,
): CompiledTransition => {
  const candidates = TABLE[draft.status][lifecycleEventType(event)]
  for (const transition of candidates) {
    if (transition.guard !== null && !reportedIs(event, transition.guard)) continue
    draft.status = transition.target ?? draft.status
    applyEventInto(draft, event, transition.params)
    return transition
  }
  // Every state ends its candidates with an unguarded `*` transition; reaching here means the machine changed.
  throw new Error(`lifecycle: no transition for ${lifecycleEventType(event)} in ${draft.status}`)
}

/**
 * Pure. One event applied in event-time order to a status and context, exactly as the machine would:
 * the first candidate whose guard holds wins.
 */
export const step = <S extends LifecycleContext & { readonly status: BankSlipStatus }>(
  state: S,
  event: BankSlipEvent,
): StepResult<S> => {
  // One copy per event: the status and the context effects are written into the same fresh object.
  const next = { ...state } as DraftState<S>
  const transition = stepInto(next, event)
  return { state: next as S, transition }
}
