/**
 * `boleto serve`: the HTTP service of @boleto/http. Options come from the environment first
 * (`configFromEnv`: BOLETO_DB, PORT, HOST, QI_PUBLIC_KEY_FILE, VERIFY=off, SIGNING_KEY_FILE, ...), then from
 * the flags, which win. SIGTERM/SIGINT shut down gracefully (in-flight webhooks finish and are stored).
 */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { CliError, EXIT } from '../exit-codes.js'
import { port } from '../options.js'
import { describeDb } from '../store.js'

interface ServeOptions {
  readonly db?: string
  readonly port?: number
  readonly host?: string
  readonly qiPublicKey?: string
  readonly signingKey?: string
  readonly verify: boolean
}

export const registerServe = (program: Command, ctx: CommandContext): void => {
  program
    .command('serve')
    .summary('run the HTTP service (webhook intake, queries, commands)')
    .description(
      [
        'Runs the boleto HTTP service: the QI webhook receiver (ES512-verified, stored before the 2xx), the',
        'boleto queries and commands, the payment query. Unset flags fall back to the environment:',
        'BOLETO_DB, PORT, HOST, QI_PUBLIC_KEY_FILE (or QI_PUBLIC_KEY), VERIFY=off, SIGNING_KEY_FILE (or',
        'SIGNING_KEY), API_CLIENT_KEY, QI_API_CLIENT_KEY, TIMESTAMP_TOLERANCE_SECONDS, WEBHOOK_PATH, BODY_LIMIT,',
        'HANDLER_TIMEOUT_MS, LOG_LEVEL, PG_SCHEMA, HOLIDAYS, BENEFICIARY_NAME/BENEFICIARY_DOCUMENT.',
        'SIGTERM or SIGINT: graceful shutdown.',
      ].join(' '),
    )
    .option('--db <db>', 'SQLite file path or postgres:// URL (default: $BOLETO_DB or ./boleto.db)')
    .option('--port <port>', 'port to listen on (default: $PORT or 3000)', port)
    .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
    .option('--qi-public-key <file>', "QI's public key, PEM (default: $QI_PUBLIC_KEY_FILE)")
    .option('--signing-key <file>', 'our private key, PEM: answers are signed (default: $SIGNING_KEY_FILE)')
    .option(
      '--no-verify',
      'accept unsigned webhooks (also the default when no QI key is given): local development only',
    )
    .addHelpText(
      'after',
      '\nWithout a QI public key (and without VERIFY=on) the service runs with signature verification OFF, and warns.\nExit status: 0 after a graceful shutdown; 2 bad options, unreadable key, store or port error.',
    )
    .action(async (options: ServeOptions, command: Command) => {
      ctx.setExit(await runServe(options, command.getOptionValueSource('verify') === 'cli', ctx))
    })
}

const readKey = (flag: string, file: string): string => {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new CliError(
      `${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    )
  }
}

export const runServe = async (
  options: ServeOptions,
  noVerifyGiven: boolean,
  { io }: CommandContext,
): Promise<0> => {
  const http = await import('@boleto/http')
  let config: ReturnType<typeof http.configFromEnv>
  try {
    config = http.configFromEnv(io.env)
  } catch (error) {
    throw new CliError((error as Error).message)
  }
  const qiPublicKey =
    options.qiPublicKey === undefined ? config.qiPublicKey : readKey('--qi-public-key', options.qiPublicKey)
  // No key and no explicit VERIFY: the quick start (`pnpm serve`) runs unverified, and says so loudly.
  // With VERIFY=on and no key, the http package refuses to start (exit 2).
  const verify = noVerifyGiven ? false : (config.verify ?? (qiPublicKey === undefined ? false : undefined))
  if (verify === false && !noVerifyGiven && config.verify === undefined)
    io.stderr.write(
      'boleto: WARNING: no QI public key (--qi-public-key or QI_PUBLIC_KEY_FILE): webhook signature verification is OFF, anyone can post webhooks. Local development only.\n',
    )
  const merged = {
    ...config,
    ...(options.db === undefined ? {} : { db: options.db }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(qiPublicKey === undefined ? {} : { qiPublicKey }),
    ...(options.signingKey === undefined ? {} : { signingKey: readKey('--signing-key', options.signingKey) }),
    ...(verify === undefined ? {} : { verify }),
    // The CLI owns the signals, so that it can report the end of the shutdown and exit 0.
    handleSignals: false,
  }
  let server: Awaited<ReturnType<typeof http.createServer>>
  try {
    server = await http.createServer(merged)
  } catch (error) {
    throw new CliError(`cannot start the server: ${(error as Error).message}`)
  }
  let address: string
  try {
    address = await server.listen()
  } catch (error) {
    await server.close().catch(() => undefined)
    throw new CliError(`cannot listen on ${merged.host}:${merged.port}: ${(error as Error).message}`)
  }
  // Listening for the signals before saying so: a signal sent as soon as the line is read must find them.
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', stop)
      process.off('SIGINT', stop)
      resolve(signal)
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })
  io.stderr.write(
    `boleto: serving on ${address} (store ${describeDb(merged.db ?? './boleto.db')}${verify === false ? ', signature verification OFF' : ''}); Ctrl-C to stop\n`,
  )
  io.stderr.write(`boleto: ${await signalled}: shutting down\n`)
  await server.close()
  io.stderr.write('boleto: stopped\n')
  return EXIT.OK
}
