/**
 * The lifecycle specification: the XState machine of `lifecycleConfig` (machine-config.ts, which says what
 * each state does with each event), with its one action (`apply`, lifecycle/effects.ts) and its one guard
 * (`reportedIs`). The fast fold (fold/step.ts) is compiled from the same configuration, and a test holds it
 * equal to this machine's own state nodes (fold/compile.ts), so the two are one source of truth.
 */
import { assign, setup } from 'xstate'
import { type ApplyParams, applyEvent } from './effects.js'
import { type ReportedIsParams, reportedIs } from './guards.js'
import { lifecycleConfig } from './machine-config.js'
import type { LifecycleMachineEvent } from './machine-event.js'
import type { LifecycleContext } from './state.js'

export const lifecycleMachine = setup({
  types: {
    context: {} as LifecycleContext,
    events: {} as LifecycleMachineEvent,
  },
  actions: {
    apply: assign(({ context, event }, params: ApplyParams) => applyEvent(context, event.event, params)),
  },
  guards: {
    reportedIs: ({ event }, params: ReportedIsParams) => reportedIs(event.event, params),
  },
}).createMachine(lifecycleConfig)

export type LifecycleMachine = typeof lifecycleMachine
