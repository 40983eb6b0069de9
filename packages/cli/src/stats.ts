/** `--stats`: one JSON line on stderr with throughput and the process's peak memory (all threads). */
import type { Writable } from 'node:stream'
import { write } from './io.js'

export interface RunStats {
  readonly lines: number
  readonly bytes: number
  readonly threads: number
  readonly elapsedMs: number
}

/** User + system CPU time of the process so far, ms. */
export const cpuMs = (): number => {
  const u = process.resourceUsage()
  return Math.round((u.userCPUTime + u.systemCPUTime) / 1000)
}

export const writeStats = (stream: Writable, stats: RunStats): Promise<void> =>
  write(
    stream,
    `${JSON.stringify({
      stats: {
        ...stats,
        elapsedMs: Math.round(stats.elapsedMs),
        linesPerSec: Math.round((stats.lines * 1000) / Math.max(1, stats.elapsedMs)),
        // The whole process, worker threads included: peak resident memory (KiB on Linux) and CPU time.
        maxRssKiB: process.resourceUsage().maxRSS,
        cpuMs: cpuMs(),
      },
    })}\n`,
  )
