/**
 * The fast path, compiled from `lifecycleMachine` at load time: for each (status, event type) the machine's
 * candidate transitions in XState's own priority order (exact event type, then `*`), each reduced to its
 * guard parameters, target and `apply` parameters. Stepping is then a table lookup and one pure reducer call,
 * instead of XState's `transition()` (10-50 µs per event). Anything in the machine the compiler does not
 * understand throws at load, so the two cannot drift apart silently.
 */
import type { BankSlipEvent } from '../domain/events.js'
import {
  BANK_SLIP_STATUSES,
  type BankSlipStatus,
  OCCURRENCE_TYPES,
  type OccurrenceType,
} from '../domain/vocabulary.js'
import { type ApplyParams, applyEventInto } from '../lifecycle/effects.js'
import { type ReportedIsParams, reportedIs } from '../lifecycle/guards.js'
import { lifecycleMachine } from '../lifecycle/machine.js'
import { type LifecycleEventType, lifecycleEventType } from '../lifecycle/machine-event.js'
import type { LifecycleContext } from '../lifecycle/state.js'

export const LIFECYCLE_EVENT_TYPES: readonly LifecycleEventType[] = [
  ...OCCURRENCE_TYPES,
  'registration_rejected',
  'occurrence_rejected',
  'unrecognised',
  'issuance_requested',
  'instruction_requested',
]

export interface CompiledTransition {
  readonly guard: ReportedIsParams | null
  readonly target: BankSlipStatus | null
  readonly params: ApplyParams
}

type Table = Readonly<
  Record<BankSlipStatus, Readonly<Record<LifecycleEventType, readonly CompiledTransition[]>>>
>

interface UnknownActionLike {
  readonly type?: unknown
  readonly params?: unknown
}

const compileTransition = (
  status: string,
  eventType: string,
  definition: {
    target?: ReadonlyArray<{ key: string }> | undefined
    actions: readonly unknown[]
    guard?: unknown
  },
): CompiledTransition => {
  const where = `${status} --${eventType}-->`
  const actions = definition.actions as readonly UnknownActionLike[]
  if (actions.length !== 1 || actions[0]?.type !== 'apply')
    throw new Error(`lifecycle compiler: ${where} must run exactly one 'apply' action`)
  let guard: ReportedIsParams | null = null
  if (definition.guard !== undefined) {
    const g = definition.guard as UnknownActionLike
    if (g.type !== 'reportedIs') throw new Error(`lifecycle compiler: ${where} uses an unknown guard`)
    guard = g.params as ReportedIsParams
  }
  const targets = definition.target ?? []
  if (targets.length > 1) throw new Error(`lifecycle compiler: ${where} has several targets`)
  const target = (targets[0]?.key ?? null) as BankSlipStatus | null
  return { guard, target, params: actions[0].params as ApplyParams }
}

/** Pure (reads the machine definition only). */
export const compileLifecycle = (machine = lifecycleMachine): Table => {
  const table = {} as Record<BankSlipStatus, Record<LifecycleEventType, CompiledTransition[]>>
  for (const status of BANK_SLIP_STATUSES) {
    const node = machine.root.states[status]
    if (node === undefined) throw new Error(`lifecycle compiler: the machine has no state ${status}`)
    const row = {} as Record<LifecycleEventType, CompiledTransition[]>
    for (const eventType of LIFECYCLE_EVENT_TYPES) {
      const candidates = [...(node.transitions.get(eventType) ?? []), ...(node.transitions.get('*') ?? [])]
      if (candidates.length === 0)
        throw new Error(`lifecycle compiler: ${status} does not handle ${eventType}`)
      row[eventType] = candidates.map((c) => compileTransition(status, eventType, c))
    }
    table[status] = row
  }
  return table
}

const TABLE = compileLifecycle()

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
