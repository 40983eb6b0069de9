/**
 * The fast fold's table compiled from XState's own state nodes of `lifecycleMachine` (the reference the
 * table the fold uses, compiled from the configuration without XState, is held to), for the diagram and for
 * callers that hold a machine.
 */
import { lifecycleMachine } from '../lifecycle/machine.js'
import { compileTable, type LifecycleTable, type TransitionDefinitionLike } from './table.js'

/** Pure (reads the machine definition only). */
export const compileLifecycle = (machine = lifecycleMachine): LifecycleTable =>
  compileTable((status, eventType) => {
    const node = machine.root.states[status]
    if (node === undefined) return undefined
    const candidates = [...(node.transitions.get(eventType) ?? []), ...(node.transitions.get('*') ?? [])]
    return candidates as unknown as TransitionDefinitionLike[]
  })
