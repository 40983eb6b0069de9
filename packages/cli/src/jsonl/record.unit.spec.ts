import { decodeWebhook } from '@boleto/core'
import { SEED_WEBHOOKS, webhookBodyArb } from '@boleto/core/testing'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseLine, scanLine, toLogRecord } from './record.js'

describe('log line formats', () => {
  it('takes a webhook body as it is', () => {
    const body = { webhook_type: 'x', data: { bank_slip_key: 'k' }, body: 'a field named body' }
    expect(toLogRecord(body)).toEqual({ ok: true, record: { body, receivedAt: null, headers: null } })
  })

  it('unwraps {received_at, headers, body} records, body as an object or as raw text', () => {
    const body = { webhook_type: 'x', data: {} }
    expect(toLogRecord({ received_at: 't', headers: { a: '1' }, body })).toEqual({
      ok: true,
      record: { body, receivedAt: 't', headers: { a: '1' } },
    })
    expect(toLogRecord({ body: JSON.stringify(body) })).toEqual({
      ok: true,
      record: { body, receivedAt: null, headers: null },
    })
  })

  it('explains lines that are not usable', () => {
    expect(parseLine('{"a":')).toMatchObject({ ok: false, message: expect.stringMatching(/^invalid JSON: /) })
    expect(parseLine('[1]')).toEqual({ ok: false, message: 'not a JSON object (an array)' })
    expect(parseLine('null')).toEqual({ ok: false, message: 'not a JSON object (null)' })
    expect(parseLine('"s"')).toEqual({ ok: false, message: 'not a JSON object (a string)' })
    expect(parseLine('{"body":"{oops"}')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^record body is not valid JSON/),
    })
    expect(parseLine('{"body":3}')).toEqual({
      ok: false,
      message: 'record body is not a JSON object (a number)',
    })
  })
})

describe('scanLine', () => {
  const decodedOf = (text: string): unknown => {
    const parsed = parseLine(text)
    if (!parsed.ok) return null
    const decoded = decodeWebhook(parsed.record.body)
    return decoded.ok ? decoded.value : null
  }
  const scanned = (text: string): unknown => {
    const buf = Buffer.from(`xx${text}yy`)
    return scanLine(buf, 2, buf.length - 2)
  }
  const plain = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) })
  const recordArb = fc
    .record({
      body: fc.oneof(webhookBodyArb(), fc.constantFrom(...SEED_WEBHOOKS.map((seed) => seed.body))),
      receivedAt: fc.option(fc.oneof({ arbitrary: plain, weight: 4 }, fc.string()), { nil: undefined }),
      headers: fc.option(
        fc.dictionary(fc.oneof(plain, fc.string()), fc.oneof(plain, fc.string(), fc.integer())),
        {
          nil: undefined,
        },
      ),
      bodyAsText: fc.boolean(),
    })
    .map(({ body, receivedAt, headers, bodyAsText }) =>
      JSON.stringify({
        ...(receivedAt === undefined ? {} : { received_at: receivedAt }),
        ...(headers === undefined ? {} : { headers }),
        body: bodyAsText ? JSON.stringify(body) : body,
      }),
    )

  it('reads a record as parseLine and decodeWebhook do, or leaves it to them', () => {
    let read = 0
    fc.assert(
      fc.property(recordArb, (text) => {
        const fast = scanned(text)
        if (fast !== null) {
          read++
          expect(JSON.stringify(fast)).toBe(JSON.stringify(decodedOf(text)))
        }
      }),
      { numRuns: 3000 },
    )
    expect(read).toBeGreaterThan(150)
  })

  it('reads the compact record a receiver logs, and nothing that is not valid JSON', () => {
    const body = SEED_WEBHOOKS[0]!.body
    const record = JSON.stringify({
      received_at: '2024-08-01T00:00:08.864Z',
      headers: { a: 'b', c: 'd' },
      body,
    })
    expect(scanned(record)).toEqual(decodedOf(record))
    expect(scanned(record)).not.toBeNull()
    fc.assert(
      fc.property(
        fc.nat(record.length - 1),
        fc.constantFrom('', '"', '\\', '}', '{', ',', ':', ' ', 'x', '\u00e9'),
        fc.boolean(),
        (at, insert, replace) => {
          const text = record.slice(0, at) + insert + record.slice(replace ? at + 1 : at)
          const fast = scanned(text)
          let valid = true
          try {
            JSON.parse(text)
          } catch {
            valid = false
          }
          if (!valid) expect(fast).toBeNull()
          else if (fast !== null) expect(JSON.stringify(fast)).toBe(JSON.stringify(decodedOf(text)))
        },
      ),
      { numRuns: 3000 },
    )
    // A record with a second body, or with a webhook_type beside it, is left to parseLine.
    expect(scanned(`${record.slice(0, -1)},"body":{}}`)).toBeNull()
    expect(scanned(`{"webhook_type":"x",${record.slice(1)}`)).toBeNull()
  })
})
