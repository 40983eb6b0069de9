import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

describe('@boleto/core built package under plain node', () => {
  it.skipIf(!existsSync(`${packageDir}/dist/index.js`))('imports and runs through its exports', () => {
    const out = execFileSync(process.execPath, ['test/smoke.mjs'], { cwd: packageDir, encoding: 'utf8' })
    expect(JSON.parse(out)).toEqual({
      slips: 16,
      paid: 'paid',
      total: 85219,
      machine: 'bankSlip',
      diagram: true,
      codec: 'QiBankSlipWebhook',
      fold: 'function',
      arbitrary: 'function',
      replayEntry: true,
    })
  })

  it('has been built (the root `pnpm test` builds before testing)', () => {
    expect(existsSync(`${packageDir}/dist/index.js`), 'run `pnpm build` first').toBe(true)
  })
})
