import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countLines, forEachLine, type LineChunk, wholeLineChunks } from './reader.js'

/** The bytes cut at the given points, as a stream would deliver them. */
async function* pieces(bytes: Buffer, cuts: readonly number[]): AsyncGenerator<Buffer> {
  let at = 0
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= at || cut >= bytes.length) continue
    yield bytes.subarray(at, cut)
    at = cut
  }
  if (at < bytes.length) yield bytes.subarray(at)
}

const collect = async (
  source: AsyncIterable<Buffer>,
  maxLineBytes?: number,
): Promise<Array<string | { skipped: number }>> => {
  const out: Array<string | { skipped: number }> = []
  const options = maxLineBytes === undefined ? {} : { maxLineBytes }
  for await (const chunk of wholeLineChunks(source, options) as AsyncIterable<LineChunk>) {
    if (typeof chunk === 'number') out.push({ skipped: chunk })
    else
      forEachLine(
        chunk,
        (s, e) => out.push(chunk.toString('utf8', s, e)),
        () => out.push(''),
      )
  }
  return out
}

const line = fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', '{', '"', ' ', '\\'), maxLength: 40 })

describe('wholeLineChunks + forEachLine', () => {
  it('gives back every line, whatever the chunk boundaries (multi-byte characters included)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 30 }),
        fc.boolean(),
        fc.array(fc.nat(2000), { maxLength: 20 }),
        async (lines, trailingNewline, cuts) => {
          const text = lines.join('\n') + (trailingNewline && lines.length > 0 ? '\n' : '')
          const got = await collect(pieces(Buffer.from(text), cuts))
          const expected = text === '' ? [] : text.replace(/\n$/, '').split('\n')
          expect(got).toEqual(expected.map((l) => (/^[ \t]*$/.test(l) ? '' : l)))
        },
      ),
    )
  })

  it('skips the same too-long lines whatever the chunk boundaries (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 1, maxLength: 30 }), {
          maxLength: 12,
        }),
        fc.array(fc.nat(300), { maxLength: 12 }),
        fc.integer({ min: 1, max: 20 }),
        async (lines, cuts, max) => {
          const got = await collect(pieces(Buffer.from(lines.join('\n')), cuts), max)
          expect(got).toEqual(lines.map((l) => (l.length > max ? { skipped: l.length } : l)))
        },
      ),
    )
  })

  it('trims \\r of CRLF endings and reports blank lines separately', async () => {
    expect(await collect(pieces(Buffer.from('{"a":1}\r\n  \r\n\n{"b":2}'), [3, 9]))).toEqual([
      '{"a":1}',
      '',
      '',
      '{"b":2}',
    ])
  })

  it('skips a line longer than the limit, counting it once, and goes on', async () => {
    const long = 'x'.repeat(50)
    const text = `short\n${long}\nafter\n${long}`
    for (const cuts of [[], [10], [8, 20, 30, 40, 58], [3, 60]])
      expect(await collect(pieces(Buffer.from(text), cuts), 20)).toEqual([
        'short',
        { skipped: 50 },
        'after',
        { skipped: 50 },
      ])
  })
})

describe('countLines', () => {
  it('counts the lines forEachLine visits, blank ones included', () => {
    const lineArb = fc.oneof(
      fc.constant(''),
      fc.constant('  '),
      fc.constant('\r'),
      fc.string({ maxLength: 5 }),
    )
    fc.assert(
      fc.property(
        fc.array(
          lineArb.filter((l) => !l.includes('\n')),
          { minLength: 1, maxLength: 20 },
        ),
        fc.boolean(),
        (lines, trailing) => {
          const buf = Buffer.from(lines.join('\n') + (trailing ? '\n' : ''))
          let visited = 0
          forEachLine(
            buf,
            () => visited++,
            () => visited++,
          )
          expect(countLines(buf)).toBe(visited)
        },
      ),
    )
  })
})
