/**
 * `boleto import <log> --db <...>`: loads a webhook log into an event store, idempotently. Each webhook is
 * appended to its boleto's stream with the occurrence identity as event id, so a second run (or a log that
 * repeats a webhook) stores nothing new: the store reports those ids as duplicates. Undecodable lines are
 * reported with their line numbers and not stored (the http package keeps a quarantine for live deliveries,
 * but exposes no helper to add to it; a log line can be fixed and imported again instead).
 */
import { basename } from 'node:path'
import type { EventStore, JsonObject, NewEvent } from '@boleto/core'
import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { CliError, EXIT } from '../exit-codes.js'
import { write } from '../io.js'
import { forEachLine, wholeLineChunks } from '../jsonl/reader.js'
import { parseLine } from '../jsonl/record.js'
import { openInput } from '../jsonl/source.js'
import { createProgress, formatCount } from '../progress.js'
import { oversizedMessage } from '../replay/feed.js'
import { describeDb, openStore } from '../store.js'

interface ImportOptions {
  readonly db: string
  readonly json?: boolean
  readonly progress?: boolean
}

export interface ImportResult {
  readonly lines: number
  readonly stored: number
  readonly duplicates: number
  readonly undecodable: ReadonlyArray<{ readonly line: number; readonly message: string }>
}

/** Events appended per batch (grouped per stream: one transaction per boleto of the batch). */
const BATCH = 1000
const LIST_LIMIT = 50

export const registerImport = (program: Command, ctx: CommandContext): void => {
  program
    .command('import')
    .summary('load a webhook log into an event store (idempotent)')
    .description(
      [
        'Appends every webhook of a JSONL log to its boleto’s stream (bare bodies or',
        '{"received_at", "headers"?, "body"} records). Event ids are the occurrence identity, so running it',
        'again, or importing a log that repeats webhooks, adds nothing. Undecodable lines are reported with',
        'their line numbers and not stored.',
      ].join(' '),
    )
    .argument('<file>', 'the log, or - for stdin')
    .requiredOption('--db <db>', 'SQLite file path or postgres:// URL')
    .option('--json', 'print the counts as one JSON object')
    .option('--progress', 'draw the progress bar on stderr even when it is not a terminal')
    .option('--no-progress', 'never draw the progress bar')
    .addHelpText(
      'after',
      '\nExit status: 0 ok; 1 undecodable lines (the rest is imported); 2 usage, I/O or store error.',
    )
    .action(async (file: string, options: ImportOptions) => {
      ctx.setExit(await runImport(file, options, ctx))
    })
}

const flush = async (
  store: EventStore,
  batch: NewEvent[],
  streams: string[],
  counts: { stored: number; duplicates: number },
): Promise<void> => {
  const byStream = new Map<string, NewEvent[]>()
  const seen = new Set<string>()
  for (let i = 0; i < batch.length; i++) {
    const event = batch[i]!
    // A repeat inside one batch is a duplicate before it reaches the store.
    if (seen.has(event.id)) {
      counts.duplicates++
      continue
    }
    seen.add(event.id)
    const stream = streams[i]!
    let list = byStream.get(stream)
    if (list === undefined) {
      list = []
      byStream.set(stream, list)
    }
    list.push(event)
  }
  for (const [stream, events] of byStream) {
    const result = await store.appendToStream(stream, events, { expectedVersion: 'any' })
    for (const e of result.events) {
      if (e.duplicate) counts.duplicates++
      else counts.stored++
    }
  }
  batch.length = 0
  streams.length = 0
}

export const runImport = async (
  file: string,
  options: ImportOptions,
  { io }: CommandContext,
): Promise<0 | 1> => {
  // Loaded when asked: the whole of core is ~0.1 s of start-up that other commands need not pay.
  const { bankSlipStreamId, decodeWebhook, webhookToNewEvent } = await import('@boleto/core')
  const input = await openInput(file, io.stdin)
  const store = await openStore(options.db, { rerunnable: true })
  const progress =
    (options.progress ?? io.stderr.isTTY === true) ? createProgress(io.stderr, input.size) : null
  const source = input.name === 'stdin' ? 'stdin' : basename(input.name)
  const counts = { stored: 0, duplicates: 0 }
  const undecodable: Array<{ line: number; message: string }> = []
  const batch: NewEvent[] = []
  const streams: string[] = []
  let lineNumber = 0
  const onLine = (text: string): void => {
    lineNumber++
    const parsed = parseLine(text)
    if (!parsed.ok) {
      undecodable.push({ line: lineNumber, message: parsed.message })
      return
    }
    const { body, receivedAt, headers } = parsed.record
    const decoded = decodeWebhook(body)
    if (!decoded.ok) {
      undecodable.push({
        line: lineNumber,
        message: `${decoded.error.path || 'body'}: ${decoded.error.message}`,
      })
      return
    }
    const metadata: JsonObject = {
      source: 'import',
      file: source,
      line: lineNumber,
      ...(receivedAt === null ? {} : { received_at: receivedAt }),
      ...(headers === null ? {} : { headers }),
    }
    batch.push(webhookToNewEvent(body, decoded.value, metadata))
    streams.push(bankSlipStreamId(decoded.value.bankSlipKey))
  }
  try {
    for await (const chunk of wholeLineChunks(input.stream, { onBytes: (n) => progress?.addBytes(n) })) {
      if (typeof chunk === 'number')
        undecodable.push({ line: ++lineNumber, message: oversizedMessage(chunk) })
      else
        forEachLine(
          chunk,
          (start, end) => onLine(chunk.toString('utf8', start, end)),
          () => {
            lineNumber++
          },
        )
      progress?.setLines(lineNumber)
      if (batch.length >= BATCH) await flush(store, batch, streams, counts)
    }
    await flush(store, batch, streams, counts)
  } catch (error) {
    if (error instanceof CliError) throw error
    throw new CliError(`import into ${describeDb(options.db)} failed: ${(error as Error).message}`)
  } finally {
    progress?.finish()
    await store.close()
  }
  const result: ImportResult = { lines: lineNumber, ...counts, undecodable }
  await write(
    io.stdout,
    options.json === true ? `${JSON.stringify(result)}\n` : renderImport(result, input.name, options.db),
  )
  return undecodable.length > 0 ? EXIT.FINDINGS : EXIT.OK
}

/** Pure. */
export const renderImport = (r: ImportResult, name: string, db: string): string => {
  const out = [
    `Imported ${name} into ${describeDb(db)}: ${formatCount(r.lines)} lines`,
    `  stored       ${formatCount(r.stored)}`,
    `  duplicates   ${formatCount(r.duplicates)}`,
    `  undecodable  ${formatCount(r.undecodable.length)}`,
  ]
  if (r.undecodable.length > 0) {
    out.push('', 'Undecodable lines (not stored)')
    for (const u of r.undecodable.slice(0, LIST_LIMIT)) out.push(`  line ${u.line}: ${u.message}`)
    if (r.undecodable.length > LIST_LIMIT)
      out.push(`  … and ${formatCount(r.undecodable.length - LIST_LIMIT)} more (--json lists all)`)
  }
  return `${out.join('\n')}\n`
}
