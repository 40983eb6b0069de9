/**
 * A worker's compiler, warmed before it reads its range. V8 optimises a hot function for the types its code
 * has met so far; a path first taken after that (a log's payments come after its registrations, records and
 * anomalies are rarer still) throws the optimised code away (a deoptimisation) and compiles it again, on
 * the cores the workers need: on a million events, ~40 of them and a seventh of the compiler's time. So a
 * worker first replays a sample of its own range (short spots spread across it) into an accumulator of its
 * own, drains it through the report writer, and drops both: a few hundred lines whose only effect is the
 * type feedback they leave. Measured: 3.4 % less wall time on a million events (8 alternating pairs).
 *
 * A sample rarely takes the paths a whole range takes once or twice (a line cut short, boletos whose keys
 * share a long prefix or their hash, events of one boleto read by two threads), and each of those, first
 * taken mid-range, cost a large function its optimised code. So lines made from a sampled one take them too
 * (`madeLines`): the deoptimisations of a two-thread replay fell from 19 to a handful, 1.7 % less wall time
 * (12 alternating rounds).
 */
import { fstatSync, readSync } from 'node:fs'
import {
  createReplayAccumulator,
  JsonBytes,
  type ReplayAccumulator,
  type ReplayOptions,
} from '@boleto/core/replay'
import { forEachLine } from '../jsonl/reader.js'
import { ReplayCursor, writeMember } from './cursor.js'
import { addLineBytes } from './feed.js'

/** Places sampled across the range. */
const SPOTS = 16
/** Bytes read at each place (~40 lines of QI's webhooks). */
const SPOT_BYTES = 16 * 1024
const NEWLINE = 0x0a

/**
 * Not pure: reads the file `fd`, and changes nothing else. Replays the whole lines found in `SPOTS` reads
 * spread over bytes `[start, end)` (`end` may be `Infinity`: to the end of the file), and lines made from the
 * first of them (`madeLines`, twice: as read by this thread and by another), and discards the result.
 * Returns how many lines it replayed, made ones included.
 */
export const warmUp = (fd: number, start: number, end: number, options: ReplayOptions): number => {
  const samples = sample(fd, start, end)
  if (samples.length === 0) return 0
  // Strict mode folds through other paths; one boleto (`slip`) would leave nothing to warm.
  const strict = options.strict === true
  const accumulator = createReplayAccumulator({ strict })
  let position = 0
  let replayed = 0
  const feed = (into: ReplayAccumulator, lines: Buffer): void =>
    forEachLine(
      lines,
      (s, e) => {
        replayed++
        addLineBytes(into, lines, s, e, ++position)
      },
      () => {},
    )
  const first = samples[0]!
  const newline = first.indexOf(NEWLINE)
  const made = madeLines((newline < 0 ? first : first.subarray(0, newline)).toString())
  // Made lines first: a function the samples make hot is compiled with the feedback seen so far.
  if (made !== null) feed(accumulator, made)
  for (const lines of samples) feed(accumulator, lines)
  if (made !== null) {
    // The same boletos read by another thread (earlier lines) and handed over, as at the end of reading: their
    // chains join out of input order.
    const other = createReplayAccumulator({ strict })
    position = 0
    feed(other, made)
    other.shiftPositions(1)
    const shared = accumulator.heldHashes(other.keyHashes())
    accumulator.adopt(other.surrender(() => true, shared))
    accumulator.keyHashes()
  }
  const cursor = new ReplayCursor(accumulator)
  const out = new JsonBytes()
  cursor.visit(Number.POSITIVE_INFINITY, (outcome) => {
    out.raw(',')
    writeMember(outcome, out)
    out.reset()
  })
  cursor.anomaliesPage(0, Number.POSITIVE_INFINITY)
  cursor.totals()
  return replayed
}

/**
 * Not pure: reads the file. The whole lines of `SPOTS` reads spread over `[start, end)`, or none when the file
 * cannot be read (the range's own reading then says why, as a CliError).
 */
const sample = (fd: number, start: number, end: number): Buffer[] => {
  const samples: Buffer[] = []
  try {
    const stop = Math.min(end, fstatSync(fd).size)
    for (let spot = 0; stop > start && spot < SPOTS; spot++) {
      const at = start + Math.floor(((stop - start) * spot) / SPOTS)
      const buffer = Buffer.allocUnsafe(SPOT_BYTES)
      const read = buffer.subarray(0, readSync(fd, buffer, 0, Math.min(SPOT_BYTES, stop - at), at))
      // Whole lines only: from after the first newline to the last one.
      const from = read.indexOf(NEWLINE) + 1
      const to = read.lastIndexOf(NEWLINE)
      if (from > 0 && to > from) samples.push(read.subarray(from, to))
    }
  } catch {
    return []
  }
  return samples
}

/**
 * Keys made for the rare paths of the boleto index and the key sort: a run of keys sharing all but their last
 * characters, longer than the sort's insertion runs; a short such run; and two keys with one `keyHash`.
 */
const MADE_KEYS: readonly string[] = [
  ...Array.from(
    { length: 20 },
    (_, i) => `00000000-0000-4000-8000-0000000001${i.toString(16).padStart(2, '0')}`,
  ),
  ...Array.from({ length: 3 }, (_, i) => `ffffffff-0000-4000-8000-00000000000${i}`),
  '00000000-0000-4000-8000-00000004b9cc',
  '00000000-0000-4000-8000-0000000b2b18',
]

/** Bytes between the places a made line is cut short. */
const CUT_EVERY = 7
/** Cuts only within this many bytes: a long line would otherwise make a number of lines that grows with it. */
const CUT_WITHIN = 1024

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Pure. Lines made from `line` (a webhook of the log, bare or in a record) for paths a sample rarely takes:
 * its body cut short at every few bytes (each place the scanners can give up), spaced out (the general
 * scanner), in a record, with an unknown field, without a status, under the made keys; and lines that are no
 * webhook. Null when `line` is not a webhook with a key.
 */
export const madeLines = (line: string): Buffer | null => {
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    return null
  }
  const body = isObject(parsed) && isObject(parsed.body) ? parsed.body : parsed
  if (!isObject(body) || !isObject(body.data) || typeof body.data.bank_slip_key !== 'string') return null
  const data = body.data
  const compact = JSON.stringify(body)
  const { bank_slip_status: _, ...withoutStatus } = data
  const lines = [
    ...Array.from({ length: Math.floor(Math.min(compact.length, CUT_WITHIN) / CUT_EVERY) }, (_, i) =>
      compact.slice(0, (i + 1) * CUT_EVERY),
    ),
    compact.replace(/,"/g, ', "').replace(/":/g, '": '),
    ` ${compact}`,
    JSON.stringify({ received_at: '2024-08-01T00:00:00.000Z', headers: { 'x-made': 'warm-up' }, body }),
    JSON.stringify({ ...body, data: { ...data, made_field: 1 } }),
    JSON.stringify({ ...body, data: withoutStatus }),
    ...MADE_KEYS.map((key) => JSON.stringify({ ...body, data: { ...data, bank_slip_key: key } })),
    '[1,2,3]',
    'not json',
  ]
  return Buffer.from(`${lines.join('\n')}\n`)
}
