/**
 * @boleto/cli: the `boleto` command. `buildProgram()` gives the commander tree (for embedding or tests);
 * `main(argv)` runs one command line to an exit code. The log generator is shared with the benchmarks.
 */

export { CliError, EXIT, type ExitCode } from './exit-codes.js'
export type { Io } from './io.js'
export { buildProgram, main, type ProgramOptions } from './program.js'
export { type GeneratedLog, type GenerateLogOptions, generateLog } from './testing/generate-log.js'
