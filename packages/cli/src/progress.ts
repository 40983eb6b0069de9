/**
 * A progress bar on stderr for long replays: lines/s, bytes read of the total, ETA. Drawn only when stderr is
 * a terminal (or when forced with --progress), redrawn at most 10 times a second, erased at the end, so
 * scripts that capture stderr see nothing.
 */
import type { Writable } from 'node:stream'

export interface ProgressState {
  readonly bytes: number
  /** null when unknown (a pipe) */
  readonly totalBytes: number | null
  readonly lines: number
  readonly elapsedMs: number
}

export interface Progress {
  /** Bytes read since the last call. */
  addBytes(n: number): void
  /** Total lines handled so far. */
  setLines(n: number): void
  /** Erases the bar. */
  finish(): void
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB']

/** Pure. 1536 → "1.5 KB" (decimal units, like `ls -lh --si`). */
export const formatBytes = (n: number): string => {
  let value = n
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`
}

/** Pure. Seconds as m:ss or h:mm:ss. */
export const formatDuration = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** Pure. Thousands separators: 1234567 → "1,234,567". */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US')

/** Pure. One line of progress, at most `width` columns. */
export const renderProgress = (state: ProgressState, width = 80): string => {
  const seconds = state.elapsedMs / 1000
  const rate = seconds > 0 ? state.lines / seconds : 0
  const bytesText =
    state.totalBytes === null
      ? formatBytes(state.bytes)
      : `${formatBytes(state.bytes)}/${formatBytes(state.totalBytes)}`
  const parts = [`${formatCount(state.lines)} lines`, `${formatCount(rate)} lines/s`, bytesText]
  if (state.totalBytes !== null && state.totalBytes > 0) {
    const fraction = Math.min(1, state.bytes / state.totalBytes)
    const byteRate = seconds > 0 ? state.bytes / seconds : 0
    const eta = byteRate > 0 ? (state.totalBytes - state.bytes) / byteRate : Number.NaN
    parts.push(`ETA ${Number.isFinite(eta) ? formatDuration(eta) : '?'}`)
    const text = parts.join('  ')
    const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`
    const barWidth = Math.max(10, Math.min(30, width - text.length - percent.length - 5))
    const filled = Math.round(fraction * barWidth)
    return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${percent}  ${text}`.slice(0, width - 1)
  }
  return parts.join('  ').slice(0, width - 1)
}

/** A live bar on `stream`. */
export const createProgress = (
  stream: Writable & { readonly columns?: number },
  totalBytes: number | null,
  now: () => number = performance.now.bind(performance),
): Progress => {
  const started = now()
  let bytes = 0
  let lines = 0
  let drawnAt = -Infinity
  let drawn = false
  const draw = (): void => {
    const t = now()
    if (t - drawnAt < 100) return
    drawnAt = t
    drawn = true
    stream.write(
      `\r${renderProgress({ bytes, totalBytes, lines, elapsedMs: t - started }, stream.columns ?? 80)}\u001b[K`,
    )
  }
  return {
    addBytes(n) {
      bytes += n
      draw()
    },
    setLines(n) {
      lines = n
      draw()
    },
    finish() {
      if (drawn) stream.write('\r\u001b[K')
    },
  }
}
