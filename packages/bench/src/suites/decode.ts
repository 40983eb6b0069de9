/**
 * Decode throughput: `decode` from @boleto/barcode against @brazilian-utils/brazilian-utils and
 * @mrmgomes/boleto-utils on one shared set of digitable lines (QI's sandbox lines, thousands of generated
 * valid lines of both kinds, one in ten corrupted by a single digit), measured in one run with tinybench.
 *
 * Every library is asked for what `decode` answers, validity and the decoded fields: brazilian-utils 2.4 through
 * `isValidBoleto` + `getBoletoInfo` and through `getBoletoInfo` alone (it validates internally, so the pair
 * validates twice); boleto-utils 1.3 through `validarBoleto`, its one call that validates and decodes. Only 47-
 * and 48-digit lines are used: brazilian-utils does not read 44-digit bank barcodes.
 *
 * Each task decodes the whole set once per iteration, so tinybench's per-call overhead is spread over thousands
 * of lines; ops/s are lines per CPU-second.
 */
import { cpus } from 'node:os'
import { decode } from '@boleto/barcode'
import {
  createRng,
  QI_WORKED_EXAMPLE,
  randomDigitableLine,
  SANDBOX_BANK_LINES,
  SANDBOX_CONVENIO_LINES,
  SANDBOX_IPP000014_LINE,
} from '@boleto/barcode/testing/data'
import { getBoletoInfo, isValidBoleto } from '@brazilian-utils/brazilian-utils'
import { validarBoleto } from '@mrmgomes/boleto-utils'
import { Bench } from 'tinybench'
import type { BenchReport, BenchRow } from '../report.js'

const REFERENCE_DATE = '2025-06-01'
const GENERATED_PER_KIND = 2000
const CORRUPT_EVERY = 10
const CLAIMED_RATIO = 3
const ROUNDS = 5
const ROUND_MS = 600
const WARMUP_MS = 200

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US')

/** Pure. The shared input: sandbox lines, generated lines of both kinds, every tenth with one digit changed. */
export const decodeBenchLines = (seed = 2025): string[] => {
  const rng = createRng(seed)
  const lines: string[] = [
    QI_WORKED_EXAMPLE.digitableLine,
    ...SANDBOX_BANK_LINES,
    ...SANDBOX_CONVENIO_LINES,
    SANDBOX_IPP000014_LINE,
  ]
  for (let i = 0; i < GENERATED_PER_KIND; i++) {
    lines.push(randomDigitableLine(rng, { kind: 'bank', referenceDate: REFERENCE_DATE }))
    lines.push(randomDigitableLine(rng, { kind: 'convenio' }))
  }
  for (let i = 0; i < lines.length; i += CORRUPT_EVERY) {
    const line = lines[i]!
    const at = Math.floor(rng() * line.length)
    const digit = (Number(line[at]) + 1 + Math.floor(rng() * 9)) % 10
    lines[i] = line.slice(0, at) + digit + line.slice(at + 1)
  }
  // Lines reach a decoder from I/O (HTTP, JSON, a database) as flat strings; generated ones are ropes of
  // concatenated slices. A JSON round trip gives every library the flat strings it would see in service.
  return JSON.parse(JSON.stringify(lines)) as string[]
}

interface Contender {
  readonly name: string
  /** True when the library calls the line valid (for the agreement columns, outside the timing). */
  readonly isValid: (line: string) => boolean
  /**
   * The timed loop over every line. Written out once per contender on purpose: a loop shared by all of them
   * would have one call site calling four functions, which V8 cannot inline, and that handicaps the fastest.
   */
  readonly batch: (lines: readonly string[]) => number
}

/** boleto-utils throws a TypeError on a convênio whose value identifier is not 6-9: counted as invalid. */
const boletoUtilsValid = (line: string): boolean => {
  try {
    return validarBoleto(line).sucesso
  } catch {
    return false
  }
}

export async function run(): Promise<BenchReport> {
  const lines = decodeBenchLines()
  const options = { referenceDate: REFERENCE_DATE }
  const referenceDate = new Date(`${REFERENCE_DATE}T12:00:00`)
  const buOptions = { referenceDate }
  const ours: Contender = {
    name: '@boleto/barcode decode',
    isValid: (line) => decode(line, options).valid,
    batch: (all) => {
      let valid = 0
      for (const line of all) if (decode(line, options).valid) valid++
      return valid
    },
  }
  const alternatives: Contender[] = [
    {
      name: 'brazilian-utils isValidBoleto + getBoletoInfo',
      isValid: (line) => isValidBoleto(line) && getBoletoInfo(line, buOptions) !== null,
      batch: (all) => {
        let valid = 0
        for (const line of all) if (isValidBoleto(line) && getBoletoInfo(line, buOptions) !== null) valid++
        return valid
      },
    },
    {
      name: 'brazilian-utils getBoletoInfo (validates internally)',
      isValid: (line) => getBoletoInfo(line, buOptions) !== null,
      batch: (all) => {
        let valid = 0
        for (const line of all) if (getBoletoInfo(line, buOptions) !== null) valid++
        return valid
      },
    },
    {
      name: 'boleto-utils validarBoleto',
      isValid: boletoUtilsValid,
      batch: (all) => {
        let valid = 0
        for (const line of all) if (boletoUtilsValid(line)) valid++
        return valid
      },
    },
  ]
  const contenders = [ours, ...alternatives]

  // Agreement, outside the timing: how many lines each library accepts, and how many verdicts differ from ours.
  const ourVerdicts = lines.map(ours.isValid)
  const agreement = new Map(
    contenders.map((c) => {
      const verdicts = lines.map(c.isValid)
      return [
        c.name,
        {
          valid: verdicts.filter(Boolean).length,
          disagree: verdicts.filter((v, i) => v !== ourVerdicts[i]).length,
        },
      ]
    }),
  )

  // Timed by this process's CPU time, not the wall clock: the machine is shared, and time spent waiting for a
  // core is no library's cost. Several short rounds, alternating the contenders, and each one's median round,
  // so a burst of load elsewhere cannot favour whichever contender happened to run during a quiet spell.
  const cpuNow = (): number => {
    const { user, system } = process.cpuUsage()
    return (user + system) / 1000
  }
  let sink = 0
  const rounds = new Map<string, number[]>(contenders.map((c) => [c.name, []]))
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({
      time: ROUND_MS,
      warmupTime: WARMUP_MS,
      iterations: 5,
      warmupIterations: 2,
      now: cpuNow,
    })
    for (const c of contenders) {
      bench.add(c.name, () => {
        sink += c.batch(lines)
      })
    }
    await bench.run()
    for (const task of bench.tasks) {
      const result = task.result
      if (!result || result.error)
        throw new Error(`${task.name} failed: ${result?.error?.message ?? 'no result'}`)
      rounds.get(task.name)!.push(result.throughput.mean * lines.length)
    }
  }
  if (sink < 0) console.log(sink) // keeps the results observable

  const rows: BenchRow[] = contenders.map((c) => {
    const measured = [...rounds.get(c.name)!].sort((a, b) => a - b)
    const a = agreement.get(c.name)!
    return {
      name: c.name,
      opsPerSec: measured[Math.floor(measured.length / 2)]!,
      unit: 'lines/s',
      extra: {
        lines: lines.length,
        'accepted as valid': a.valid,
        'verdicts differing from ours': a.disagree,
        'range over rounds (lines/s)': `${fmtInt(measured[0]!)}-${fmtInt(measured[measured.length - 1]!)}`,
      },
    }
  })
  const ourRow = rows[0]!
  const fastest = rows.slice(1).reduce((best, r) => (r.opsPerSec > best.opsPerSec ? r : best))
  const ratio = ourRow.opsPerSec / fastest.opsPerSec
  return {
    suite: 'decode',
    environment: `node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}; lines per CPU-second, median of ${ROUNDS} rounds`,
    rows,
    claims: [
      {
        claim: `decode is at least ${CLAIMED_RATIO}× the faster alternative`,
        ok: ratio >= CLAIMED_RATIO,
        detail: `${ratio.toFixed(2)}× ${fastest.name} (${fmtInt(ourRow.opsPerSec)} vs ${fmtInt(fastest.opsPerSec)} lines/s)`,
      },
    ],
  }
}
