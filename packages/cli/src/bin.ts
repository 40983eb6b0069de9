#!/usr/bin/env node
/** The `boleto` executable. */
import { main } from './program.js'

// A reader that goes away (`boleto replay --json big.jsonl | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
})

process.exitCode = await main(process.argv)
