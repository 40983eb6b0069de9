/**
 * The fast fold's transition table: for each (status, event type) the machine's candidate transitions in
 * XState's own priority order (exact event type, then `*`), each reduced to its guard parameters, target and
 * `apply` parameters. Compiled from the machine's configuration (`lifecycleConfig`) without XState, which
 * every replay worker thread would otherwise load at start-up; fold/compile.ts compiles the same table from
 * XState's state nodes, and a test holds the two equal. Anything the compiler does not understand throws at
 * load, so the table and the machine cannot drift apart silently.
 */
import { BANK_SLIP_STATUSES, type BankSlipStatus, OCCURRENCE_TYPES } from '../domain/vocabulary.js'
import type { ApplyParams } from '../lifecycle/effects.js'
import type { ReportedIsParams } from '../lifecycle/guards.js'
import type { LifecycleEventType } from '../lifecycle/machine-event.js'

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

export type LifecycleTable = Readonly<
  Record<BankSlipStatus, Readonly<Record<LifecycleEventType, readonly CompiledTransition[]>>>
>

interface UnknownActionLike {
  readonly type?: unknown
  readonly params?: unknown
}

/** A transition as XState's state nodes hold it: targets resolved to nodes, actions in a list. */
export interface TransitionDefinitionLike {
  readonly target?: ReadonlyArray<{ readonly key: string }> | undefined
  readonly actions: readonly unknown[]
  readonly guard?: unknown
}

const compileTransition = (
  status: string,
  eventType: string,
  definition: TransitionDefinitionLike,
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

/**
 * Pure. The table of a machine, given each state's candidate transitions for an event type (exact type then
 * `*`), or undefined for a state the machine does not have.
 */
export const compileTable = (
  candidatesOf: (
    status: BankSlipStatus,
    eventType: string,
  ) => readonly TransitionDefinitionLike[] | undefined,
): LifecycleTable => {
  const table = {} as Record<BankSlipStatus, Record<LifecycleEventType, CompiledTransition[]>>
  for (const status of BANK_SLIP_STATUSES) {
    const row = {} as Record<LifecycleEventType, CompiledTransition[]>
    for (const eventType of LIFECYCLE_EVENT_TYPES) {
      const candidates = candidatesOf(status, eventType)
      if (candidates === undefined) throw new Error(`lifecycle compiler: the machine has no state ${status}`)
      if (candidates.length === 0)
        throw new Error(`lifecycle compiler: ${status} does not handle ${eventType}`)
      row[eventType] = candidates.map((c) => compileTransition(status, eventType, c))
    }
    table[status] = row
  }
  return table
}

/** A transition as a machine configuration writes it (XState's `TransitionConfig`, as far as used here). */
interface TransitionConfigLike {
  readonly target?: string
  readonly actions?: unknown
  readonly guard?: unknown
}

/** Pure. A configured transition in the shape of XState's state nodes (one target key, a list of actions). */
const asDefinition = (status: string, config: TransitionConfigLike): TransitionDefinitionLike => {
  if (config.target !== undefined && (typeof config.target !== 'string' || /[.#]/.test(config.target)))
    throw new Error(`lifecycle compiler: ${status} has a target that is not a sibling state`)
  return {
    ...(config.target === undefined ? {} : { target: [{ key: config.target }] }),
    actions:
      config.actions === undefined ? [] : Array.isArray(config.actions) ? config.actions : [config.actions],
    ...(config.guard === undefined ? {} : { guard: config.guard }),
  }
}

/** A machine configuration (`lifecycleConfig`), as far as the compiler reads it. */
export interface MachineConfigLike {
  readonly states: Readonly<
    Record<
      string,
      {
        readonly on?: Readonly<Record<string, TransitionConfigLike | readonly TransitionConfigLike[]>>
        readonly [other: string]: unknown
      }
    >
  >
}

/** What a state may hold besides its transitions: nothing the table would have to follow. */
const INERT_STATE_KEYS: ReadonlySet<string> = new Set(['on', 'description', 'tags', 'meta'])

/** Pure. The table of a machine configuration, read as XState reads it (exact event type, then `*`). */
export const compileConfig = (config: MachineConfigLike): LifecycleTable => {
  const handled: ReadonlySet<string> = new Set([...LIFECYCLE_EVENT_TYPES, '*'])
  for (const [status, node] of Object.entries(config.states)) {
    // Delayed or eventless transitions, wildcards like `payment.*`, child states: XState would follow them.
    for (const key of Object.keys(node))
      if (!INERT_STATE_KEYS.has(key))
        throw new Error(`lifecycle compiler: ${status} has ${key}, not understood`)
    for (const key of Object.keys(node.on ?? {}))
      if (!handled.has(key)) throw new Error(`lifecycle compiler: ${status} handles ${key}, not understood`)
  }
  return compileTable((status, eventType) => {
    const node = config.states[status]
    if (node === undefined) return undefined
    const configured = (key: string): TransitionDefinitionLike[] => {
      const on = node.on?.[key]
      if (on === undefined) return []
      return (Array.isArray(on) ? on : [on]).map((t) => asDefinition(status, t as TransitionConfigLike))
    }
    return [...configured(eventType), ...configured('*')]
  })
}
