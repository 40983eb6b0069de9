import { describe, expect, it } from 'vitest'
import { BANK_SLIP_STATUSES } from '../domain/vocabulary.js'
import { lifecycleMachine } from '../lifecycle/machine.js'
import { lifecycleConfig } from '../lifecycle/machine-config.js'
import { compileLifecycle } from './compile.js'
import { compileConfig, LIFECYCLE_EVENT_TYPES, type MachineConfigLike } from './table.js'

const apply = { type: 'apply', params: { from: 'registered', to: 'registered', outcome: 'valid' } }

/** A configuration where every state handles everything with `*`, then `registered`'s `on` replaced. */
const configWith = (on: Record<string, unknown>): MachineConfigLike => ({
  states: {
    ...Object.fromEntries(BANK_SLIP_STATUSES.map((status) => [status, { on: { '*': { actions: apply } } }])),
    registered: { on: on as never },
  },
})

describe('the fold transition table', () => {
  it('compiled from the configuration, without XState, equals the one compiled from the machine', () => {
    const fromConfig = compileConfig(lifecycleConfig)
    expect(fromConfig).toEqual(compileLifecycle(lifecycleMachine))
    // Every cell has candidates, the unguarded fallback last.
    for (const status of BANK_SLIP_STATUSES)
      for (const eventType of LIFECYCLE_EVENT_TYPES) {
        const candidates = fromConfig[status][eventType]
        expect(candidates.length).toBeGreaterThan(0)
        expect(candidates.at(-1)!.guard).toBeNull()
      }
  })

  it('reads an exact event type before `*`, and lists in their order', () => {
    const table = compileConfig(
      configWith({
        payment: [
          { guard: { type: 'reportedIs', params: { status: 'paid' } }, target: 'paid', actions: [apply] },
          { actions: apply },
        ],
        '*': { actions: apply },
      }),
    )
    expect(table.registered.payment.map((t) => [t.guard, t.target])).toEqual([
      [{ status: 'paid' }, 'paid'],
      [null, null],
      [null, null],
    ])
    expect(table.registered.registration).toHaveLength(1)
  })

  it('refuses what it does not understand, at load', () => {
    expect(() => compileConfig(configWith({ '*': { actions: [apply, apply] } }))).toThrow(
      /exactly one 'apply'/,
    )
    expect(() => compileConfig(configWith({ '*': { actions: { type: 'other' } } }))).toThrow(/exactly one/)
    expect(() => compileConfig(configWith({ '*': { guard: { type: 'other' }, actions: apply } }))).toThrow(
      /unknown guard/,
    )
    expect(() => compileConfig(configWith({ '*': { target: '#bankSlip.paid', actions: apply } }))).toThrow(
      /not a sibling/,
    )
    expect(() => compileConfig(configWith({ payment: { actions: apply } }))).toThrow(/does not handle/)
    expect(() => compileConfig({ states: {} })).toThrow(/no state accepted/)
    expect(() =>
      compileConfig(configWith({ 'payment.*': { actions: apply }, '*': { actions: apply } })),
    ).toThrow(/handles payment\.\*/)
    const inert = configWith({ '*': { actions: apply } })
    expect(() =>
      compileConfig({ states: { ...inert.states, paid: { ...inert.states.paid, always: [] } } }),
    ).toThrow(/paid has always/)
  })
})
