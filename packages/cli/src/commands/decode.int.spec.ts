import { beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, runCli } from '../__fixtures__/harness.js'

const BANK = '31890005025050051213700211649462383350000083548'
const CONVENIO = '858200000015000000643025703477209504800448091020'
const BAD_FIELD = '31890005035050051213700211649462383350000083548'

beforeAll(assertBuilt)

describe('boleto decode', () => {
  it('explains a valid bank line and a convênio', async () => {
    const run = await runCli(['decode', BANK, CONVENIO, '--reference-date', '2020-07-01'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /valid bank boleto \(digitable line\)\n\s+bank\s+318\n\s+amount\s+R\$ 835\.48\n\s+due date\s+2020-08-02/,
    )
    expect(run.stdout).toContain('31890.00502 50500.512137 00211.649462 3 83350000083548')
    expect(run.stdout).toMatch(/valid convênio[\s\S]*segment\s+5 \(government\)\n\s+amount\s+R\$ 100\.00/)
  })

  it('names the field and the expected check digit of an invalid line, and exits 1', async () => {
    const run = await runCli(['decode', BANK, BAD_FIELD, '--reference-date', '2020-07-01'])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/INVALID\s+FIELD_CHECK_DIGIT \(field1\)/)
    expect(run.stdout).toMatch(/expected \d/)
  })

  it('--json prints one JSON line per input; --stdin reads lines', async () => {
    const run = await runCli(['decode', '--stdin', '--json', '--reference-date', '2020-07-01'], {
      input: `${BANK}\n\n  ${BAD_FIELD}  \n12\n`,
    })
    expect(run.code).toBe(1)
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatchObject({
      input: BANK,
      valid: true,
      kind: 'bank',
      amountCents: 83548,
      dueDate: '2020-08-02',
    })
    expect(lines[1]).toMatchObject({ valid: false, error: { code: 'FIELD_CHECK_DIGIT', field: 'field1' } })
    expect(lines[2]).toMatchObject({ valid: false, error: { code: 'INVALID_LENGTH' } })
  })

  it('exits 2 without input or with a bad reference date', async () => {
    expect((await runCli(['decode'])).code).toBe(2)
    expect((await runCli(['decode', BANK, '--reference-date', '2020-02-30'])).code).toBe(2)
  })
})
