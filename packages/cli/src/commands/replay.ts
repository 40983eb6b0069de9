/** `boleto replay <file | ->`: a webhook log through the core replay, summarised or as one JSON report. */
import type { ReplayCounts } from '@boleto/core'
import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { EXIT } from '../exit-codes.js'
import { write } from '../io.js'
import { openInput } from '../jsonl/source.js'
import { positiveInt } from '../options.js'
import { createProgress } from '../progress.js'
import { compileOnWorkers } from '../replay/compiler.js'
import { chooseThreads, replayInput } from '../replay/engine.js'
import { writeResultJson } from '../replay/json.js'
import { renderSlip, renderSummary } from '../replay/summary.js'
import { writeStats } from '../stats.js'

export interface ReplayCommandOptions {
  readonly json?: boolean
  readonly strict?: boolean
  readonly slip?: string
  readonly threads?: number
  readonly progress?: boolean
  readonly stats?: boolean
}

export const registerReplay = (program: Command, ctx: CommandContext): void => {
  program
    .command('replay')
    .summary('replay a webhook log (JSONL) and report states and anomalies')
    .description(
      [
        'Streams a JSONL webhook log through the core replay: per-boleto states derived by the fold, and every',
        'anomaly (duplicates, late arrivals, invalid transitions, status mismatches, undecodable lines).',
        'Each line is a webhook body, or a record {"received_at", "headers"?, "body"} (detected per line).',
        'Blank lines are skipped; bad lines are reported with their line numbers and do not stop the run.',
        'Files above 8 MiB are read by one worker thread per core, each a range of the file, each boleto folded',
        'by one of them; stdin is routed to them line by line (same result as one thread).',
      ].join(' '),
    )
    .argument('<file>', 'the log, or - for stdin')
    .option('--json', 'print one JSON report on stdout instead of the summary')
    .option('--strict', 'stop folding a boleto at its first invalid transition; exit 1 on any anomaly')
    .option('--slip <key>', 'only this boleto (bank_slip_key), shown in detail')
    .option('--threads <n>', 'worker threads (1: no workers); default: one per core above 8 MiB', positiveInt)
    .option('--progress', 'draw the progress bar on stderr even when it is not a terminal')
    .option('--no-progress', 'never draw the progress bar')
    .option('--stats', 'print throughput and peak memory (maxRSS) as JSON on stderr')
    .addHelpText(
      'after',
      '\nExit status: 0 ok; 1 undecodable lines, an unknown --slip, or any anomaly with --strict; 2 usage or I/O error.',
    )
    .action(async (file: string, options: ReplayCommandOptions) => {
      ctx.setExit(await runReplay(file, options, ctx))
    })
}

export const runReplay = async (
  file: string,
  options: ReplayCommandOptions,
  { io }: CommandContext,
): Promise<0 | 1> => {
  const started = performance.now()
  const input = await openInput(file, io.stdin, { reuseBuffers: true })
  const showProgress = options.progress ?? io.stderr.isTTY === true
  const progress = showProgress ? createProgress(io.stderr, input.size) : null
  compileOnWorkers(chooseThreads(input.size, options.threads))
  const run = await replayInput(input, {
    strict: options.strict === true,
    ...(options.slip === undefined ? {} : { slip: options.slip }),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    progress,
  })
  const { result } = run
  let counts: ReplayCounts
  try {
    if (options.json === true) await writeResultJson(result, io.stdout)
    else if (options.slip !== undefined) {
      let found = false
      for await (const e of result.entries()) {
        if (e.key !== options.slip) continue
        found = true
        await write(io.stdout, renderSlip(e.slip, e.anomalies))
      }
      if (!found)
        await write(
          io.stdout,
          `No events for boleto ${options.slip} in ${input.name} (${run.lines} lines read).\n`,
        )
    } else {
      const totals = await result.totals()
      const elapsedMs = performance.now() - started
      const context = { source: input.name, lines: run.lines, threads: run.threads, elapsedMs }
      await write(io.stdout, renderSummary(totals.counts, result.undecodable, totals.offenders, context))
    }
    counts = (await result.totals()).counts
  } finally {
    await result.close()
  }
  if (options.stats === true)
    await writeStats(io.stderr, {
      lines: run.lines,
      bytes: run.bytes,
      threads: run.threads,
      elapsedMs: performance.now() - started,
    })
  const c = counts
  // Every anomaly is counted by kind (undecodable lines included).
  const anomalies = Object.values(c.byAnomaly).reduce((n: number, k) => n + (k ?? 0), 0)
  const findings = c.undecodable > 0 || (options.strict === true && (anomalies > 0 || c.strictFailures > 0))
  // With --slip, the replay keeps that boleto only: no boleto means it is not in the log.
  const missingSlip = options.slip !== undefined && c.slips === 0
  return findings || missingSlip ? EXIT.FINDINGS : EXIT.OK
}
