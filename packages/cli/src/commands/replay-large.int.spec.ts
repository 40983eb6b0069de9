/**
 * One million lines through the built binary, on every core: counts exact, memory bounded by the replay's
 * state (not by the file), within about a minute on two shared cores.
 */
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { assertBuilt, BIN, tempDir } from '../__fixtures__/harness.js'
import { type GeneratedLog, generateLog } from '../testing/generate-log.js'

const tmp = tempDir()
let path: string
let generated: GeneratedLog

beforeAll(() => {
  assertBuilt()
  path = tmp.file('million.jsonl')
  generated = generateLog(path, { lines: 1_000_000, badLineEvery: 50_000, seed: 2024 })
})
afterAll(() => tmp.cleanup())

/** Runs `replay --json --stats` and keeps only the `counts` member of the (large) report. */
const replayCounts = (
  file: string,
): Promise<{ code: number | null; counts: Record<string, unknown>; stats: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'replay', file, '--json', '--stats'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // The report is hundreds of MB: scan it as it streams, keeping only a short overlap between chunks.
    const START = '},"counts":'
    const END = ',"anomalies":['
    let carry = ''
    let capture: string | null = null
    let counts: string | null = null
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (text: string) => {
      if (counts !== null) return
      if (capture === null) {
        const window = carry + text
        const at = window.indexOf(START)
        if (at === -1) {
          carry = window.slice(-START.length)
          return
        }
        capture = window.slice(at + START.length)
      } else capture += text
      const end = capture.indexOf(END)
      if (end !== -1) counts = capture.slice(0, end)
    })
    let stats = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (text: string) => {
      stats += text
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (counts === null) reject(new Error(`no counts in the output (exit ${code}): ${stats}`))
      else resolve({ code, counts: JSON.parse(counts) as Record<string, unknown>, stats })
    })
  })

it('replays a 1-million-line log with exact counts', async () => {
  expect(generated.lines).toBeGreaterThanOrEqual(1_000_000)
  const { code, counts, stats } = await replayCounts(path)
  expect(code).toBe(1) // the generated log has malformed lines
  expect(counts).toMatchObject({
    inputs: generated.lines,
    events: generated.events,
    undecodable: generated.badLines,
    duplicates: generated.duplicates,
    slips: generated.boletos,
    byStatus: Object.fromEntries(Object.entries(generated.byStatus).sort(([a], [b]) => (a < b ? -1 : 1))),
  })
  const run = (JSON.parse(stats) as { stats: { threads: number; lines: number } }).stats
  expect(run.lines).toBe(generated.lines)
  expect(run.threads).toBeGreaterThanOrEqual(1)
})
