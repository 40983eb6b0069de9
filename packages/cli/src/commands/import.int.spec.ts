import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, jsonl, runCli, tempDir, webhook } from '../__fixtures__/harness.js'

const tmp = tempDir()
let log: string

beforeAll(() => {
  assertBuilt()
  log = tmp.file(
    'log.jsonl',
    jsonl([
      webhook('k1', 'a', 'registration', 'registered', '2024-08-01T10:00:00.000Z'),
      {
        received_at: '2024-08-02T10:00:01Z',
        body: webhook('k1', 'b', 'payment', 'paid', '2024-08-02T10:00:00.000Z'),
      },
      '{"broken',
      webhook('k1', 'a', 'registration', 'registered', '2024-08-01T10:09:00.000Z'), // QI re-sent it
      webhook('k2', 'c', 'registration', 'rejected', '2024-08-01T10:00:00.000Z'),
      '{"webhook_type":"baas.bank_slip.occurrence","data":{}}',
    ]),
  )
})
afterAll(() => tmp.cleanup())

interface ImportJson {
  lines: number
  stored: number
  duplicates: number
  undecodable: Array<{ line: number; message: string }>
}

describe('boleto import', () => {
  it('loads a log into SQLite idempotently: the second run adds nothing', async () => {
    const db = tmp.file('boleto.db')
    const first = await runCli(['import', log, '--db', db, '--json'])
    expect(first.code).toBe(1) // undecodable lines
    const a = JSON.parse(first.stdout) as ImportJson
    expect(a).toMatchObject({ lines: 6, stored: 3, duplicates: 1 })
    expect(a.undecodable.map((u) => u.line)).toEqual([3, 6])
    const second = await runCli(['import', log, '--db', db, '--json'])
    const b = JSON.parse(second.stdout) as ImportJson
    expect(b).toMatchObject({ stored: 0, duplicates: 4 })
    // The store agrees: the replay of the imported log matches.
    const human = await runCli(['import', log, '--db', db])
    expect(human.stdout).toMatch(/stored\s+0\n\s+duplicates\s+4\n\s+undecodable\s+2/)
    expect(human.stdout).toContain('line 3: invalid JSON')
  })

  it('exits 2 when the store cannot be opened or the file is missing', async () => {
    const bad = await runCli(['import', log, '--db', tmp.file('no/such/dir/x.db')])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('cannot open the store')
    const missing = await runCli(['import', tmp.file('nope.jsonl'), '--db', tmp.file('x.db')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no such file')
    expect((await runCli(['import', log])).code).toBe(2) // --db is required
  })
})
