import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { initialTransition, transition } from 'xstate'
import type { BankSlipEvent } from '../domain/events.js'
import { lifecycleMachine } from '../lifecycle/machine.js'
import { toMachineEvent } from '../lifecycle/machine-event.js'
import type { BankSlipState, LifecycleContext } from '../lifecycle/state.js'
import { validHistoryArb, webhookBodyArb } from '../testing/arbitraries.js'
import { fold, initialState } from './fold.js'
import { compareEvents } from './order.js'
import { step } from './step.js'
import { events } from './test-helpers.js'

const contextOf = (state: BankSlipState): LifecycleContext => {
  const { status: _s, history: _h, delivery: _d, ...context } = state
  return context
}

/** Runs the same sorted events through XState's `transition()` and the compiled fast path, step by step. */
const agree = (sorted: readonly BankSlipEvent[]): void => {
  let [snapshot] = initialTransition(lifecycleMachine)
  let state: BankSlipState = initialState
  for (const event of sorted) {
    ;[snapshot] = transition(lifecycleMachine, snapshot, toMachineEvent(event))
    state = step(state, event).state
    expect(state.status).toBe(snapshot.value)
    expect(contextOf(state)).toEqual(snapshot.context)
  }
}

describe('the fast fold is the machine', () => {
  it('agrees with XState transition() on valid histories', () => {
    fc.assert(
      fc.property(validHistoryArb({ maxLength: 10 }), (steps) => {
        agree(events(steps.map((s) => s.body)))
      }),
      { numRuns: 1500 },
    )
  })

  it('agrees with XState transition() on random sequences, invalid and unknown events included', () => {
    fc.assert(
      fc.property(fc.array(webhookBodyArb({ bankSlipKey: 'slip' }), { maxLength: 12 }), (bodies) => {
        agree([...events(bodies)].sort(compareEvents))
      }),
      { numRuns: 1500 },
    )
  })

  it('fold(events) equals the final XState snapshot', () => {
    fc.assert(
      fc.property(fc.array(webhookBodyArb({ bankSlipKey: 'slip' }), { maxLength: 12 }), (bodies) => {
        const sorted = [...events(bodies)].sort(compareEvents)
        let [snapshot] = initialTransition(lifecycleMachine)
        for (const e of sorted) [snapshot] = transition(lifecycleMachine, snapshot, toMachineEvent(e))
        const folded = fold(sorted)
        expect(folded.status).toBe(snapshot.value)
        expect(contextOf(folded)).toEqual(snapshot.context)
      }),
      { numRuns: 1000 },
    )
  })
})
