/**
 * The replay benchmark's baseline (packages/bench/src/suites/replay.ts): reads a JSONL file with the same
 * streaming reader as `boleto replay` and only `JSON.parse`s each line. `--reader readline` uses
 * `node:readline` instead, to compare the two readers. Prints one JSON line: lines, parsed, failed, ms,
 * maxRssKiB, cpuMs.
 *
 *   node packages/cli/dist/bench/parse-loop.js <file> [--reader splitter|readline]
 */
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { forEachLine, wholeLineChunks } from '../jsonl/reader.js'
import { cpuMs } from '../stats.js'

const [file, flag, readerName = 'splitter'] = process.argv.slice(2)
if (file === undefined || (flag !== undefined && flag !== '--reader')) {
  console.error('usage: parse-loop.js <file> [--reader splitter|readline]')
  process.exit(2)
}

const started = performance.now()
let lines = 0
let parsed = 0
let failed = 0
const parse = (text: string): void => {
  lines++
  try {
    JSON.parse(text)
    parsed++
  } catch {
    failed++
  }
}

if (readerName === 'readline') {
  const rl = createInterface({
    input: createReadStream(file, { highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  })
  for await (const line of rl) if (line.trim() !== '') parse(line)
} else {
  for await (const chunk of wholeLineChunks(createReadStream(file, { highWaterMark: 1 << 20 }))) {
    if (typeof chunk === 'number') {
      lines++
      failed++
      continue
    }
    forEachLine(
      chunk,
      (start, end) => parse(chunk.toString('utf8', start, end)),
      () => {},
    )
  }
}
const ms = performance.now() - started
console.log(
  JSON.stringify({
    reader: readerName,
    lines,
    parsed,
    failed,
    ms,
    maxRssKiB: process.resourceUsage().maxRSS,
    cpuMs: cpuMs(),
  }),
)
