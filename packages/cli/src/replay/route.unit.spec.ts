import { decodeWebhook } from '@boleto/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseLine } from '../jsonl/record.js'
import { ChunkRouter, fnv1a, hashKey, slowHash } from './route.js'

const body = (
  key: unknown,
  extra: Record<string, unknown> = {},
  dataExtra: Record<string, unknown> = {},
) => ({
  webhook_type: 'baas.bank_slip.occurrence',
  webhook_datetime: '2024-08-13T21:35:55.679Z',
  ...extra,
  data: { bank_slip_key: key, bank_slip_status: 'registered', occurrence_key: 'o', ...dataExtra },
})

const routeOf = (text: string, workers: number): { worker: number; slow: boolean } => {
  const router = new ChunkRouter(Buffer.from(text), workers)
  const worker = router.workerFor(0, Buffer.byteLength(text))
  return { worker, slow: router.slow > 0 }
}

/** The worker the decoder's key says a line belongs to (null: undecodable, any worker will do). */
const expected = (text: string, workers: number): number | null => {
  const parsed = parseLine(text)
  if (!parsed.ok) return null
  const decoded = decodeWebhook(parsed.record.body)
  return decoded.ok ? hashKey(decoded.value.bankSlipKey) % workers : null
}

describe('routing lines by boleto key', () => {
  it('finds the key without parsing on ordinary lines, bare or wrapped in a record', () => {
    const plain = JSON.stringify(body('11b13b2c-4204-41b3-8596-2ee7ecbde38c'))
    const record = JSON.stringify({ received_at: 'x', headers: { a: 'b' }, body: JSON.parse(plain) })
    for (const text of [plain, record, plain.replace('"bank_slip_key":', '"bank_slip_key" : ')]) {
      const route = routeOf(text, 7)
      expect(route.slow).toBe(false)
      expect(route.worker).toBe(expected(text, 7))
    }
  })

  it('takes the slow path when the fast one could be wrong', () => {
    const cases = [
      JSON.stringify(body('k', { extra: { bank_slip_key: 'other' } })), // two keys
      JSON.stringify(body('k\\"q')), // escapes
      JSON.stringify(body('chave-ção')), // not ASCII
      JSON.stringify({
        webhook_type: 'bank_slip.status_change',
        key: 'top',
        data: { bank_slip_key: 'inner' },
      }),
      JSON.stringify(body(42)),
    ]
    for (const text of cases) {
      const route = routeOf(text, 5)
      expect(route.slow, text).toBe(true)
      const want = expected(text, 5)
      if (want !== null) expect(route.worker, text).toBe(want)
    }
  })

  it('always agrees with the decoded key (property)', () => {
    const key = fc.oneof(fc.uuid(), fc.string({ maxLength: 12 }), fc.constant('bank_slip_key'))
    const noise = fc.dictionary(
      fc.constantFrom('bank_slip_key', 'x', 'data', 'key'),
      fc.oneof(key, fc.integer()),
      {
        maxKeys: 2,
      },
    )
    fc.assert(
      fc.property(
        key,
        noise,
        noise,
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 8 }),
        (k, extra, dataExtra, legacy, wrap, n) => {
          const b: Record<string, unknown> = legacy
            ? {
                webhook_type: 'bank_slip.status_change',
                key: k,
                ...extra,
                data: { bank_slip_key: k, ...dataExtra },
              }
            : body(k, extra, dataExtra)
          const text = JSON.stringify(wrap ? { received_at: 'now', body: b } : b)
          const want = expected(text, n)
          if (want !== null) expect(routeOf(text, n).worker).toBe(want)
        },
      ),
    )
  })

  it('hashes bytes and keys alike (FNV-1a)', () => {
    expect(fnv1a(Buffer.from('abc'), 0, 3)).toBe(hashKey('abc'))
    expect(hashKey('')).toBe(0x811c9dc5)
    expect(slowHash('not json')).toBe(0)
  })
})
