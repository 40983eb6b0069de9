/** `boleto reconcile <log> --provider <export>`: derived statuses against QI's. */
import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { CliError, EXIT } from '../exit-codes.js'
import { write } from '../io.js'
import { openInput } from '../jsonl/source.js'
import { positiveInt } from '../options.js'
import { createProgress } from '../progress.js'
import { hasDiscrepancies, reconcileResult } from '../reconcile/compare.js'
import { readProviderStatuses } from '../reconcile/provider.js'
import { renderReconciliation } from '../reconcile/render.js'
import { replayInput } from '../replay/engine.js'

interface ReconcileOptions {
  readonly provider: string
  readonly json?: boolean
  readonly threads?: number
  readonly progress?: boolean
}

export const registerReconcile = (program: Command, ctx: CommandContext): void => {
  program
    .command('reconcile')
    .summary("compare statuses derived from a log with the provider's export")
    .description(
      [
        'Replays the log, then compares each boleto’s derived status with the provider’s export',
        '(CSV with a header naming bank_slip_key and bank_slip_status, or JSONL objects with those fields).',
        'Lists mismatches, boletos missing on either side, and the occurrences probably missing from the',
        'log, with the GET /notification/events query to ask QI to re-send them.',
      ].join(' '),
    )
    .argument('<log>', 'the webhook log (JSONL), or - for stdin')
    .requiredOption('--provider <file>', 'the provider export: statuses.csv or statuses.jsonl')
    .option('--json', 'print one JSON object instead of the report')
    .option('--threads <n>', 'worker threads for the replay (1: no workers)', positiveInt)
    .option('--progress', 'draw the progress bar on stderr even when it is not a terminal')
    .option('--no-progress', 'never draw the progress bar')
    .addHelpText(
      'after',
      '\nExit status: 0 everything agrees; 1 any discrepancy (mismatch, missing on either side, unreadable line); 2 usage or I/O error.',
    )
    .action(async (log: string, options: ReconcileOptions) => {
      ctx.setExit(await runReconcile(log, options, ctx))
    })
}

export const runReconcile = async (
  log: string,
  options: ReconcileOptions,
  { io }: CommandContext,
): Promise<0 | 1> => {
  if (log === '-' && options.provider === '-')
    throw new CliError('reconcile: only one of the log and --provider can be stdin')
  // Open both first, so a missing provider file fails before a long replay.
  const providerInput = await openInput(options.provider, io.stdin)
  const logInput = await openInput(log, io.stdin)
  const provider = await readProviderStatuses(providerInput)
  const showProgress = options.progress ?? io.stderr.isTTY === true
  const { result: replayed } = await replayInput(logInput, {
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    progress: showProgress ? createProgress(io.stderr, logInput.size) : null,
  })
  let result: Awaited<ReturnType<typeof reconcileResult>>
  try {
    result = await reconcileResult(replayed, provider.statuses, provider.invalid)
  } finally {
    await replayed.close()
  }
  await write(
    io.stdout,
    options.json === true
      ? `${JSON.stringify(result)}\n`
      : renderReconciliation(result, logInput.name, providerInput.name),
  )
  return hasDiscrepancies(result) ? EXIT.FINDINGS : EXIT.OK
}
