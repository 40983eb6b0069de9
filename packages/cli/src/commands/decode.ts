/** `boleto decode`: digitable lines and barcodes, validated and explained (bank and convênio). */
import { createInterface } from 'node:readline'
import type { DecodedBoleto, DecodeResult } from '@boleto/barcode'
import { formatCents } from '@boleto/core/replay'
import type { Command } from 'commander'
import type { CommandContext } from '../context.js'
import { CliError, EXIT } from '../exit-codes.js'
import { BufferedWriter } from '../io.js'
import { isoDate } from '../options.js'

interface DecodeCommandOptions {
  readonly stdin?: boolean
  readonly referenceDate?: string
  readonly json?: boolean
}

export const registerDecode = (program: Command, ctx: CommandContext): void => {
  program
    .command('decode')
    .summary('decode and validate digitable lines or barcodes')
    .description(
      [
        'Decodes boleto digitable lines (47 digits bank, 48 digits convênio) and barcodes (44 digits):',
        'kind, bank or segment, amount, due date, the printed line; or the error, with the field at fault and',
        'the expected check digit. Dots, spaces and hyphens in the input are accepted.',
      ].join(' '),
    )
    .argument('[line...]', 'digitable lines or barcodes (quote a line that contains spaces)')
    .option('--stdin', 'read one line or barcode per line of stdin (after any arguments)')
    .option(
      '--reference-date <date>',
      'YYYY-MM-DD the due-date factor is resolved against (default: today, UTC)',
      isoDate,
    )
    .option('--json', 'one JSON object per input (JSON lines)')
    .addHelpText('after', '\nExit status: 0 all valid; 1 any invalid; 2 usage error (no input).')
    .action(async (lines: string[], options: DecodeCommandOptions) => {
      ctx.setExit(await runDecode(lines, options, ctx))
    })
}

/** Prints the 47/48-digit line with its usual separators (`format` of @boleto/barcode). */
type Format = (line: string) => string

/** Pure. The JSON line for one input. */
export const decodeJson = (input: string, result: DecodeResult, format: Format): Record<string, unknown> =>
  result.valid ? { input, ...result, formatted: format(result.digitableLine) } : { input, ...result }

const money = (cents: number | null): string => (cents === null ? '-' : `R$ ${formatCents(cents)}`)

/** Pure. The human block for one input. */
export const decodeText = (input: string, result: DecodeResult, format: Format): string => {
  if (!result.valid) {
    const { error } = result
    const details = [
      error.expected !== undefined ? `expected ${error.expected}` : null,
      error.actual !== undefined ? `found ${error.actual}` : null,
      error.position !== undefined ? `position ${error.position}` : null,
    ].filter((x) => x !== null)
    return [
      input,
      `  INVALID  ${error.code} (${error.field})`,
      `  ${error.message}`,
      ...(details.length > 0 ? [`  ${details.join(', ')}`] : []),
      '',
    ].join('\n')
  }
  const rows = describe(result, format)
  const width = Math.max(...rows.map(([l]) => l.length))
  return [
    input,
    `  valid ${result.kind === 'bank' ? 'bank boleto' : 'convênio'} (${result.form === 'barcode' ? 'barcode' : 'digitable line'})`,
    ...rows.map(([l, v]) => `  ${l.padEnd(width)}  ${v}`),
    '',
  ].join('\n')
}

const describe = (r: DecodedBoleto, format: Format): Array<readonly [string, string]> => {
  const amount: readonly [string, string] = [
    'amount',
    r.openAmount ? 'open (filled in at payment)' : money(r.amountCents),
  ]
  const common: Array<readonly [string, string]> = [
    ['barcode', r.barcode],
    ['line', format(r.digitableLine)],
  ]
  if (r.kind === 'bank')
    return [
      ['bank', r.bankCode],
      amount,
      ['due date', r.dueDate ?? 'none (factor 0000)'],
      ['due factor', String(r.dueDateFactor).padStart(4, '0')],
      ...common,
    ]
  return [
    ['segment', `${r.segment} (${r.segmentName})`],
    r.valueKind === 'reference' ? ['reference value', String(r.value)] : amount,
    ['company', r.companyId],
    [
      'due date',
      r.dueDateHeuristic === null ? 'none' : `${r.dueDateHeuristic.date}? (guessed from the free field)`,
    ],
    ...common,
  ]
}

async function* inputs(
  lines: readonly string[],
  ctx: CommandContext,
  stdin: boolean,
): AsyncGenerator<string> {
  yield* lines
  if (!stdin) return
  for await (const line of createInterface({ input: ctx.io.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    const trimmed = line.trim()
    if (trimmed !== '') yield trimmed
  }
}

export const runDecode = async (
  lines: readonly string[],
  options: DecodeCommandOptions,
  ctx: CommandContext,
): Promise<0 | 1> => {
  if (lines.length === 0 && options.stdin !== true)
    throw new CliError('decode: give at least one line or barcode, or --stdin')
  // Loaded here rather than at start-up: only this command needs it.
  const { decode, format } = await import('@boleto/barcode')
  const out = new BufferedWriter(ctx.io.stdout)
  const decodeOptions = options.referenceDate === undefined ? {} : { referenceDate: options.referenceDate }
  let invalid = 0
  let first = true
  for await (const input of inputs(lines, ctx, options.stdin === true)) {
    const result = decode(input, decodeOptions)
    if (!result.valid) invalid++
    if (options.json === true) await out.push(`${JSON.stringify(decodeJson(input, result, format))}\n`)
    else {
      await out.push(`${first ? '' : '\n'}${decodeText(input, result, format)}`)
      first = false
    }
  }
  await out.flush()
  return invalid > 0 ? EXIT.FINDINGS : EXIT.OK
}
