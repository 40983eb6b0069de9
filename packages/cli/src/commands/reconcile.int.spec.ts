import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, jsonl, runCli, tempDir, webhook } from '../__fixtures__/harness.js'

const tmp = tempDir()
let log: string

beforeAll(() => {
  assertBuilt()
  log = tmp.file(
    'log.jsonl',
    jsonl([
      // agrees with the provider
      webhook('k-ok', 'a1', 'registration', 'registered', '2024-08-01T10:00:00.000Z'),
      webhook('k-ok', 'a2', 'payment', 'paid', '2024-08-02T10:00:00.000Z', { paid_amount: 1 }),
      // the provider says paid: the payment webhook never arrived
      webhook('k-unpaid', 'b1', 'registration', 'registered', '2024-08-01T10:00:00.000Z'),
      // a payment without its registration, and the provider says written off
      webhook('k-gap', 'c2', 'payment_notice', 'payment_notice', '2024-08-02T10:00:00.000Z'),
      // only in the log
      webhook('k-log-only', 'd1', 'registration', 'registered', '2024-08-01T10:00:00.000Z'),
    ]),
  )
})
afterAll(() => tmp.cleanup())

interface Reconciliation {
  mismatches: Array<{
    bank_slip_key: string
    derived: string
    provider: string
    probably_missing: Array<{ occurrence_type: string; reason: string }>
    resend_queries: string[]
  }>
  missing_in_log: Array<{ bank_slip_key: string; provider: string }>
  missing_in_provider: Array<{ bank_slip_key: string; derived: string }>
  counts: Record<string, number>
}

const CSV =
  'bank_slip_key,bank_slip_status\nk-ok,paid\nk-unpaid,paid\nk-gap,written_off\nk-provider-only,registered\n'

describe('boleto reconcile', () => {
  it('lists mismatches with the probably missing occurrences, and boletos missing on either side (CSV)', async () => {
    const run = await runCli(['reconcile', log, '--provider', tmp.file('statuses.csv', CSV), '--json'])
    expect(run.code).toBe(1)
    const r = JSON.parse(run.stdout) as Reconciliation
    expect(r.mismatches.map((m) => [m.bank_slip_key, m.derived, m.provider])).toEqual([
      ['k-gap', 'payment_notice', 'written_off'],
      ['k-unpaid', 'registered', 'paid'],
    ])
    const unpaid = r.mismatches.find((m) => m.bank_slip_key === 'k-unpaid')!
    expect(unpaid.probably_missing.map((m) => m.occurrence_type)).toEqual(['payment'])
    expect(unpaid.resend_queries).toEqual([
      '/notification/events?origin_key=k-unpaid&event_type=baas.bank_slip.payment',
    ])
    const gap = r.mismatches.find((m) => m.bank_slip_key === 'k-gap')!
    expect(gap.probably_missing.map((m) => m.occurrence_type)).toContain('registration')
    expect(r.missing_in_log).toEqual([
      {
        bank_slip_key: 'k-provider-only',
        provider: 'registered',
        resend_queries: ['/notification/events?origin_key=k-provider-only'],
      },
    ])
    expect(r.missing_in_provider).toEqual([{ bank_slip_key: 'k-log-only', derived: 'registered' }])
    expect(r.counts).toMatchObject({ matched: 1, mismatches: 2, missing_in_log: 1, missing_in_provider: 1 })
  })

  it('prints the re-send queries in the human report; JSONL provider exports work too', async () => {
    const provider = tmp.file(
      'statuses.jsonl',
      `${CSV.trim()
        .split('\n')
        .slice(1)
        .map((l) => {
          const [bank_slip_key, bank_slip_status] = l.split(',')
          return JSON.stringify({ bank_slip_key, bank_slip_status, extra: 1 })
        })
        .join('\n')}\n`,
    )
    const run = await runCli(['reconcile', log, '--provider', provider])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('k-unpaid  derived registered, provider paid')
    expect(run.stdout).toContain(
      'GET /notification/events?origin_key=k-unpaid&event_type=baas.bank_slip.payment',
    )
    expect(run.stdout).toContain('Missing in the log')
    expect(run.stdout).toContain('GET /notification/events?origin_key=k-provider-only')
    expect(run.stdout).toContain('Missing in the provider export\n  k-log-only  derived registered')
  })

  it('exits 0 when everything agrees, also on several threads', async () => {
    const agree = tmp.file(
      'agree.csv',
      '"bank_slip_status","bank_slip_key"\r\npaid,k-ok\r\nregistered,k-unpaid\r\npayment_notice,k-gap\r\nregistered,k-log-only\r\n',
    )
    const run = await runCli(['reconcile', log, '--provider', agree])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('4 agree, 0 mismatches')
    // k-gap agrees but its history lacks the registration: reported, not a discrepancy
    expect(run.stdout).toContain(
      'Statuses agree, but the history has gaps\n  k-gap  payment_notice; probably missing: registration',
    )
    expect((await runCli(['reconcile', log, '--provider', agree, '--threads', '2'])).stdout).toBe(run.stdout)
  })

  it('exits 2 for a missing file or a CSV without the expected header', async () => {
    const missing = await runCli(['reconcile', log, '--provider', tmp.file('nope.csv')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no such file')
    const bad = await runCli(['reconcile', log, '--provider', tmp.file('bad.csv', 'key,status\nk,paid\n')])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('must name bank_slip_key and bank_slip_status')
    expect((await runCli(['reconcile', log])).code).toBe(2)
  })
})
