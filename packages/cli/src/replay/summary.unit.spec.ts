import { compactSlipReport, createReplayAccumulator, replay } from '@boleto/core'
import { SEED_WEBHOOKS } from '@boleto/core/testing'
import { describe, expect, it } from 'vitest'
import { ReplayCursor } from './cursor.js'
import { chooseThreads } from './engine.js'
import { WorstOffenders } from './offenders.js'
import { collectReport, reportEntries, resultOfCursor } from './result.js'
import { renderSummary } from './summary.js'

const report = replay(SEED_WEBHOOKS.map((s) => s.body))

describe('replay results', () => {
  it('reads a finished replay out boleto by boleto: exactly the core report, then its totals', async () => {
    const fill = () => {
      const accumulator = createReplayAccumulator()
      for (const [i, s] of SEED_WEBHOOKS.entries()) accumulator.add(s.body, i)
      accumulator.addUndecodable(SEED_WEBHOOKS.length, 'bad line')
      return accumulator
    }
    const expected = fill().finish()
    expect(await collectReport(resultOfCursor(new ReplayCursor(fill())))).toEqual(expected)
    // The JSON pass: compact reports in key order, then the anomalies of the boletos that have some.
    const json = resultOfCursor(new ReplayCursor(fill()))
    let members = ''
    for await (const piece of json.slipMembers()) members += piece.toString()
    expect(members).toEqual(
      reportEntries(expected)
        .map((e) => `${JSON.stringify(e.key)}:${JSON.stringify(compactSlipReport(e.slip))}`)
        .join(','),
    )
    let anomalies = ''
    for await (const piece of json.anomaliesJson()) anomalies += piece.toString()
    expect(JSON.parse(`[${anomalies}]`)).toEqual(expected.anomalies.filter((a) => a.kind !== 'undecodable'))
    expect((await json.totals()).counts).toEqual(expected.counts)
    // Totals alone fold everything without a pass.
    const { counts, offenders } = await resultOfCursor(new ReplayCursor(fill())).totals()
    expect(counts).toEqual(expected.counts)
    expect(offenders.length).toBeGreaterThan(0)
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
