import { replay } from '@boleto/core'
import { SEED_WEBHOOKS } from '@boleto/core/testing'
import { describe, expect, it } from 'vitest'
import { chooseThreads } from './engine.js'
import { WorstOffenders } from './offenders.js'
import { collectReport, reportEntries, resultOfReport } from './result.js'
import { renderSummary } from './summary.js'

const report = replay(SEED_WEBHOOKS.map((s) => s.body))

describe('replay results', () => {
  it('streams a report back to itself', async () => {
    expect(await collectReport(resultOfReport(report))).toEqual(report)
    expect(reportEntries(report).map((e) => e.key)).toEqual(Object.keys(report.slips).sort())
  })

  it('keeps the worst offenders: most anomalies first, then by key, at most the limit', () => {
    const worst = new WorstOffenders(3)
    for (const e of reportEntries(report)) worst.add(e)
    const list = worst.list()
    expect(list.length).toBeLessThanOrEqual(3)
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!]
      expect(a.total > b.total || (a.total === b.total && a.bankSlipKey < b.bankSlipKey)).toBe(true)
    }
  })

  it('summarises counts, bad lines and offenders', () => {
    const worst = new WorstOffenders()
    for (const e of reportEntries(report)) worst.add(e)
    const text = renderSummary(
      report.counts,
      [{ kind: 'undecodable', bankSlipKey: null, index: 7, message: 'bad' }],
      worst.list(),
      {
        source: 'seeds',
        lines: 20,
        threads: 2,
        elapsedMs: 1500,
      },
    )
    expect(text).toContain('Replayed 20 lines of seeds in 1.5 s, 2 threads')
    expect(text).toContain('Boletos by status')
    expect(text).toContain('line 7: bad')
    expect(text).toContain('Worst offenders')
  })

  it('uses workers only for large inputs, unless told', () => {
    expect(chooseThreads(1000, undefined, 4)).toBe(1)
    expect(chooseThreads(100 * 1024 * 1024, undefined, 4)).toBe(4)
    expect(chooseThreads(100 * 1024 * 1024, undefined, 1)).toBe(1)
    expect(chooseThreads(null, undefined, 4)).toBe(1)
    expect(chooseThreads(10, 3, 1)).toBe(3)
  })
})
