import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { PathReporter } from 'io-ts/lib/PathReporter.js'
import { describe, expect, it } from 'vitest'
import { webhookBodyArb } from '../testing/arbitraries.js'
import { SEED_WEBHOOKS } from '../testing/seeds.js'
import { WebhookCodec } from './codec.js'
import { parseIsoMicros } from './datetime.js'
import { decodeWebhook } from './decode.js'

const payment = SEED_WEBHOOKS.find((s) => s.name === 'payment')!.body

describe('decodeWebhook', () => {
  it('decodes every seed example with no issues', () => {
    for (const seed of SEED_WEBHOOKS) {
      const result = decodeWebhook(seed.body)
      expect(result.ok, seed.name).toBe(true)
      if (!result.ok) continue
      expect(result.value.issues, seed.name).toBeNull()
      expect(result.value.unknownFields, seed.name).toBeNull()
      expect(result.value.occurrenceType).toBe((seed.body.data as Record<string, unknown>).occurrence_type)
    }
  })

  it('converts payment money to integer centavos', () => {
    const result = decodeWebhook(payment)
    expect(result.ok && result.value.payment).toEqual({
      paidAmountCents: 85000,
      paidRebateAmountCents: 20000,
      paidDiscountAmountCents: 0,
      paidFineAmountCents: 0,
      paidInterestAmountCents: 5000,
      paymentMethod: 'account_debit',
      paymentOrigin: 'qr_code',
      paymentCreditDate: '2024-07-02',
    })
  })

  it('reports money with more than two decimals instead of rounding silently', () => {
    const body = { ...payment, data: { ...(payment.data as object), paid_amount: 10.005 } }
    const result = decodeWebhook(body)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.payment?.paidAmountCents).toBe(1001)
    expect(result.value.issues).toEqual([
      expect.objectContaining({ kind: 'money_precision', path: 'data.paid_amount' }),
    ])
  })

  it('keeps unknown fields at their paths, including __proto__ keys, without touching prototypes', () => {
    const body = JSON.parse(
      '{"webhook_type":"baas.bank_slip.occurrence","webhook_datetime":"2024-08-13T21:35:55.679Z","__proto__":{"polluted":1},"extra":[1],"data":{"bank_slip_key":"k","bank_slip_status":"registered","occurrence_key":"o","occurrence_type":"registration","occurrence_status":"confirmed","constructor":{"prototype":{"x":1}},"new_field":"v"}}',
    )
    const result = decodeWebhook(body)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(Object.keys(result.value.unknownFields ?? {}).sort()).toEqual([
      '__proto__',
      'data.constructor',
      'data.new_field',
      'extra',
    ])
    expect(Object.getPrototypeOf(result.value.unknownFields)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('decodes unknown types and enum values into explicit Unknown variants', () => {
    const body = {
      webhook_type: 'baas.bank_slip.hologram',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: 'k',
        bank_slip_status: 'levitating',
        occurrence_type: 'teleport',
        occurrence_status: 'maybe',
        payment_origin: 'pigeon',
      },
    }
    const result = decodeWebhook(body)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.webhookType).toEqual({ _tag: 'Unknown', raw: 'baas.bank_slip.hologram' })
    expect(result.value.bankSlipStatus).toEqual({ _tag: 'Unknown', raw: 'levitating' })
    expect(result.value.occurrenceType).toEqual({ _tag: 'Unknown', raw: 'teleport' })
    expect(result.value.occurrenceStatus).toEqual({ _tag: 'Unknown', raw: 'maybe' })
    expect(result.value.payment?.paymentOrigin).toEqual({ _tag: 'Unknown', raw: 'pigeon' })
  })

  it('recognises the legacy bank_slip.status_change shape', () => {
    const body = {
      webhook_type: 'bank_slip.status_change',
      key: 'legacy-key',
      status: 'paid',
      event_datetime: '2021-01-05T10:00:00',
      data: {
        occurrence_type: 'payment',
        occurrence_feedback: 'confirmed',
        payment_method: 2,
        paid_amount: 12.5,
      },
    }
    const result = decodeWebhook(body)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value).toMatchObject({
      webhookType: 'bank_slip.status_change',
      bankSlipKey: 'legacy-key',
      bankSlipStatus: 'paid',
      occurrenceStatus: 'confirmed',
      at: Date.UTC(2021, 0, 5, 10) * 1000,
      payment: { paymentMethod: { _tag: 'Unknown', raw: 2 }, paidAmountCents: 1250 },
    })
  })

  it.each([
    ['a string', '"hello"', ''],
    ['an array', '[]', ''],
    ['null', 'null', ''],
    ['data not an object', '{"webhook_type":"baas.bank_slip.occurrence","data":3}', 'data'],
    ['data missing', '{"webhook_type":"baas.bank_slip.occurrence"}', 'data'],
    ['no bank_slip_key', '{"webhook_type":"baas.bank_slip.occurrence","data":{}}', 'data.bank_slip_key'],
    [
      'empty bank_slip_key',
      '{"webhook_type":"baas.bank_slip.occurrence","data":{"bank_slip_key":""}}',
      'data.bank_slip_key',
    ],
  ])('fails only on structure: %s, naming the path', (_name, json, path) => {
    const result = decodeWebhook(JSON.parse(json))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.path).toBe(path)
  })

  it('orders undated and badly dated events last and says so', () => {
    const body = {
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: 'yesterday',
      data: { bank_slip_key: 'k' },
    }
    const result = decodeWebhook(body)
    expect(result.ok && result.value.at).toBe(Number.MAX_SAFE_INTEGER)
    expect(result.ok && result.value.issues?.[0]?.kind).toBe('invalid_datetime')
  })

  it('never throws and never rejects a body that has a bank_slip_key', () => {
    fc.assert(
      fc.property(webhookBodyArb(), (body) => {
        expect(decodeWebhook(body).ok).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        decodeWebhook(value)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('WebhookCodec (io-ts)', () => {
  it('reports the failing path through io-ts errors', () => {
    const result = WebhookCodec.decode({
      webhook_type: 'baas.bank_slip.occurrence',
      data: { bank_slip_key: 7 },
    })
    expect(E.isLeft(result)).toBe(true)
    expect(PathReporter.report(result)[0]).toBe(
      'data.bank_slip_key: bank_slip_key must be a non-empty string',
    )
    if (E.isLeft(result))
      expect(result.left[0]?.context.map((c) => c.key).join('/')).toBe('/data/bank_slip_key')
  })

  it('round-trips: decode(encode(decode(body))) equals decode(body), unknown fields and money included', () => {
    fc.assert(
      fc.property(webhookBodyArb(), (body) => {
        const once = WebhookCodec.decode(body)
        expect(E.isRight(once)).toBe(true)
        if (E.isLeft(once)) return
        const twice = WebhookCodec.decode(WebhookCodec.encode(once.right))
        expect(twice).toEqual(once)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('parseIsoMicros', () => {
  it.each([
    ['2024-08-13T21:35:55.679Z', Date.UTC(2024, 7, 13, 21, 35, 55, 679) * 1000],
    ['2024-08-13T21:35:55.679123Z', Date.UTC(2024, 7, 13, 21, 35, 55, 679) * 1000 + 123],
    ['2024-08-13T21:35:55', Date.UTC(2024, 7, 13, 21, 35, 55) * 1000],
    ['2024-08-13T21:35:55-03:00', Date.UTC(2024, 7, 14, 0, 35, 55) * 1000],
    ['2024-08-13', Date.UTC(2024, 7, 13) * 1000],
  ])('reads %s as UTC', (text, expected) => {
    expect(parseIsoMicros(text)).toBe(expected)
  })
  it.each([
    '',
    'yesterday',
    '2024-02-30T00:00:00Z',
    '2024-13-01',
    '2024-08-13T25:00:00Z',
    '2024-08-13T21:35:55Q',
  ])('rejects %j', (text) => {
    expect(parseIsoMicros(text)).toBeNull()
  })
})

describe('review regressions: decoding', () => {
  it.each(['2024-08-13T21:35:55+ab:cd', '2024-08-13T21:35:55+99:99', '2024-08-13T21:35:55.Z'])(
    'rejects the offset or fraction of %j',
    (text) => {
      expect(parseIsoMicros(text)).toBeNull()
    },
  )
  it('reads ±hh offsets and years before 100 as written', () => {
    expect(parseIsoMicros('2024-08-13T21:35:55+03')).toBe(Date.UTC(2024, 7, 13, 18, 35, 55) * 1000)
    expect(new Date(parseIsoMicros('0050-01-01T00:00:00Z')! / 1000).getUTCFullYear()).toBe(50)
  })
  it('keeps a wrongly typed known value verbatim and reports it', () => {
    const body = { ...payment, data: { ...(payment.data as object), paid_amount: '85O.00' } }
    const result = decodeWebhook(body)
    expect(result.ok && result.value.unknownFields).toEqual({ 'data.paid_amount': '85O.00' })
    expect(result.ok && result.value.issues?.[0]?.kind).toBe('unexpected_type')
    if (result.ok)
      expect((WebhookCodec.encode(result.value).data as Record<string, unknown>).paid_amount).toBe('85O.00')
  })
  it('never calls an unknown value’s own toString', () => {
    const body = JSON.parse(
      '{"webhook_type":"baas.bank_slip.occurrence","webhook_datetime":"2024-01-01T00:00:00Z","data":{"bank_slip_key":"k","occurrence_key":"o","occurrence_type":{"toString":1},"occurrence_status":"confirmed"}}',
    )
    const result = decodeWebhook(body)
    expect(result.ok).toBe(true)
  })
})
