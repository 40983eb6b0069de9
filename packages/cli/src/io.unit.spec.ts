import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { BufferedWriter } from './io.js'

const dir = mkdtempSync(join(tmpdir(), 'boleto-io-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('BufferedWriter.writeOut', () => {
  it('lets the caller write over a part once it resolves, after what was buffered: a file', async () => {
    const path = join(dir, 'out.txt')
    const stream = createWriteStream(path)
    const out = new BufferedWriter(stream)
    const part = Buffer.from('first part|')
    await out.push('buffered|')
    await out.writeOut(part)
    part.write('XXXXXXXXXXX')
    await out.writeOut(part)
    await new Promise((resolve) => stream.end(resolve))
    expect(readFileSync(path, 'utf8')).toBe('buffered|first part|XXXXXXXXXXX')
  })

  it('gives a stream that may keep its chunks (no file descriptor) a copy', async () => {
    const stream = new PassThrough()
    const out = new BufferedWriter(stream)
    const part = Buffer.from('kept by the stream')
    await out.writeOut(part)
    part.fill(0x2d)
    stream.end()
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks).toString()).toBe('kept by the stream')
  })
})
