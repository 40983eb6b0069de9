import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { forEachLine, wholeLineChunks } from './reader.js'
import { openInput, rangeChunks } from './source.js'

const dir = mkdtempSync(join(tmpdir(), 'boleto-source-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Every line read through `openInput` and the splitter, copied out as each chunk comes. */
const linesOf = async (path: string, reuseBuffers: boolean): Promise<string[]> => {
  const input = await openInput(path, Readable.from([]), { reuseBuffers })
  const lines: string[] = []
  for await (const chunk of wholeLineChunks(input.stream, { maxLineBytes: 3 * 1024 * 1024 })) {
    if (typeof chunk === 'number') lines.push(`<${chunk} skipped>`)
    else
      forEachLine(
        chunk,
        (s, e) => lines.push(chunk.toString('utf8', s, e)),
        () => lines.push(''),
      )
  }
  return lines
}

describe('openInput', () => {
  it('reads the same lines into reused buffers as into fresh ones (lines across chunks, longer than one)', async () => {
    const lines = [
      'a'.repeat(1024 * 1024 - 3), // ends right at the first chunk's boundary
      'b'.repeat(2.5 * 1024 * 1024), // spans three chunks
      ...Array.from({ length: 20_000 }, (_, i) => `{"n":${i},"text":"${'é'.repeat(i % 50)}"}`),
      'c'.repeat(4 * 1024 * 1024), // past the limit: skipped, counted
      'last',
    ]
    const path = join(dir, 'log.jsonl')
    writeFileSync(path, `${lines.join('\n')}\n`)
    const fresh = await linesOf(path, false)
    const reused = await linesOf(path, true)
    expect(reused).toEqual(fresh)
    expect(reused.length).toBe(lines.length)
    expect(reused[1]).toBe(lines[1])
    expect(reused[lines.length - 2]).toBe(`<${4 * 1024 * 1024} skipped>`)
  })

  it('reads any byte range of an open file into reused buffers, and says which file it could not read', async () => {
    const path = join(dir, 'range.bin')
    const content = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 7) % 251))
    writeFileSync(path, content)
    const fd = openSync(path, 'r')
    try {
      const read = async (start: number, end: number): Promise<Buffer> => {
        const copies: Buffer[] = []
        for await (const chunk of rangeChunks(fd, path, start, end)) copies.push(Buffer.from(chunk))
        return Buffer.concat(copies)
      }
      for (const [start, end] of [
        [0, content.length],
        [5, 1024 * 1024 + 3],
        [2 * 1024 * 1024, Number.POSITIVE_INFINITY],
        [10, 10],
        [content.length + 5, Number.POSITIVE_INFINITY],
      ] as const)
        expect((await read(start, end)).equals(content.subarray(start, end))).toBe(true)
    } finally {
      closeSync(fd)
    }
    const dirFd = openSync(dir, 'r')
    try {
      await expect(rangeChunks(dirFd, 'a-directory', 0, 10).next()).rejects.toThrow(
        /cannot read a-directory: is a directory/,
      )
    } finally {
      closeSync(dirFd)
    }
  })

  it('says clearly when a file cannot be read', async () => {
    await expect(
      openInput(join(dir, 'missing.jsonl'), Readable.from([]), { reuseBuffers: true }),
    ).rejects.toThrow(/cannot read .*missing\.jsonl: no such file/)
  })
})
