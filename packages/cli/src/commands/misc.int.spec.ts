import { lifecycleMarkdown, toMermaid } from '@boleto/core'
import { describe, expect, it } from 'vitest'
import { assertBuilt, runCli } from '../__fixtures__/harness.js'

const COMMANDS = ['serve', 'replay', 'reconcile', 'import', 'decode', 'diagram', 'demo']

describe('boleto', () => {
  it('has --help on every command, exit 0', async () => {
    assertBuilt()
    const root = await runCli(['--help'])
    expect(root.code).toBe(0)
    for (const c of COMMANDS) expect(root.stdout).toContain(c)
    expect(root.stdout).toContain('Exit status: 0 ok; 1 findings')
    for (const c of COMMANDS) {
      const help = await runCli([c, '--help'])
      expect(help.code, c).toBe(0)
      expect(help.stdout, c).toContain(`Usage: boleto ${c}`)
      expect(help.stdout, c).toContain('Exit status')
    }
  })

  it('exits 2 on usage errors', async () => {
    expect((await runCli(['nope'])).code).toBe(2)
    expect((await runCli([])).code).toBe(2)
    expect((await runCli(['diagram', '--format', 'plantuml'])).code).toBe(2)
  })

  it('prints the lifecycle diagram, or the whole Markdown page', async () => {
    const mermaid = await runCli(['diagram'])
    expect(mermaid.code).toBe(0)
    expect(mermaid.stdout).toBe(toMermaid())
    expect(mermaid.stdout.startsWith('stateDiagram-v2')).toBe(true)
    expect((await runCli(['diagram', '--format', 'mermaid', '--markdown'])).stdout).toBe(lifecycleMarkdown())
  })

  it("demo replays QI's examples and prints each boleto's status", async () => {
    const run = await runCli(['demo'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain("example webhooks of QI's documentation")
    expect(run.stdout).toMatch(/11b13b2c-4204-41b3-8596-2ee7ecbde38c\s+registered/)
    expect(run.stdout).toMatch(/ae783ed7-b892-4e48-8480-b045e3b492f5\s+rejected/)
  })
})
