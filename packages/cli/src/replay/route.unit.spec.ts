import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { forEachLine } from '../jsonl/reader.js'
import { ownerOf } from './partition.js'
import { BATCH_BYTES, guessOwner, type LineBatch, LineRouter, UNROUTED } from './route.js'

const line = (key: string): string =>
  JSON.stringify({ webhook_type: 'baas.bank_slip.occurrence', data: { bank_slip_key: key, x: 1 } })
/** The usual compact body, whose key the router finds without a search. */
const compactLine = (key: string, type = 'baas.bank_slip.payment_notice'): string =>
  JSON.stringify({
    webhook_type: type,
    webhook_datetime: '2024-08-06T14:53:05.628Z',
    data: { bank_slip_key: key, bank_slip_status: 'paid' },
  })

describe('guessOwner', () => {
  it('finds the owner ownerOf gives for printable ASCII keys', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uuid(),
          fc.string({
            minLength: 1,
            unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
          }),
        ),
        fc.integer({ min: 1, max: 8 }),
        (key, workers) => {
          for (const text of [line(key), compactLine(key), compactLine(key, 'x')]) {
            const buf = Buffer.from(text)
            const guessed = guessOwner(buf, 0, buf.length, workers)
            // Keys JSON escapes (quote, backslash) are left unrouted; every other one is routed right.
            if (key.includes('"') || key.includes('\\')) expect(guessed).toBe(UNROUTED)
            else expect(guessed).toBe(ownerOf(key, workers))
          }
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('leaves unrouted what it cannot read: no key, an empty key, non-ASCII, a key in the next line', () => {
    const unrouted = (text: string, end = Buffer.byteLength(text)) => guessOwner(Buffer.from(text), 0, end, 2)
    expect(unrouted('{"data":{}}')).toBe(UNROUTED)
    expect(unrouted(line(''))).toBe(UNROUTED)
    expect(unrouted(line('chave-ç'))).toBe(UNROUTED)
    expect(unrouted(JSON.stringify({ body: line('k') }))).toBe(UNROUTED)
    const two = `{"a":1}\n${line('k')}`
    expect(unrouted(two, two.indexOf('\n'))).toBe(UNROUTED)
    expect(unrouted('{"bank_slip_key":"unterminated')).toBe(UNROUTED)
  })
})

describe('LineRouter', () => {
  it('hands every non-blank line to one worker exactly once, with its line number, in order per worker', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uuid().map(line),
            fc.constant(''),
            fc.constant('  '),
            fc.constant('not json'),
            fc.constant(JSON.stringify({ body: line('k') })),
            fc.integer({ min: 1, max: 3 }).map((n) => `{"x":"${'y'.repeat(n * 400_000)}"}`),
          ),
          { maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        (lines, workers, chunks) => {
          const received: Array<{ worker: number; lineNumber: number; text: string }> = []
          let next = 0
          const router = new LineRouter(
            workers,
            (worker: number, batch: LineBatch) => {
              const buf = Buffer.from(batch.bytes, 0, batch.length)
              const numbers = new Uint32Array(batch.lineNumbers, 0, batch.count)
              let i = 0
              forEachLine(
                buf,
                (start, end) =>
                  received.push({
                    worker,
                    lineNumber: numbers[i++]!,
                    text: buf.toString('utf8', start, end),
                  }),
                () => {
                  throw new Error('a blank line was routed')
                },
              )
              expect(i).toBe(batch.count)
              router.recycle(batch.bytes, batch.lineNumbers)
            },
            () => next++ % workers,
          )
          // The input cut into chunks of whole lines, as the reader yields them.
          const per = Math.ceil(lines.length / chunks) || 1
          let lineNumber = 1
          for (let i = 0; i < lines.length; i += per) {
            const part = lines.slice(i, i + per)
            lineNumber += router.route(Buffer.from(part.map((l) => `${l}\n`).join('')), lineNumber)
          }
          router.flush()
          expect(lineNumber).toBe(lines.length + 1)
          const expected = lines
            .map((text, i) => ({ text, lineNumber: i + 1 }))
            .filter((l) => l.text.trim() !== '')
          expect(
            [...received]
              .sort((a, b) => a.lineNumber - b.lineNumber)
              .map(({ text, lineNumber }) => ({ text, lineNumber })),
          ).toEqual(expected)
          for (const r of received) {
            const guessed = guessOwner(Buffer.from(r.text), 0, Buffer.byteLength(r.text), workers)
            if (guessed !== UNROUTED) expect(r.worker).toBe(guessed)
          }
          for (let w = 0; w < workers; w++) {
            const mine = received.filter((r) => r.worker === w).map((r) => r.lineNumber)
            expect(mine).toEqual([...mine].sort((a, b) => a - b))
          }
        },
      ),
      { numRuns: 300 },
    )
    expect(BATCH_BYTES).toBe(1024 * 1024)
  })
})
