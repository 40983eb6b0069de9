import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { splitIntoRanges } from './ranges.js'

const dir = mkdtempSync(join(tmpdir(), 'boleto-ranges-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let files = 0
const fileOf = (content: Buffer): string => {
  const path = join(dir, `log-${files++}.jsonl`)
  writeFileSync(path, content)
  return path
}

describe('splitIntoRanges', () => {
  it('covers the file in order, one range per part, each cut just after a newline', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.constant(''), fc.constant('\r')), {
          maxLength: 40,
        }),
        fc.boolean(),
        fc.integer({ min: 1, max: 6 }),
        async (lines, trailingNewline, parts) => {
          const content = Buffer.from(lines.join('\n') + (trailingNewline ? '\n' : ''))
          const ranges = await splitIntoRanges(fileOf(content), content.length, parts)
          expect(ranges).toHaveLength(parts)
          expect(ranges[0]!.start).toBe(0)
          expect(ranges[parts - 1]!.end).toBe(content.length)
          for (const [i, range] of ranges.entries()) {
            expect(range.end).toBeGreaterThanOrEqual(range.start)
            if (i > 0) expect(range.start).toBe(ranges[i - 1]!.end)
            // A cut inside the file always follows a newline: no line is split.
            if (range.start > 0 && range.start < content.length) expect(content[range.start - 1]).toBe(0x0a)
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('leaves later ranges empty when one line is longer than a share, and finds newlines past a probe', async () => {
    const long = 'x'.repeat(200_000)
    const content = Buffer.from(`${long}\nshort\n`)
    const ranges = await splitIntoRanges(fileOf(content), content.length, 4)
    expect(ranges.map((r) => [r.start, r.end])).toEqual([
      [0, long.length + 1],
      [long.length + 1, content.length],
      [content.length, content.length],
      [content.length, content.length],
    ])
    const none = Buffer.from('no newline at all')
    expect(await splitIntoRanges(fileOf(none), none.length, 2)).toEqual([
      { start: 0, end: none.length },
      { start: none.length, end: none.length },
    ])
    expect(await splitIntoRanges(fileOf(Buffer.alloc(0)), 0, 3)).toEqual([
      { start: 0, end: 0 },
      { start: 0, end: 0 },
      { start: 0, end: 0 },
    ])
  })
})
