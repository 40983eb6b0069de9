/**
 * Exit codes scripts can rely on (docs/cli.md): 0 nothing to report, 1 findings in the data (invalid lines,
 * anomalies with --strict, reconciliation discrepancies, invalid digitable lines), 2 the command itself
 * could not do its job (usage error, unreadable file, unreachable store).
 */
export const EXIT = {
  OK: 0,
  FINDINGS: 1,
  USAGE: 2,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** An error that ends the command with a message on stderr and a given exit code (2 unless told). */
export class CliError extends Error {
  override readonly name = 'CliError'
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.USAGE,
  ) {
    super(message)
  }
}
