import { replay } from '@boleto/core'
import { describe, expect, it } from 'vitest'
import { hasDiscrepancies, reconcile } from './compare.js'
import { providerFormat, splitCsv } from './provider.js'
import { resendQueries, webhookTypeFor } from './queries.js'

const hook = (key: string, occurrenceKey: string, type: string, status: string, at: string) => ({
  webhook_type: type === 'payment' ? 'baas.bank_slip.payment' : 'baas.bank_slip.occurrence',
  webhook_datetime: at,
  data: {
    bank_slip_key: key,
    bank_slip_status: status,
    occurrence_key: occurrenceKey,
    occurrence_type: type,
    occurrence_status: 'confirmed',
  },
})

describe('provider exports', () => {
  it('splits CSV records with quotes', () => {
    expect(splitCsv('a,b,c')).toEqual(['a', 'b', 'c'])
    expect(splitCsv('"a,1","say ""hi""",')).toEqual(['a,1', 'say "hi"', ''])
    expect(splitCsv(' k , paid ')).toEqual(['k', 'paid'])
  })

  it('tells CSV from JSONL by extension, then by content', () => {
    expect(providerFormat('s.CSV', '{')).toBe('csv')
    expect(providerFormat('s.ndjson', 'b')).toBe('jsonl')
    expect(providerFormat('export', '{')).toBe('jsonl')
    expect(providerFormat('export', 'b')).toBe('csv')
  })
})

describe('re-send queries', () => {
  it('asks for each webhook type that carries a missing occurrence', () => {
    expect(webhookTypeFor('payment')).toBe('baas.bank_slip.payment')
    expect(webhookTypeFor('rebate')).toBe('baas.bank_slip.occurrence')
    expect(
      resendQueries('k 1', [
        { occurrence_type: 'registration' },
        { occurrence_type: 'rebate' },
        { occurrence_type: 'payment' },
      ]),
    ).toEqual([
      '/notification/events?origin_key=k%201&event_type=baas.bank_slip.occurrence',
      '/notification/events?origin_key=k%201&event_type=baas.bank_slip.payment',
    ])
    expect(resendQueries('k', [])).toEqual(['/notification/events?origin_key=k'])
  })
})

describe('reconcile', () => {
  it('finds mismatches, both kinds of missing, and gaps', async () => {
    const report = replay([
      hook('a', '1', 'registration', 'registered', '2024-01-01T00:00:00Z'),
      hook('b', '2', 'registration', 'registered', '2024-01-01T00:00:00Z'),
      hook('c', '3', 'payment', 'paid', '2024-01-02T00:00:00Z'),
    ])
    const provider = new Map([
      ['a', 'registered'],
      ['b', 'paid'],
      ['c', 'paid'],
      ['z', 'written_off'],
    ])
    const r = await reconcile(report, provider)
    expect(r.counts).toMatchObject({
      matched: 2,
      mismatches: 1,
      missing_in_log: 1,
      missing_in_provider: 0,
      incomplete: 1,
    })
    expect(r.mismatches[0]).toMatchObject({ bank_slip_key: 'b', derived: 'registered', provider: 'paid' })
    expect(r.mismatches[0]?.probably_missing.map((m) => m.occurrence_type)).toEqual(['payment'])
    expect(r.incomplete[0]).toMatchObject({
      bank_slip_key: 'c',
      probably_missing: [{ occurrence_type: 'registration' }],
    })
    expect(hasDiscrepancies(r)).toBe(true)
    const agree = await reconcile(
      report,
      new Map([
        ['a', 'registered'],
        ['b', 'registered'],
        ['c', 'paid'],
      ]),
    )
    expect(hasDiscrepancies(agree)).toBe(false)
  })
})
