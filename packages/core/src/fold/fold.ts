/**
 * The decider's read side: `initialState`, `evolve` and `fold`.
 *
 * Order independence: a boleto's state is a function of the *set* of distinct events it has seen, applied
 * in event-time order (order.ts). `evolve` keeps that set as `history`; an event dated after everything
 * seen is applied directly (the common case), a late one is inserted and the state re-derived from the
 * history. Duplicates (same occurrence identity) only count, except that an earlier-dated copy replaces the
 * kept one (QI re-sends carry later `webhook_datetime`s; keeping the earliest makes the choice
 * order-independent too).
 */

import type { BankSlipEvent } from '../domain/events.js'
import { initialContext } from '../lifecycle/effects.js'
import type { BankSlipState, DeliveryStats } from '../lifecycle/state.js'
import { eventIdentity, sameOccurrence } from '../webhook/identity.js'
import * as E from './either.js'
import { compareEvents } from './order.js'
import { type DraftState, step, stepInto } from './step.js'

export interface FoldOptions {
  /** Fail on the first event that is not a valid transition instead of recording an anomaly. */
  readonly strict?: boolean
}

export interface InvalidTransitionError {
  readonly _tag: 'InvalidTransition'
  readonly from: BankSlipState['status']
  readonly event: BankSlipEvent
  readonly message: string
}

export const initialState: BankSlipState = {
  status: 'accepted',
  ...initialContext,
  history: [],
  delivery: { duplicates: 0, outOfOrder: 0 },
}

type Folded = E.Either<InvalidTransitionError, BankSlipState>

const invalid = (from: BankSlipState['status'], event: BankSlipEvent): InvalidTransitionError => ({
  _tag: 'InvalidTransition',
  from,
  event,
  message: `not a valid transition from ${from}: ${
    event.kind === 'webhook'
      ? `${JSON.stringify(event.occurrenceType)} (${JSON.stringify(event.occurrenceStatus)})`
      : event.kind
  }`,
})

/** Pure. The state of distinct events already in event-time order (`settleDelivery`'s output). */
export const foldSorted = (
  history: readonly BankSlipEvent[],
  delivery: DeliveryStats,
  strict: boolean,
): Folded => rebuild(history, delivery, strict)

/** Pure (its one draft never escapes before it is complete): the events applied to a single copy. */
const rebuild = (history: readonly BankSlipEvent[], delivery: DeliveryStats, strict: boolean): Folded => {
  const draft: DraftState<BankSlipState> = { ...initialState, history, delivery }
  for (let i = 0; i < history.length; i++) {
    const event = history[i]!
    const from = draft.status
    const transition = stepInto(draft, event)
    if (strict && transition.params.outcome !== 'valid') return E.left(invalid(from, event))
  }
  return E.right(draft)
}

const evolveEither = (state: BankSlipState, event: BankSlipEvent, strict: boolean): Folded => {
  const { history, delivery } = state
  for (let i = history.length - 1; i >= 0; i--) {
    const kept = history[i]!
    if (!sameOccurrence(kept, event)) continue
    const counted = { ...delivery, duplicates: delivery.duplicates + 1 }
    if (compareEvents(event, kept) >= 0) return E.right({ ...state, delivery: counted })
    const replaced = history.filter((_, j) => j !== i)
    return rebuild(insertSorted(replaced, event), counted, strict)
  }
  const last = history[history.length - 1]
  if (last === undefined || compareEvents(last, event) < 0) {
    // The common case, kept to one copy of the state: `step` returns a fresh object we may still write to.
    const { state: next, transition } = step(state, event)
    if (strict && transition.params.outcome !== 'valid') return E.left(invalid(state.status, event))
    ;(next as { history: readonly BankSlipEvent[] }).history = [...history, event]
    return E.right(next)
  }
  return rebuild(insertSorted(history, event), { ...delivery, outOfOrder: delivery.outOfOrder + 1 }, strict)
}

const insertSorted = (sorted: readonly BankSlipEvent[], event: BankSlipEvent): BankSlipEvent[] => {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    // Equal events go after the ones already there, as the stable sort in `fold` places them.
    if (compareEvents(sorted[mid]!, event) <= 0) lo = mid + 1
    else hi = mid
  }
  return [...sorted.slice(0, lo), event, ...sorted.slice(lo)]
}

/** Pure. The state after one more event, in whatever order events arrive. */
export function evolve(
  state: BankSlipState,
  event: BankSlipEvent,
  options?: { readonly strict?: false },
): BankSlipState
export function evolve(state: BankSlipState, event: BankSlipEvent, options: { readonly strict: true }): Folded
export function evolve(
  state: BankSlipState,
  event: BankSlipEvent,
  options?: FoldOptions,
): BankSlipState | Folded {
  const result = evolveEither(state, event, options?.strict === true)
  if (options?.strict === true) return result
  // Lenient folding cannot fail: every state has an unguarded fallback transition.
  return (result as E.Right<BankSlipState>).right
}

/**
 * Pure. The state after `events` (one boleto's), equal to `events.reduce(evolve, initialState)` but
 * O(n log n): duplicates and arrival order are settled first, then the sorted events are applied once.
 */
/** How one input of a fold was delivered, for reports that point at input positions. */
export interface DeliveryNote {
  /** Position of the input in the iterable. */
  readonly position: number
  readonly kind: 'duplicate' | 'out_of_order'
  /** The kept copy (duplicate) or the latest event seen before it (out of order). */
  readonly against: BankSlipEvent
}

/**
 * Pure. Settles duplicates and arrival order in one pass: the distinct events in event-time order, the
 * delivery counts, and (when asked) a note per duplicate or late input.
 */
export const settleDelivery = (
  events: Iterable<BankSlipEvent>,
  onNote?: (note: DeliveryNote) => void,
): { readonly sorted: BankSlipEvent[]; readonly delivery: DeliveryStats } => {
  // Keyed by occurrence_key (no string building); the full identity only when QI reuses a key across types.
  // Most boletos have a handful of events: a scan of a small array beats building a Map for them, and the
  // one small array serves every call (a replay settles millions of boletos: fresh ones were a fifth of
  // what it allocated); a call made while it is in use (from `onNote`) gets its own.
  const list = Array.isArray(events) ? (events as readonly BankSlipEvent[]) : [...events]
  const small = list.length <= SMALL
  const kept: KeptEvents = !small ? new LargeKept() : sharedKept.inUse ? new SmallKept() : sharedKept
  if (kept === sharedKept) sharedKept.inUse = true
  try {
    return settle(list, kept, onNote)
  } finally {
    if (kept === sharedKept) sharedKept.clear()
  }
}

const settle = (
  list: readonly BankSlipEvent[],
  kept: KeptEvents,
  onNote: ((note: DeliveryNote) => void) | undefined,
): { readonly sorted: BankSlipEvent[]; readonly delivery: DeliveryStats } => {
  let max: BankSlipEvent | undefined
  let duplicates = 0
  let outOfOrder = 0
  let inOrder = true
  for (let at = 0; at < list.length; at++) {
    const event = list[at]!
    let key =
      event.kind === 'webhook' && event.occurrenceKey !== null
        ? event.occurrenceKey
        : IDENTITY + eventIdentity(event)
    let previous = kept.get(key)
    if (previous !== undefined && !sameOccurrence(previous, event)) {
      key = IDENTITY + eventIdentity(event)
      previous = kept.get(key)
    }
    if (previous !== undefined) {
      duplicates++
      onNote?.({ position: at, kind: 'duplicate', against: previous })
      if (compareEvents(event, previous) < 0) {
        kept.set(key, event)
        inOrder = false
        if (previous === max) max = maxOf(kept.values())
      }
      continue
    }
    if (max !== undefined && compareEvents(event, max) < 0) {
      outOfOrder++
      inOrder = false
      onNote?.({ position: at, kind: 'out_of_order', against: max })
    } else max = event
    kept.set(key, event)
  }
  // Events that arrived in order were kept in order: sorting is only for late arrivals.
  const sorted = kept.list()
  if (!inOrder) sorted.sort(compareEvents)
  return { sorted, delivery: { duplicates, outOfOrder } }
}

/**
 * Pure. The state after `events` (one boleto's), equal to `events.reduce(evolve, initialState)` but
 * O(n log n): duplicates and arrival order are settled first, then the sorted events are applied once.
 */
export function fold(events: Iterable<BankSlipEvent>, options?: { readonly strict?: false }): BankSlipState
export function fold(events: Iterable<BankSlipEvent>, options: { readonly strict: true }): Folded
export function fold(events: Iterable<BankSlipEvent>, options?: FoldOptions): BankSlipState | Folded {
  const { sorted, delivery } = settleDelivery(events)
  const result = rebuild(sorted, delivery, options?.strict === true)
  if (options?.strict === true) return result
  return (result as E.Right<BankSlipState>).right
}

const SMALL = 16

/** What `settleDelivery` keeps events in: the part of a Map it uses, and the kept events as a new array. */
interface KeptEvents {
  get(key: string): BankSlipEvent | undefined
  set(key: string, event: BankSlipEvent): unknown
  values(): IterableIterator<BankSlipEvent>
  list(): BankSlipEvent[]
}

/** A Map over two short arrays: no hashing; `clear` readies it for the next call. */
class SmallKept implements KeptEvents {
  inUse = false
  private count = 0
  private readonly keys: string[] = new Array(SMALL).fill('')
  private readonly events: (BankSlipEvent | null)[] = new Array(SMALL).fill(null)
  get(key: string): BankSlipEvent | undefined {
    for (let i = 0; i < this.count; i++) if (this.keys[i] === key) return this.events[i]!
    return undefined
  }
  set(key: string, event: BankSlipEvent): void {
    for (let i = 0; i < this.count; i++)
      if (this.keys[i] === key) {
        this.events[i] = event
        return
      }
    this.keys[this.count] = key
    this.events[this.count++] = event
  }
  values(): IterableIterator<BankSlipEvent> {
    return this.list().values()
  }
  list(): BankSlipEvent[] {
    const out = new Array<BankSlipEvent>(this.count)
    for (let i = 0; i < this.count; i++) out[i] = this.events[i]!
    return out
  }
  /** Forgets the events (no reference outlives the call) and frees it for the next call. */
  clear(): void {
    this.keys.fill('', 0, this.count)
    this.events.fill(null, 0, this.count)
    this.count = 0
    this.inUse = false
  }
}

const sharedKept = new SmallKept()

/** `KeptEvents` for many events. */
class LargeKept extends Map<string, BankSlipEvent> implements KeptEvents {
  list(): BankSlipEvent[] {
    return [...this.values()]
  }
}

/** Prefix that keeps full identities apart from raw occurrence keys in one map. */
const IDENTITY = '\u0000'

const maxOf = (events: Iterable<BankSlipEvent>): BankSlipEvent | undefined => {
  let max: BankSlipEvent | undefined
  for (const e of events) if (max === undefined || compareEvents(max, e) < 0) max = e
  return max
}
