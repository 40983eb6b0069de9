import { existsSync, readFileSync, statSync } from 'node:fs'
import { compactSlipReport, createReplayAccumulator } from '@boleto/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, BIN, jsonl, runCli, runProcess, tempDir, webhook } from '../__fixtures__/harness.js'
import { addLine } from '../replay/feed.js'
import { normalizeReport } from '../replay/normalize.js'
import { generateLog } from '../testing/generate-log.js'

const tmp = tempDir()
let log: string
let clean: string
let generated: string

// Line numbers matter: they are what the report points at.
const LINES: unknown[] = [
  webhook('k-paid', 'o1', 'registration', 'registered', '2024-08-01T10:00:00.000Z'),
  {
    received_at: '2024-08-02T10:00:01.000Z',
    headers: { 'api-client-key': 'c0ffee' },
    body: webhook('k-paid', 'o2', 'payment_notice', 'payment_notice', '2024-08-02T10:00:00.000Z'),
  },
  'not json',
  '',
  '[1,2]',
  webhook('k-paid', 'o1', 'registration', 'registered', '2024-08-01T10:05:00.000Z'),
  webhook('k-paid', 'o3', 'payment', 'paid', '2024-08-03T10:00:00.000Z', { paid_amount: 850.0 }),
  webhook('k-gap', 'o4', 'payment', 'paid', '2024-08-03T11:00:00.000Z', { paid_amount: 10.5 }),
  '{"webhook_type":"baas.bank_slip.occurrence","data":{"bank_slip_status":"registered"}}',
  webhook('k-late', 'o5', 'payment_notice', 'payment_notice', '2024-08-02T12:00:00.000Z'),
  webhook('k-late', 'o6', 'registration', 'registered', '2024-08-01T12:00:00.000Z'),
]

interface Report {
  slips: Record<
    string,
    { status: string; probablyMissing: Array<{ occurrenceType: string }>; error?: string }
  >
  counts: Record<string, number> & { byStatus: Record<string, number>; byAnomaly: Record<string, number> }
  anomalies: Array<{ kind: string; index?: number; bankSlipKey: string | null }>
}

beforeAll(() => {
  assertBuilt()
  log = tmp.file('log.jsonl', jsonl(LINES))
  clean = tmp.file(
    'clean.jsonl',
    jsonl([
      webhook('k1', 'a', 'registration', 'registered', '2024-08-01T10:00:00.000Z'),
      webhook('k1', 'b', 'payment', 'paid', '2024-08-02T10:00:00.000Z', { paid_amount: 1 }),
      webhook('k2', 'c', 'registration', 'rejected', '2024-08-01T10:00:00.000Z'),
    ]),
  )
  generated = tmp.file('generated.jsonl')
  generateLog(generated, { lines: 30_000, badLineEvery: 997, seed: 7 })
})
afterAll(() => tmp.cleanup())

describe('boleto replay', () => {
  it('summarises a log, reports bad lines by number, and is silent on a non-TTY stderr', async () => {
    const run = await runCli(['replay', log])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(1) // undecodable lines are findings
    expect(run.stdout).toContain('Replayed 11 lines')
    expect(run.stdout).toMatch(/Boletos by status\n\s+paid\s+2\n\s+payment_notice\s+1/)
    expect(run.stdout).toContain('line 3: invalid JSON')
    expect(run.stdout).toContain('line 5: not a JSON object (an array)')
    expect(run.stdout).toContain('line 9: data.bank_slip_key: bank_slip_key must be a non-empty string')
    expect(run.stdout).toContain('Worst offenders')
    expect(run.stdout).toMatch(/undecodable\s+3/)
  })

  it('--json prints one report with 1-based line numbers and sorted keys', async () => {
    const run = await runCli(['replay', log, '--json'])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('')
    const report = JSON.parse(run.stdout) as Report
    expect(Object.keys(report.slips)).toEqual(['k-gap', 'k-late', 'k-paid'])
    expect(report.counts.inputs).toBe(10) // the blank line is not an input
    expect(report.counts.undecodable).toBe(3)
    expect(report.counts.duplicates).toBe(1)
    expect(report.counts.outOfOrder).toBe(1)
    expect(report.anomalies.filter((a) => a.kind === 'undecodable').map((a) => a.index)).toEqual([3, 5, 9])
    expect(report.slips['k-paid']?.status).toBe('paid')
    expect(report.slips['k-gap']?.probablyMissing.map((m) => m.occurrenceType)).toEqual(['registration'])
    expect(report.anomalies.find((a) => a.kind === 'duplicate')?.index).toBe(6)
  })

  it('exits 0 on a clean log and 1 with --strict when there is any anomaly', async () => {
    expect((await runCli(['replay', clean])).code).toBe(0)
    expect((await runCli(['replay', clean, '--strict'])).code).toBe(0)
    const noBadLines = tmp.file('gap.jsonl', jsonl([LINES[0], LINES[7]]))
    expect((await runCli(['replay', noBadLines])).code).toBe(0)
    const strict = await runCli(['replay', noBadLines, '--strict', '--json'])
    expect(strict.code).toBe(1)
    const report = JSON.parse(strict.stdout) as Report
    expect(report.counts.strictFailures).toBe(1)
    expect(report.slips['k-gap']?.error).toMatch(/not a valid transition from accepted/)
  })

  it('--slip shows one boleto; an unknown one exits 1', async () => {
    const run = await runCli(['replay', clean, '--slip', 'k1'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Boleto k1\n\s+status\s+paid/)
    expect(run.stdout).toMatch(/paid\s+R\$ 1\.00/)
    const gap = await runCli(['replay', log, '--slip', 'k-gap'])
    expect(gap.stdout).toContain(
      'Probably missing occurrences\n  registration: payment arrived while accepted',
    )
    const json = JSON.parse((await runCli(['replay', log, '--slip', 'k-gap', '--json'])).stdout) as Report
    expect(Object.keys(json.slips)).toEqual(['k-gap'])
    const unknown = await runCli(['replay', clean, '--slip', 'nope'])
    expect(unknown.code).toBe(1)
    expect(unknown.stdout).toContain('No events for boleto nope')
  })

  it('reads stdin with -', async () => {
    const fromFile = await runCli(['replay', log, '--json'])
    const fromStdin = await runCli(['replay', '-', '--json'], { input: readFileSync(log) })
    expect(fromStdin.code).toBe(1)
    expect(fromStdin.stdout).toBe(fromFile.stdout)
  })

  it('handles an empty file', async () => {
    const run = await runCli(['replay', tmp.file('empty.jsonl', '')])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Replayed 0 lines')
    const json = JSON.parse((await runCli(['replay', tmp.file('empty.jsonl'), '--json'])).stdout) as Report
    expect(json).toMatchObject({ slips: {}, anomalies: [], counts: { inputs: 0, slips: 0 } })
  })

  it('exits 2 with a clear message for a missing file or a usage error', async () => {
    const missing = await runCli(['replay', tmp.file('nope.jsonl')])
    expect(missing.code).toBe(2)
    expect(missing.stdout).toBe('')
    expect(missing.stderr).toBe(`boleto: cannot read ${tmp.file('nope.jsonl')}: no such file\n`)
    expect((await runCli(['replay', tmp.dir])).stderr).toContain('is a directory')
    expect((await runCli(['replay'])).code).toBe(2)
    expect((await runCli(['replay', log, '--threads', 'zero'])).code).toBe(2)
    expect((await runCli(['replay', log, '--bogus'])).code).toBe(2)
  })

  it('draws the progress bar on stderr when forced, and on a terminal', async () => {
    const forced = await runCli(['replay', generated, '--progress', '--json'])
    expect(forced.stderr).toMatch(/lines\/s/)
    expect(forced.stderr).toMatch(/\[[#-]+\]\s+\d+%/)
    expect(forced.stderr).toContain('ETA')
    expect(forced.stderr.endsWith('\r\u001b[K')).toBe(true) // erased at the end
    if (!existsSync('/usr/bin/script')) return
    // A real pseudo-terminal: stdout goes to a file, the pty shows stderr only.
    const out = tmp.file('tty-out.json')
    const tty = await runProcess('/usr/bin/script', [
      '-qfec',
      `${process.execPath} ${BIN} replay ${generated} --json > ${out}`,
      '/dev/null',
    ])
    expect(tty.code).toBe(1) // the generated log has bad lines
    expect(tty.stdout).toMatch(/lines\/s/)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('counts')
  })

  it('gives the same JSON on one thread and on several, equal to JSON.stringify of the core report', async () => {
    const one = await runCli(['replay', generated, '--json', '--threads', '1'])
    const two = await runCli(['replay', generated, '--json', '--threads', '2'])
    const three = await runCli(['replay', generated, '--json', '--threads', '3'])
    expect(one.code).toBe(1)
    expect(two.stdout).toBe(one.stdout)
    expect(three.stdout).toBe(one.stdout)
    // The core report with each boleto in its compact form, as `--json` writes it.
    const accumulator = createReplayAccumulator()
    const lines = readFileSync(generated, 'utf8').split('\n')
    if (lines[lines.length - 1] === '') lines.pop()
    for (const [i, text] of lines.entries()) if (text.trim() !== '') addLine(accumulator, text, i + 1)
    const report = normalizeReport(accumulator.finish())
    const slips = Object.fromEntries(Object.entries(report.slips).map(([k, s]) => [k, compactSlipReport(s)]))
    expect(one.stdout).toBe(`${JSON.stringify({ ...report, slips })}\n`)
    const parsed = JSON.parse(one.stdout) as Report
    expect(parsed.counts.undecodable).toBeGreaterThan(20)
    expect(parsed.counts.duplicates).toBeGreaterThan(100)
  })

  it('gives the same JSON on several threads when the router cannot read or misreads keys', async () => {
    // Lines whose key the main thread's router does not find (a record whose body is a JSON string, a
    // non-ASCII key) or finds wrong (a decoy before data) reach some worker that hands them over.
    const lines = readFileSync(generated, 'utf8').split('\n').slice(0, 6000)
    const disguised = lines.map((text, i) => {
      if (!text.startsWith('{"webhook_type"')) return text
      if (i % 7 === 0) return JSON.stringify({ received_at: '2024-08-01T00:00:00Z', body: text })
      if (i % 11 === 0) return `{"aa":{"bank_slip_key":"decoy-${i}"},${text.slice(1)}`
      if (i % 13 === 0) return text.replace(/"bank_slip_key":"/, '"bank_slip_key":"ç-')
      // Past Latin-1 (a merge page's keys then travel as UTF-16), a surrogate pair too.
      if (i % 17 === 0) return text.replace(/"bank_slip_key":"/, '"bank_slip_key":"€-')
      if (i % 19 === 0) return text.replace(/"bank_slip_key":"/, '"bank_slip_key":"😀-')
      return text
    })
    const file = tmp.file('disguised.jsonl', `${disguised.join('\n')}\n`)
    const one = await runCli(['replay', file, '--json', '--threads', '1'])
    // From stdin (a pipe), the main thread reads and routes lines; a file is cut into one range per worker.
    const piped = (threads: string) =>
      runCli(['replay', '-', '--json', '--threads', threads], { input: readFileSync(file) })
    const two = await piped('2')
    const three = await piped('3')
    expect(one.code).toBe(1)
    expect(two.stdout).toBe(one.stdout)
    expect(three.stdout).toBe(one.stdout)
    expect((await runCli(['replay', file, '--json', '--threads', '2'])).stdout).toBe(one.stdout)
    const report = JSON.parse(one.stdout) as Report
    for (const start of ['ç-', '€-', '😀-'])
      expect(Object.keys(report.slips).some((k) => k.startsWith(start))).toBe(true)
    expect(report.counts.undecodable).toBeLessThan(20)
  })

  it('gives the same report however the file is cut: blank and CRLF lines, an oversized line, no final newline', async () => {
    // Workers each read a range of the file, numbering its lines from 1, and share the boletos whose
    // events fall in more than one range: line numbers and boletos must come out as on one thread.
    const lines = readFileSync(generated, 'utf8').split('\n').slice(0, 4000)
    const shaped = lines.flatMap((text, i) => {
      if (i === 1500) return [text, `{"pad":"${'x'.repeat(8 * 1024 * 1024)}"}`] // past the 8 MiB limit
      if (i % 97 === 0) return [text, '', '   ']
      if (i % 89 === 0) return [`${text}\r`]
      return [text]
    })
    const file = tmp.file('shaped.jsonl', shaped.join('\n')) // no final newline
    const one = await runCli(['replay', file, '--json', '--threads', '1'])
    expect(one.code).toBe(1)
    const report = JSON.parse(one.stdout) as Report
    const oversized = shaped.findIndex((text) => text.startsWith('{"pad"')) + 1
    expect(report.anomalies.some((a) => a.kind === 'undecodable' && a.index === oversized)).toBe(true)
    for (const threads of ['2', '3', '7']) {
      const run = await runCli(['replay', file, '--json', '--threads', threads])
      expect(run.stdout).toBe(one.stdout)
    }
  })

  it('counts every byte and line read by the workers', async () => {
    const run = await runCli(['replay', generated, '--stats', '--threads', '2'])
    const { stats } = JSON.parse(run.stderr.trim().split('\n').pop()!) as {
      stats: { lines: number; bytes: number; threads: number }
    }
    expect(stats).toMatchObject({ threads: 2, bytes: statSync(generated).size })
    expect(stats.lines).toBe(readFileSync(generated, 'utf8').split('\n').length - 1)
  })

  it('starts no worker for an empty range, and reads a file to its end whatever its size said', async () => {
    const one = await runCli(['replay', clean, '--json', '--threads', '1'])
    const many = await runCli(['replay', clean, '--json', '--stats', '--threads', '8'])
    expect(many.stdout).toBe(one.stdout)
    const { stats } = JSON.parse(many.stderr.trim().split('\n').pop()!) as { stats: { threads: number } }
    // Three lines: at most three ranges hold any, and the last range is kept for whatever the file holds by then.
    expect(stats.threads).toBeLessThanOrEqual(4)
    if (!existsSync('/proc/self/status')) return
    // A file whose size is 0 until it is read: every line of it is still read (none is a webhook).
    const proc = await runCli(['replay', '/proc/self/status', '--stats', '--threads', '2'])
    const procStats = JSON.parse(proc.stderr.trim().split('\n').pop()!) as { stats: { lines: number } }
    expect(procStats.stats.lines).toBeGreaterThan(10)
    expect(proc.code).toBe(1)
  })

  it('--stats reports throughput and peak memory on stderr', async () => {
    const run = await runCli(['replay', clean, '--stats'])
    const stats = JSON.parse(run.stderr) as { stats: { lines: number; maxRssKiB: number; threads: number } }
    expect(stats.stats).toMatchObject({ lines: 3, threads: 1 })
    expect(stats.stats.maxRssKiB).toBeGreaterThan(1000)
  })
})
