import { describe, expect, it } from 'vitest'
import { parseLine, toLogRecord } from './record.js'

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
