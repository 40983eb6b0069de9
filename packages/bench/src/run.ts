/**
 * `pnpm bench [suite...]`: runs the named suites (all by default) one after another, prints Markdown, and
 * exits 1 when a claim fails. Suites run in one process so every comparison shares the same machine state.
 */
import { type BenchReport, renderReport } from './report.js'

const suites: Record<string, () => Promise<{ run: () => Promise<BenchReport> }>> = {
  fold: () => import('./suites/fold.js'),
  decode: () => import('./suites/decode.js'),
  store: () => import('./suites/store.js'),
  intake: () => import('./suites/intake.js'),
  replay: () => import('./suites/replay.js'),
}

const requested = process.argv.slice(2)
const names = requested.length > 0 ? requested : Object.keys(suites)
let failed = false
for (const name of names) {
  const load = suites[name]
  if (!load) {
    console.error(`unknown suite ${name}; known: ${Object.keys(suites).join(', ')}`)
    process.exit(2)
  }
  const report = await (await load()).run()
  console.log(renderReport(report))
  if (report.claims.some((c) => !c.ok)) failed = true
}
process.exit(failed ? 1 : 0)
