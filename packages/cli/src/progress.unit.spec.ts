import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createProgress, formatBytes, formatCount, formatDuration, renderProgress } from './progress.js'

describe('progress', () => {
  it('formats sizes, counts and durations', () => {
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(354_043_516)).toBe('354.0 MB')
    expect(formatCount(1234567.4)).toBe('1,234,567')
    expect(formatDuration(5)).toBe('0:05')
    expect(formatDuration(3725)).toBe('1:02:05')
  })

  it('renders a bar with rate, bytes and ETA when the size is known', () => {
    const text = renderProgress(
      { bytes: 50_000_000, totalBytes: 100_000_000, lines: 200_000, elapsedMs: 2000 },
      100,
    )
    expect(text).toMatch(/^\[#+-+\] {2}50%/)
    expect(text).toContain('100,000 lines/s')
    expect(text).toContain('50.0 MB/100.0 MB')
    expect(text).toContain('ETA 0:02')
    expect(text.length).toBeLessThan(100)
  })

  it('renders without a bar when the size is unknown (a pipe)', () => {
    expect(renderProgress({ bytes: 1000, totalBytes: null, lines: 10, elapsedMs: 1000 })).toBe(
      '10 lines  10 lines/s  1.0 KB',
    )
  })

  it('redraws at most every 100 ms and erases itself', () => {
    const stream = new PassThrough()
    let now = 0
    const progress = createProgress(stream, 1000, () => now)
    progress.addBytes(100)
    now = 50
    progress.addBytes(100)
    now = 200
    progress.setLines(5)
    progress.finish()
    const text = String(stream.read())
    expect(text.split('\r').filter((s) => s.includes('lines/s'))).toHaveLength(2)
    expect(text.endsWith('\r\u001b[K')).toBe(true)
  })
})
