/**
 * The fold against XState over the same events: the compiled fast path (`fold`), XState's pure
 * `transition()` in a loop, and an actor's `send()` loop. Issue claim: fold ≥ 30× the `transition()` loop.
 */
import { type BankSlipEvent, decodeWebhook, fold, lifecycleMachine, toMachineEvent } from '@boleto/core'
import { validHistoryArb } from '@boleto/core/testing/arbitraries'
import fc from 'fast-check'
import { createActor, initialTransition, transition } from 'xstate'
import { measure } from '../measure.js'
import type { BenchReport } from '../report.js'

/** Valid histories of many boletos, decoded once: every case below consumes the same events. */
const makeHistories = (slips: number): BankSlipEvent[][] =>
  fc
    .sample(validHistoryArb({ maxLength: 10, withRejections: true }), { numRuns: slips, seed: 42 })
    .map((steps) =>
      steps.map((s) => {
        const decoded = decodeWebhook(s.body)
        if (!decoded.ok) throw new Error('generated body does not decode')
        return decoded.value
      }),
    )

export async function run(): Promise<BenchReport> {
  const histories = makeHistories(2_000)
  const eventCount = histories.reduce((n, h) => n + h.length, 0)
  const machineEvents = histories.map((h) => h.map(toMachineEvent))

  const foldRate = measure(() => {
    for (const h of histories) fold(h)
    return eventCount
  })
  const transitionRate = measure(() => {
    for (const h of machineEvents) {
      let [snapshot] = initialTransition(lifecycleMachine)
      for (const e of h) [snapshot] = transition(lifecycleMachine, snapshot, e)
    }
    return eventCount
  })
  const actorRate = measure(() => {
    for (const h of machineEvents) {
      const actor = createActor(lifecycleMachine).start()
      for (const e of h) actor.send(e)
      actor.stop()
    }
    return eventCount
  })
  const ratio = foldRate / transitionRate
  return {
    suite: `fold: ${histories.length} boletos, ${eventCount} events (valid histories, rejections mixed in)`,
    rows: [
      { name: '@boleto/core fold (compiled from the machine)', opsPerSec: foldRate, unit: 'events/s' },
      { name: 'xstate transition() loop', opsPerSec: transitionRate, unit: 'events/s' },
      { name: 'xstate actor send() loop', opsPerSec: actorRate, unit: 'events/s' },
    ],
    claims: [{ claim: 'fold ≥ 30× the transition() loop', ok: ratio >= 30, detail: `${ratio.toFixed(1)}×` }],
  }
}
