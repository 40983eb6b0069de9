import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { lifecycleMarkdown, toMermaid } from './mermaid.js'

describe('lifecycle diagram', () => {
  it('draws every status and the transitions of domain.md §2.1', () => {
    const diagram = toMermaid()
    expect(diagram).toContain('accepted --> registered: registration')
    expect(diagram).toContain('accepted --> rejected: registration_rejected')
    expect(diagram).toContain('registered --> payment_blocked: protest_request, bankruptcy_protest_request')
    expect(diagram).toContain('payment_blocked --> registered: protest_cancel_request, notary_office_exit')
    expect(diagram).toContain('written_off --> written_off: protest_remove_request')
    expect(diagram).toContain('paid --> [*]')
  })

  it('docs/lifecycle.md is the diagram generated from the machine (regenerate: pnpm --silent boleto diagram --markdown > docs/lifecycle.md)', () => {
    const onDisk = readFileSync(new URL('../../../../docs/lifecycle.md', import.meta.url), 'utf8')
    expect(onDisk).toBe(lifecycleMarkdown())
  })
})
