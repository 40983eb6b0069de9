/** `boleto diagram`: the lifecycle as Mermaid, generated from the machine. */
import { type Command, Option } from 'commander'
import type { CommandContext } from '../context.js'
import { EXIT } from '../exit-codes.js'
import { write } from '../io.js'

export const registerDiagram = (program: Command, ctx: CommandContext): void => {
  program
    .command('diagram')
    .summary('print the lifecycle diagram (Mermaid)')
    .description(
      'Prints the boleto lifecycle as a Mermaid state diagram, generated from the lifecycle machine.',
    )
    .addOption(new Option('--format <format>', 'diagram language').choices(['mermaid']).default('mermaid'))
    .option('--markdown', 'print the whole Markdown page (the content of docs/lifecycle.md)')
    .addHelpText('after', '\nExit status: 0; 2 usage error.')
    .action(async (options: { markdown?: boolean }) => {
      // Loaded when asked: the whole of core is ~0.1 s of start-up that other commands need not pay.
      const { lifecycleMarkdown, toMermaid } = await import('@boleto/core')
      await write(ctx.io.stdout, options.markdown === true ? lifecycleMarkdown() : toMermaid())
      ctx.setExit(EXIT.OK)
    })
}
