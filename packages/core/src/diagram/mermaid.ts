/**
 * The lifecycle diagram, generated from `lifecycleMachine` (never drawn by hand): every valid transition of
 * every state. The lenient `*` fallbacks and the rejected-occurrence self-loops are the same for every
 * state, so they are stated once in a note instead of drawn 8 times.
 */
import { BANK_SLIP_STATUSES, type BankSlipStatus } from '../domain/vocabulary.js'
import { compileLifecycle } from '../fold/compile.js'
import { LIFECYCLE_EVENT_TYPES } from '../fold/table.js'
import { lifecycleMachine } from '../lifecycle/machine.js'

/** Pure. A Mermaid `stateDiagram-v2` of the lifecycle. */
export const toMermaid = (): string => {
  const table = compileLifecycle(lifecycleMachine)
  const lines = ['stateDiagram-v2', `  [*] --> ${lifecycleMachine.config.initial as string}`]
  for (const status of BANK_SLIP_STATUSES) {
    const byTarget = new Map<BankSlipStatus, string[]>()
    for (const eventType of LIFECYCLE_EVENT_TYPES) {
      const first = table[status][eventType][0]
      if (first === undefined || first.guard !== null || first.params.outcome !== 'valid') continue
      if (eventType === 'occurrence_rejected') continue
      const target = first.target ?? status
      byTarget.set(target, [...(byTarget.get(target) ?? []), eventType])
    }
    for (const [target, events] of byTarget) lines.push(`  ${status} --> ${target}: ${events.join(', ')}`)
  }
  for (const status of BANK_SLIP_STATUSES) {
    const node = lifecycleMachine.root.states[status]
    if (node?.tags.includes('final')) lines.push(`  ${status} --> [*]`)
  }
  lines.push(
    '  note right of accepted',
    '    Any other event in accepted, registered, payment_blocked or a payment notice:',
    "    anomaly recorded, QI's reported bank_slip_status adopted when it is a known one.",
    '    paid and rejected (final) and written_off absorb any other event as an anomaly.',
    '    A rejected occurrence never changes the status: it settles the instruction it answers.',
    '  end note',
  )
  return `${lines.join('\n')}\n`
}

/** Pure. The Markdown page docs/lifecycle.md, checked against the machine by a test. */
export const lifecycleMarkdown = (): string =>
  [
    '# Boleto lifecycle',
    '',
    '<!-- Generated from lifecycleMachine by `boleto diagram` (packages/core/src/diagram/mermaid.ts). Do not edit: a test fails when it is out of date. Regenerate with `pnpm --silent boleto diagram --markdown > docs/lifecycle.md`. -->',
    '',
    'Statuses and transitions of domain.md §1.2 and §2.1, as the XState machine `lifecycleMachine` in `@boleto/core` defines them.',
    '',
    '```mermaid',
    toMermaid().trimEnd(),
    '```',
    '',
  ].join('\n')
