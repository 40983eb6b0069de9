/**
 * Replay throughput and memory: `boleto replay --json` (the built binary, spawned, report to a file) against
 * a baseline that only reads the same log with the same streaming reader and `JSON.parse`s each line (also
 * a spawned node process: packages/cli/dist/bench/parse-loop.js), on one generated log of about a million
 * events (several per boleto, ~3 % re-sent later, ~2 % late, 10 % in the record format, 0.5 % of boletos
 * missing an event, a few malformed lines). The readline reader is measured too, to justify the splitter.
 *
 * Rates are events (lines) per wall-clock second of the whole process, start-up and output included; the
 * cases run in turn, ROUNDS rounds of one run each, and each keeps its best run, since the machine is shared
 * and its speed drifts; files are flushed to disk between runs, untimed. Each child also reports its CPU
 * time and peak memory (`process.resourceUsage()`, worker threads included: `--stats` for the replay), so
 * that a run on a busy machine can still be read (events per CPU-second).
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { closeSync, createReadStream, fsyncSync, mkdtempSync, openSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { generateLog } from '@boleto/cli'
import type { BenchClaim, BenchReport, BenchRow } from '../report.js'

const LINES = 1_000_000
const ROUNDS = Number(process.env.BENCH_REPLAY_ROUNDS ?? 2)
const MAX_RSS_MIB = 512

const cliDir = dirname(createRequire(import.meta.url).resolve('@boleto/cli/package.json'))
const BIN = join(cliDir, 'dist', 'bin.js')
const PARSE_LOOP = join(cliDir, 'dist', 'bench', 'parse-loop.js')

interface Run {
  readonly ms: number
  readonly stdout: string
  readonly stderr: string
  readonly code: number | null
}

/** Spawns node, stdout to `outFile` (or collected when null), and times it. */
const timed = (args: readonly string[], outFile: string | null): Promise<Run> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const command =
      outFile === null
        ? [process.execPath, ...args]
        : ['sh', '-c', `exec "$0" "$@" > "${outFile}"`, process.execPath, ...args]
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout += t
    })
    child.stderr.setEncoding('utf8').on('data', (t: string) => {
      stderr += t
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ ms: performance.now() - started, stdout, stderr, code }))
  })

/**
 * Runs every case `rounds` times, one round of all cases after another (so that a stretch where the shared
 * machine is slow falls on every case alike, not on whichever runs then), and keeps each case's fastest run.
 */
const bestOfRounds = async <K extends string>(
  rounds: number,
  cases: Readonly<Record<K, () => Promise<Run>>>,
): Promise<Record<K, Run>> => {
  const kept = {} as Record<K, Run>
  for (let i = 0; i < rounds; i++)
    for (const name of Object.keys(cases) as K[]) {
      const r = await cases[name]()
      if (kept[name] === undefined || r.ms < kept[name].ms) kept[name] = r
    }
  return kept
}

/**
 * Writes a file's dirty pages to disk now, outside any timing: the kernel writes a file back about 30 s after
 * it was written, which would otherwise land in the middle of a later run (the generated log, and each
 * replay's 200 MB report), costing that run CPU and I/O the others were spared.
 */
const flush = (path: string): void => {
  // Writable: some systems refuse to flush a file opened for reading only.
  const fd = openSync(path, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

const sha256 = (path: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    createReadStream(path)
      .on('data', (b) => hash.update(b))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')))
  })

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
const mib = (kib: number): number => Math.round(kib / 1024)

export async function run(): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'boleto-bench-replay-'))
  try {
    const log = join(dir, 'webhooks.jsonl')
    const generated = generateLog(log, { lines: LINES, missingRate: 0.005, badLineEvery: 100_000, seed: 1 })
    flush(log)
    const events = generated.lines
    const threads = Math.max(2, availableParallelism())

    const parse = (reader: string) => async () => {
      const r = await timed([PARSE_LOOP, log, '--reader', reader], null)
      if (r.code !== 0) throw new Error(`parse loop failed: ${r.stderr}`)
      return r
    }
    const replay = (n: number, out: string) => async () => {
      const r = await timed([BIN, 'replay', log, '--json', '--stats', '--threads', String(n)], out)
      if (r.code !== 0 && r.code !== 1) throw new Error(`boleto replay failed (${r.code}): ${r.stderr}`)
      flush(out)
      return r
    }
    const { splitter, readline, single, multi } = await bestOfRounds(ROUNDS, {
      splitter: parse('splitter'),
      readline: parse('readline'),
      single: replay(1, join(dir, 'one.json')),
      multi: replay(threads, join(dir, 'many.json')),
    })
    const identical = (await sha256(join(dir, 'one.json'))) === (await sha256(join(dir, 'many.json')))

    interface ChildFigures {
      readonly maxRssKiB: number
      readonly cpuMs: number
    }
    const parseFigures = (r: Run): ChildFigures => JSON.parse(r.stdout) as ChildFigures
    const replayFigures = (r: Run): ChildFigures =>
      (JSON.parse(r.stderr.trim().split('\n').pop()!) as { stats: ChildFigures }).stats
    const rate = (r: Run): number => (events * 1000) / r.ms
    const row = (name: string, r: Run, figures: ChildFigures): BenchRow => ({
      name,
      opsPerSec: rate(r),
      unit: 'events/s',
      extra: {
        'wall s': (r.ms / 1000).toFixed(1),
        'CPU s': (figures.cpuMs / 1000).toFixed(1),
        'events per CPU-s': fmt((events * 1000) / figures.cpuMs),
        'peak RSS MiB': mib(figures.maxRssKiB),
      },
    })
    const rows: BenchRow[] = [
      row(
        'read + JSON.parse only (byte splitter: the reader of boleto replay)',
        splitter,
        parseFigures(splitter),
      ),
      row('read + JSON.parse only (node:readline)', readline, parseFigures(readline)),
      row('boleto replay --json, 1 thread', single, replayFigures(single)),
      row(`boleto replay --json, ${threads} worker threads`, multi, replayFigures(multi)),
    ]
    const baseline = rate(splitter)
    const fastest = Math.max(rate(single), rate(multi))
    const peak = Math.max(replayFigures(single).maxRssKiB, replayFigures(multi).maxRssKiB)
    const claims: BenchClaim[] = [
      {
        claim: 'boleto replay reaches at least half the throughput of the read + JSON.parse loop',
        ok: fastest >= baseline / 2,
        detail: `${fmt(fastest)} vs ${fmt(baseline)} events/s (${((fastest / baseline) * 100).toFixed(0)} %)`,
      },
      {
        claim: `boleto replay's peak memory stays under ${MAX_RSS_MIB} MiB`,
        ok: peak < MAX_RSS_MIB * 1024,
        detail: `peak RSS ${mib(replayFigures(single).maxRssKiB)} MiB on 1 thread, ${mib(replayFigures(multi).maxRssKiB)} MiB on ${threads}`,
      },
      {
        claim: 'the multi-threaded report is byte-identical to the single-threaded one',
        ok: identical,
        detail: identical ? 'same SHA-256' : 'the two reports differ',
      },
      {
        claim: 'the byte splitter reads faster than node:readline',
        ok: rate(splitter) > rate(readline),
        detail: `${fmt(rate(splitter))} vs ${fmt(rate(readline))} events/s`,
      },
    ]
    return {
      suite: 'replay',
      environment: `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown cpu'}; ${fmt(events)} lines (${(generated.bytes / 1e6).toFixed(0)} MB, ${fmt(generated.boletos)} boletos); wall-clock rates, best of ${ROUNDS}`,
      rows,
      claims,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
