#!/usr/bin/env node
/** The `boleto` executable. */
import { setFlagsFromString } from 'node:v8'
import { main } from './program.js'

// Threads started from here on (the replay's workers, one per core) compile their hot code themselves instead
// of on V8's background threads: with every core running a worker, background compilation finds no idle core,
// only adds contention, and its jobs cost more CPU in all (measured on a million events: 4 % less CPU, 3 %
// less wall time). The executable owns its process, so it sets this process-wide flag; a program using the
// library keeps its own. Isolates that exist already (this one) are not affected.
setFlagsFromString('--no-concurrent-recompilation')

// A reader that goes away (`boleto replay --json big.jsonl | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
})

process.exitCode = await main(process.argv)
