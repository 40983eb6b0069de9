/** What every command gets: the streams, and how to report its exit code. */
import type { ExitCode } from './exit-codes.js'
import type { Io } from './io.js'

export interface CommandContext {
  readonly io: Io
  /** The command's outcome; the highest code reported wins. */
  readonly setExit: (code: ExitCode) => void
}
