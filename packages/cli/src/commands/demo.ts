/**
 * `boleto demo`: replays the examples of QI's webhook page (`@boleto/core/testing/seeds`, which needs no test tooling) and prints
 * each boleto's status: a quick look at the fold without any file. The seeds share keys the way QI's page
 * does, so most examples fold into one boleto, with the anomalies that implies.
 */
import { replay } from '@boleto/core/replay'
import { SEED_WEBHOOKS } from '@boleto/core/testing/seeds'
import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { EXIT } from '../exit-codes.js'
import { write } from '../io.js'

export const registerDemo = (program: Command, ctx: CommandContext): void => {
  program
    .command('demo')
    .summary("replay QI's example webhooks and print each boleto's status")
    .description(
      "Replays the example payloads of QI's webhook documentation and prints each boleto's status.",
    )
    .option('--json', 'print the replay report as JSON')
    .addHelpText('after', '\nExit status: 0.')
    .action(async (options: { json?: boolean }) => {
      const seeds = SEED_WEBHOOKS
      const report = replay(seeds.map((s) => s.body))
      if (options.json === true) await write(ctx.io.stdout, `${JSON.stringify(report)}\n`)
      else {
        const out = [`Replayed ${seeds.length} example webhooks of QI's documentation:`, '']
        seeds.forEach((s, i) => {
          const body = s.body as { data?: { bank_slip_key?: unknown } }
          out.push(`  ${String(i + 1).padStart(2)}. ${s.name}  (${String(body.data?.bank_slip_key ?? '?')})`)
        })
        out.push('', 'Boletos')
        for (const slip of Object.values(report.slips)) {
          const kinds = [...new Set(slip.anomalies.map((a) => a.kind))]
          out.push(
            `  ${slip.bankSlipKey}  ${slip.status.padEnd(28)} reported ${slip.reportedStatus ?? '-'}; ${slip.version} events, ${slip.duplicates} duplicates, ${slip.anomalies.length} anomalies${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}`,
          )
        }
        await write(ctx.io.stdout, `${out.join('\n')}\n`)
      }
      ctx.setExit(EXIT.OK)
    })
}
