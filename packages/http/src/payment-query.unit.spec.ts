import { SEED_PAYMENT_QUERY_BODY } from '@boleto/core/testing/seeds'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from './__fixtures__/app.js'
import type { BoletoPluginOptions } from './config.js'

const apps: { close(): Promise<unknown> }[] = []
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()))
})
const build = async (options: Partial<BoletoPluginOptions> = {}) => {
  const built = await buildApp({
    today: () => '2020-08-05',
    now: () => Date.parse('2020-08-05T12:00:00Z'),
    ...options,
  })
  apps.push(built.app)
  return built
}

const LINE = '31890005025050051213700211649462383350000083548'
const query = (line?: string, paymentDate?: string) => {
  const params = new URLSearchParams()
  if (line !== undefined) params.set('digitable_line', line)
  if (paymentDate !== undefined) params.set('payment_date', paymentDate)
  return { url: `/bank_slip/payment?${params}` }
}

describe('GET /bank_slip/payment', () => {
  it("answers QI's worked example byte for byte when the line is one of our boletos", async () => {
    const { app } = await build({
      paymentQuery: {
        beneficiary: {
          name: 'Sport Club Corinthians Paulista',
          document_number: '61902722000126',
          person_type: 'legal',
        },
      },
    })
    const issued = await app.inject({
      method: 'POST',
      url: '/bank-slips',
      payload: {
        bank_slip_key: 'k-seed',
        amount: 835.48,
        due_date: '2020-08-02',
        digitable_line: LINE,
        terms: { fine_data: { fine_type: 'percentage', fine_percentage: 2 }, max_payment_days: 6 },
        payer: { name: 'LUCIANO RENATO MOREIRA', document_number: '15676407883', person_type: 'natural' },
      },
    })
    expect(issued.statusCode).toBe(202)
    const res = await app.inject(query(LINE, '2020-08-05'))
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe(JSON.stringify(JSON.parse(SEED_PAYMENT_QUERY_BODY)))
  })

  it('answers from the line alone for a boleto that is not ours', async () => {
    const { app } = await build()
    const res = await app.inject(query(LINE, '2020-08-05'))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      barcode: '31893833500000835480005050500512130021164946',
      calculated_internally: false,
      nominal_amount: '835.48',
      fine_amount: '0',
      expiration_date: '2020-08-02',
      factual_expiration_date: '2020-08-03',
      payer_legal_name: null,
    })
    expect(Object.keys(res.json())).toEqual(Object.keys(JSON.parse(SEED_PAYMENT_QUERY_BODY)))
  })

  it('rejects an issuance whose line disagrees with its amount', async () => {
    const { app } = await build()
    const res = await app.inject({
      method: 'POST',
      url: '/bank-slips',
      payload: { bank_slip_key: 'k-x', amount: 100, due_date: '2020-08-02', digitable_line: LINE },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().extra_fields.field).toBe('digitable_line')
  })

  it.each([
    '32990001039000210987502864982109595090000063958',
    '32990001039000000006836762871105695090000010000',
    '32990001031000699960099000000200195070000025527',
    '32990001039000000000103194237800895060001000000',
    '32990001031000699960095000000208497790000030990',
    '828300000007411100972013905080001546763201900028',
    '838000000009235700481007241345219112001474229880',
    '848000000006308600802021201071261517689002201070',
    '858200000015000000643025703477209504800448091020',
  ])('answers 200 for the sandbox line %s', async (line) => {
    const { app } = await build({ today: () => '2025-06-01' })
    const res = await app.inject(query(line))
    expect(res.statusCode).toBe(200)
    expect(res.json().digitable_line).toBe(line)
  })

  const ENVELOPE_KEYS = ['code', 'title', 'http_status', 'description', 'translation', 'extra_fields']
  const expectQi = (
    res: { statusCode: number; json(): Record<string, unknown> },
    code: string,
    status: number,
  ) => {
    expect(res.statusCode).toBe(status)
    expect(res.json()).toMatchObject({ code, http_status: status, extra_fields: {} })
    expect(Object.keys(res.json())).toEqual(ENVELOPE_KEYS)
  }

  it('BLP000012: missing or empty digitable_line', async () => {
    const { app } = await build()
    expectQi(await app.inject(query()), 'BLP000012', 400)
    expectQi(await app.inject(query('')), 'BLP000012', 400)
    expect((await app.inject(query())).json()).toEqual({
      code: 'BLP000012',
      title: 'Bad Request',
      http_status: 400,
      description: 'Missing mandatory parameter: digitable_line',
      translation: 'Parâmetro obrigatório ausente: digitable_line',
      extra_fields: {},
    })
  })

  it('BLP000141: not only digits (separators included)', async () => {
    const { app } = await build()
    expectQi(await app.inject(query('31890.00502 50500.512137')), 'BLP000141', 400)
    expectQi(await app.inject(query('abc')), 'BLP000141', 400)
  })

  it('BLP000142: length out of range', async () => {
    const { app } = await build()
    expectQi(await app.inject(query('123')), 'BLP000142', 400)
    expectQi(await app.inject(query(`${LINE}0000`)), 'BLP000142', 400)
  })

  it('IPP000014: a line that does not decode, and the sandbox business-rule line', async () => {
    const { app } = await build({ today: () => '2025-06-01' })
    const broken = `${LINE.slice(0, 9)}${(Number(LINE[9]) + 1) % 10}${LINE.slice(10)}`
    expectQi(await app.inject(query(broken)), 'IPP000014', 422)
    expectQi(await app.inject(query('858500000037350000643217212883260006147448091022')), 'IPP000014', 422)
  })

  it('IPP000022: a convênio segment not accepted', async () => {
    const { app } = await build({
      today: () => '2025-06-01',
      paymentQuery: { acceptedConvenioSegments: [1] },
    })
    expectQi(await app.inject(query('828300000007411100972013905080001546763201900028')), 'IPP000022', 422)
  })

  it('IPP000017 and IPP000023: configured per line (QI business rules)', async () => {
    const { app } = await build({
      today: () => '2025-06-01',
      paymentQuery: {
        lineOverrides: {
          '838000000009235700481007241345219112001474229880': 'IPP000017',
          '848000000006308600802021201071261517689002201070': 'IPP000023',
        },
      },
    })
    expectQi(await app.inject(query('838000000009235700481007241345219112001474229880')), 'IPP000017', 422)
    expectQi(await app.inject(query('848000000006308600802021201071261517689002201070')), 'IPP000023', 422)
  })

  it('answers 400 (envelope) for a malformed payment_date', async () => {
    const { app } = await build()
    const res = await app.inject(query(LINE, '05/08/2020'))
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'API000400', extra_fields: { field: 'payment_date' } })
  })
})
