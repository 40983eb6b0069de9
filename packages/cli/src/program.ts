/**
 * The `boleto` command tree (commander 14). `buildProgram` wires the commands; `main` runs one command line
 * and turns every outcome into an exit code (docs/cli.md): commander's own usage errors become 2, help and
 * version 0, a CliError its code, anything unexpected 2 with the message on stderr.
 */
import { readFileSync } from 'node:fs'
import { Command, CommanderError } from 'commander'
import { registerDecode } from './commands/decode.js'
import { registerDemo } from './commands/demo.js'
import { registerDiagram } from './commands/diagram.js'
import { registerImport } from './commands/import.js'
import { registerReconcile } from './commands/reconcile.js'
import { registerReplay } from './commands/replay.js'
import { registerServe } from './commands/serve.js'
import type { CommandContext } from './context.js'
import { CliError, EXIT, type ExitCode } from './exit-codes.js'
import { type Io, processIo } from './io.js'

const version = (): string => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string
    }
    return pkg.version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
}

export interface ProgramOptions {
  readonly io?: Io
  /** Receives each command's exit code (default: `process.exitCode`). */
  readonly setExit?: (code: ExitCode) => void
}

/** The command tree. Errors are thrown (exitOverride), never `process.exit`ed, so `main` decides the code. */
export const buildProgram = (options: ProgramOptions = {}): Command => {
  const io = options.io ?? processIo()
  const ctx: CommandContext = {
    io,
    setExit:
      options.setExit ??
      ((code) => {
        process.exitCode = Math.max(Number(process.exitCode ?? 0), code)
      }),
  }
  const program = new Command('boleto')
    .description(
      'Boletos issued through QI Tech: replay and reconcile webhook logs, serve the webhook receiver, decode lines.',
    )
    .version(version(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText(
      'after',
      '\nExit status: 0 ok; 1 findings (invalid lines, anomalies with --strict, mismatches, invalid lines to decode); 2 usage or I/O error.\nDocumentation: docs/cli.md',
    )
  registerServe(program, ctx)
  registerReplay(program, ctx)
  registerReconcile(program, ctx)
  registerImport(program, ctx)
  registerDecode(program, ctx)
  registerDiagram(program, ctx)
  registerDemo(program, ctx)
  return program
}

/** Runs one command line (`argv` as in `process.argv`) and answers its exit code. */
export const main = async (argv: readonly string[], io: Io = processIo()): Promise<ExitCode> => {
  let code: ExitCode = EXIT.OK
  const program = buildProgram({
    io,
    setExit: (c) => {
      code = Math.max(code, c) as ExitCode
    },
  })
  try {
    await program.parseAsync([...argv])
    return code
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE
    if (error instanceof CliError) {
      io.stderr.write(`boleto: ${error.message}\n`)
      return error.exitCode
    }
    const e = error as NodeJS.ErrnoException
    if (e.code === 'EPIPE') return code
    io.stderr.write(
      `boleto: ${io.env.BOLETO_DEBUG ? (e.stack ?? e.message) : (e.message ?? String(error))}\n`,
    )
    return EXIT.USAGE
  }
}
