import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { splitIntoRanges } from './ranges.js'

const dir = mkdtempSync(join(tmpdir(), 'boleto-ranges-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let files = 0
/** The ranges of a file holding `content`. */
const rangesOf = async (content: Buffer, parts: number) => {
  const path = join(dir, `log-${files++}.jsonl`)
  writeFileSync(path, content)
  const file = await open(path, 'r')
  try {
    return await splitIntoRanges(file, content.length, parts)
  } finally {
    await file.close()
  }
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
          const ranges = await rangesOf(content, parts)
          expect(ranges).toHaveLength(parts)
          expect(ranges[0]!.start).toBe(0)
          // The last range runs to the end of the file, whatever its length by then.
          expect(ranges[parts - 1]!.end).toBe(Number.POSITIVE_INFINITY)
          for (const [i, range] of ranges.entries()) {
            expect(Math.min(range.end, content.length)).toBeGreaterThanOrEqual(range.start)
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
    const ranges = await rangesOf(content, 4)
    expect(ranges.map((r) => [r.start, r.end])).toEqual([
      [0, long.length + 1],
      [long.length + 1, content.length],
      [content.length, content.length],
      [content.length, Number.POSITIVE_INFINITY],
    ])
    const none = Buffer.from('no newline at all')
    expect(await rangesOf(none, 2)).toEqual([
      { start: 0, end: none.length },
      { start: none.length, end: Number.POSITIVE_INFINITY },
    ])
    expect(await rangesOf(Buffer.alloc(0), 3)).toEqual([
      { start: 0, end: 0 },
      { start: 0, end: 0 },
      { start: 0, end: Number.POSITIVE_INFINITY },
    ])
  })
})
