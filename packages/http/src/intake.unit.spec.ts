import type { EventStore } from '@boleto/core'
import { SEED_WEBHOOKS } from '@boleto/core/testing'
import { compactVerify, decodeJwt } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp, createInMemoryEventStore, occurrence, QI_KEYS } from './__fixtures__/app.js'
import { md5, p521, signedRequest } from './__fixtures__/qi.js'

const KEY = '11b13b2c-4204-41b3-8596-2ee7ecbde38c'
const apps: { close(): Promise<unknown> }[] = []
const build = async (...args: Parameters<typeof buildApp>) => {
  const built = await buildApp(...args)
  apps.push(built.app)
  return built
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()))
})

const send = async (app: Awaited<ReturnType<typeof buildApp>>['app'], body: unknown, options = {}) =>
  app.inject(
    await signedRequest(QI_KEYS.privateKey, typeof body === 'string' ? body : JSON.stringify(body), options),
  )

const registration = SEED_WEBHOOKS.find((s) => s.name === 'registration (confirmed)')!.body

describe('POST /webhooks/qitech: signature', () => {
  it('stores a validly signed webhook and answers after the commit', async () => {
    const { app, store } = await build()
    const res = await send(app, registration)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ result: 'stored', bank_slip_key: KEY, position: expect.any(Number) })
    const events = await store.readStream(`bank_slip-${KEY}`)
    expect(events).toHaveLength(1)
    expect(events[0]!.metadata).toMatchObject({ signature: 'verified' })
    const slip = await app.inject({ url: `/bank-slips/${KEY}` })
    expect(slip.json()).toMatchObject({ status: 'registered', reported_status: 'registered' })
  })

  it('answers a redelivery as a duplicate at the original position, storing nothing new', async () => {
    const { app, store } = await build()
    const first = (await send(app, registration)).json()
    const again = await send(app, { ...registration, webhook_datetime: '2024-08-13T22:00:00.000Z' })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ result: 'duplicate', bank_slip_key: KEY, position: first.position })
    expect(await store.readAll()).toHaveLength(1)
  })

  const rejectedWith = async (
    reason: string,
    request: Awaited<ReturnType<typeof signedRequest>>,
    store: EventStore,
    app: Awaited<ReturnType<typeof buildApp>>['app'],
  ) => {
    const res = await app.inject(request)
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({
      code: 'WHK000401',
      title: 'Unauthorized',
      http_status: 401,
      extra_fields: { reason },
    })
    expect(Object.keys(res.json())).toEqual([
      'code',
      'title',
      'http_status',
      'description',
      'translation',
      'extra_fields',
    ])
    expect(await store.readAll()).toHaveLength(0)
    const metrics = await app.inject({ url: '/metrics' })
    expect(metrics.body).toContain(`boleto_webhook_verification_failures_total{reason="${reason}"} 1`)
  }

  it('rejects a tampered body', async () => {
    const { app, store } = await build()
    const request = await signedRequest(QI_KEYS.privateKey, JSON.stringify(registration))
    request.payload = JSON.stringify({ ...registration, webhook_type: 'baas.bank_slip.payment' })
    await rejectedWith('payload_md5_mismatch', request, store, app)
  })

  it('rejects a token signed with another key', async () => {
    const { app, store } = await build()
    await rejectedWith(
      'bad_signature',
      await signedRequest(p521().privateKey, JSON.stringify(registration)),
      store,
      app,
    )
  })

  it('rejects a token for another uri', async () => {
    const { app, store } = await build()
    const request = await signedRequest(QI_KEYS.privateKey, JSON.stringify(registration), { uri: '/other' })
    await rejectedWith('uri_mismatch', request, store, app)
  })

  it('rejects a token for another method', async () => {
    const { app, store } = await build()
    const request = await signedRequest(QI_KEYS.privateKey, JSON.stringify(registration), { method: 'PUT' })
    await rejectedWith('method_mismatch', request, store, app)
  })

  it('rejects a stale timestamp, and accepts it under a larger tolerance', async () => {
    const { app, store } = await build()
    const old = new Date(Date.now() - 3600_000).toISOString()
    await rejectedWith(
      'stale_timestamp',
      await signedRequest(QI_KEYS.privateKey, JSON.stringify(registration), { timestamp: old }),
      store,
      app,
    )
    const lenient = await build({ timestampToleranceSeconds: 7200 })
    const res = await lenient.app.inject(
      await signedRequest(QI_KEYS.privateKey, JSON.stringify(registration), { timestamp: old }),
    )
    expect(res.statusCode).toBe(200)
  })

  it('rejects a missing Authorization header and a non-JWT one', async () => {
    const { app, store } = await build()
    const request = await signedRequest(QI_KEYS.privateKey, JSON.stringify(registration))
    const { authorization: _a, ...noAuth } = request.headers
    await rejectedWith('missing_authorization', { ...request, headers: noAuth }, store, app)
    const garbage = await app.inject({
      ...request,
      headers: { ...request.headers, authorization: 'Bearer nope' },
    })
    expect(garbage.json().extra_fields.reason).toBe('malformed_token')
  })

  it('rejects a token without a required claim', async () => {
    const { app, store } = await build()
    const request = await signedRequest(QI_KEYS.privateKey, JSON.stringify(registration), {
      omit: ['payload_md5'],
    })
    await rejectedWith('missing_claim', request, store, app)
  })

  it('accepts the md5 of a Python json.dumps re-serialisation (", " and ": ", floats, ensure_ascii)', async () => {
    const { app } = await build()
    const raw =
      '{"webhook_type":"baas.bank_slip.payment","webhook_datetime":"2024-08-13T21:35:55.679Z","data":{"bank_slip_key":"k-py","bank_slip_status":"paid","occurrence_key":"o1","occurrence_type":"payment","occurrence_status":"confirmed","paid_amount":850.0,"payer":"Jo\u00e3o"}}'
    // What Python prints for json.dumps(json.loads(raw)), written out by hand.
    const python =
      '{"webhook_type": "baas.bank_slip.payment", "webhook_datetime": "2024-08-13T21:35:55.679Z", "data": {"bank_slip_key": "k-py", "bank_slip_status": "paid", "occurrence_key": "o1", "occurrence_type": "payment", "occurrence_status": "confirmed", "paid_amount": 850.0, "payer": "Jo\\u00e3o"}}'
    const res = await app.inject(await signedRequest(QI_KEYS.privateKey, raw, { payloadMd5: md5(python) }))
    expect(res.statusCode).toBe(200)
    expect(res.json().result).toBe('stored')
    const events = (await app.inject({ url: '/bank-slips/k-py/events' })).json().events
    expect(events[0].metadata.md5).toBe('python')
  })

  it.each([
    ['microseconds and Z', '2024-08-13T21:35:55.679123Z'],
    ['no fraction, no zone (UTC)', '2024-08-13T21:35:55'],
    ['milliseconds and +00:00', '2024-08-13T21:35:55.679+00:00'],
  ])('accepts a timestamp with %s', async (_name, timestamp) => {
    const now = Date.parse('2024-08-13T21:36:30Z')
    const { app } = await build({ now: () => now })
    const res = await app.inject(
      await signedRequest(QI_KEYS.privateKey, JSON.stringify(registration), { timestamp }),
    )
    expect(res.statusCode).toBe(200)
  })

  it('reads a zoneless timestamp as UTC (not local time)', async () => {
    const now = Date.parse('2024-08-13T21:35:55Z') + 400_000
    const { app } = await build({ now: () => now })
    const res = await app.inject(
      await signedRequest(QI_KEYS.privateKey, JSON.stringify(registration), {
        timestamp: '2024-08-13T21:35:55',
      }),
    )
    expect(res.json().extra_fields.reason).toBe('stale_timestamp')
  })

  it('accepts an absolute URL as uri claim and any content type', async () => {
    const { app } = await build()
    const request = await signedRequest(QI_KEYS.privateKey, JSON.stringify(registration), {
      uri: 'https://hooks.example.com/webhooks/qitech',
    })
    const res = await app.inject({
      ...request,
      headers: { ...request.headers, 'content-type': 'text/plain' },
    })
    expect(res.statusCode).toBe(200)
  })

  it('accepts any of several public keys (key rotation)', async () => {
    const next = p521()
    const { app } = await build({ qiPublicKey: [QI_KEYS.publicPem, next.publicPem] })
    const res = await app.inject(await signedRequest(next.privateKey, JSON.stringify(registration)))
    expect(res.statusCode).toBe(200)
    const other = await app.inject(await signedRequest(p521().privateKey, JSON.stringify(registration)))
    expect(other.json().extra_fields.reason).toBe('bad_signature')
  })

  it('checks API-CLIENT-KEY when one is expected', async () => {
    const { app, store } = await build({ expectedApiClientKey: 'someone-else' })
    await rejectedWith(
      'api_client_key_mismatch',
      await signedRequest(QI_KEYS.privateKey, JSON.stringify(registration)),
      store,
      app,
    )
  })
})

describe('POST /webhooks/qitech: what gets stored', () => {
  it('folds a lifecycle delivered out of order to the same state as in order', async () => {
    const bodies = ['registration (confirmed)', 'rebate', 'cancel_rebate', 'extension'].map(
      (name) => SEED_WEBHOOKS.find((s) => s.name === name)!.body,
    )
    const inOrder = await build()
    for (const b of bodies) expect((await send(inOrder.app, b)).statusCode).toBe(200)
    const reordered = await build()
    for (const b of [...bodies].reverse()) expect((await send(reordered.app, b)).statusCode).toBe(200)
    const a = (await inOrder.app.inject({ url: `/bank-slips/${KEY}` })).json()
    const b = (await reordered.app.inject({ url: `/bank-slips/${KEY}` })).json()
    const { delivery: _d1, updated_at: _u1, ...stateA } = a
    const { delivery: _d2, updated_at: _u2, ...stateB } = b
    expect(stateB).toEqual(stateA)
    expect(a.status).toBe('registered')
    expect(b.delivery.outOfOrder).toBeGreaterThan(0)
  })

  it('stores an unknown webhook type and reports it as an anomaly', async () => {
    const { app } = await build()
    const body = {
      webhook_type: 'baas.bank_slip.brand_new_thing',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: { bank_slip_key: 'k-unknown', occurrence_key: 'o-9', occurrence_type: 'teleport', surprise: 1 },
    }
    const res = await send(app, body)
    expect(res.statusCode).toBe(200)
    expect(res.json().result).toBe('stored')
    const slip = (await app.inject({ url: '/bank-slips/k-unknown' })).json()
    expect(slip.anomaly_count).toBeGreaterThan(0)
    expect(slip.anomalies.map((a: { kind: string }) => a.kind)).toContain('unknown_type')
  })

  it('quarantines an authentic body that is not JSON, answers 200, lists it, and dedupes a retry', async () => {
    const { app, store } = await build()
    const res = await send(app, '{"webhook_type": "baas.bank_slip.occurrence", oops')
    expect(res.statusCode).toBe(200)
    const answer = res.json()
    expect(answer).toEqual({
      result: 'quarantined',
      id: expect.stringMatching(/^quarantine:[0-9a-f]{64}$/),
      position: expect.any(Number),
    })
    const again = await send(app, '{"webhook_type": "baas.bank_slip.occurrence", oops')
    expect(again.json().id).toBe(answer.id)
    const listed = (await app.inject({ url: '/quarantine' })).json()
    expect(listed.items).toHaveLength(1)
    expect(listed.items[0]).toMatchObject({
      id: answer.id,
      reason: 'invalid_json',
      raw_text: '{"webhook_type": "baas.bank_slip.occurrence", oops',
      headers: { 'api-client-key': expect.any(String) },
    })
    expect(await store.listBankSlips()).toMatchObject({ items: [] })
  })

  it('quarantines valid JSON that the decoder refuses (no bank_slip_key) and invalid UTF-8', async () => {
    const { app } = await build()
    const res = await send(app, {
      webhook_type: 'baas.bank_slip.occurrence',
      data: { occurrence_type: 'registration' },
    })
    expect(res.json().result).toBe('quarantined')
    const bytes = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])
    const bad = await app.inject(await signedRequest(QI_KEYS.privateKey, bytes))
    expect(bad.json().result).toBe('quarantined')
    const listed = (await app.inject({ url: '/quarantine' })).json()
    expect(listed.items.map((i: { reason: string }) => i.reason)).toEqual(['undecodable', 'invalid_utf8'])
    expect(listed.items[0].detail).toContain('bank_slip_key')
    expect(listed.items[1].raw_text).toBeNull()
    expect(Buffer.from(listed.items[1].raw_base64, 'base64')).toEqual(bytes)
  })

  it('never quarantines or stores an unauthentic body', async () => {
    const { app, store } = await build()
    const request = await signedRequest(p521().privateKey, 'not json')
    expect((await app.inject(request)).statusCode).toBe(401)
    expect(await store.readAll()).toHaveLength(0)
  })

  it('answers 413 with the envelope above the body limit', async () => {
    const { app, store } = await build({ bodyLimit: 1024 })
    const body = JSON.stringify({ ...registration, padding: 'x'.repeat(2000) })
    const res = await app.inject(await signedRequest(QI_KEYS.privateKey, body))
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ code: 'WHK000413', http_status: 413, extra_fields: { limit: 1024 } })
    expect(await store.readAll()).toHaveLength(0)
  })

  it('keeps __proto__ and constructor keys as plain data, without polluting prototypes', async () => {
    const { app } = await build()
    const raw =
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"webhook_type":"baas.bank_slip.occurrence","webhook_datetime":"2024-08-13T21:35:55.679Z","data":{"__proto__":{"isAdmin":true},"bank_slip_key":"k-proto","bank_slip_status":"registered","occurrence_key":"o-p","occurrence_type":"registration","occurrence_status":"confirmed"}}'
    const res = await send(app, raw)
    expect(res.statusCode).toBe(200)
    expect(res.json().result).toBe('stored')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    const events = (await app.inject({ url: '/bank-slips/k-proto/events' })).json().events
    expect(Object.hasOwn(events[0].data, '__proto__')).toBe(true)
    expect(events[0].data.constructor).toEqual({ prototype: { polluted: 'yes' } })
    expect((await app.inject({ url: '/bank-slips/k-proto' })).json().status).toBe('registered')
  })

  it('answers 503 (never 2xx) when the store fails', async () => {
    const store = createInMemoryEventStore()
    const failing: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStream: async () => {
        throw new Error('disk on fire')
      },
    })
    const { app } = await build({}, failing)
    const res = await send(app, registration)
    expect(res.statusCode).toBe(503)
    expect(res.json()).toMatchObject({ code: 'WHK000503', http_status: 503 })
    expect((await app.inject({ url: '/metrics' })).body).toContain(
      'boleto_store_errors_total{operation="append"} 1',
    )
  })

  it('answers 503 past the handler deadline; the append still completes and a retry dedupes', async () => {
    const store = createInMemoryEventStore()
    let release: () => void = () => undefined
    const gate = new Promise<void>((r) => {
      release = r
    })
    const slow: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
        await gate
        return store.appendToStream(...args)
      },
    })
    const { app } = await build({ handlerTimeoutMs: 50 }, slow)
    const res = await send(app, registration)
    expect(res.statusCode).toBe(503)
    expect(res.json().code).toBe('WHK000504')
    release()
    await new Promise((r) => setTimeout(r, 10))
    expect(await store.readAll()).toHaveLength(1)
    const retry = await send(app, registration)
    expect(retry.json().result).toBe('duplicate')
  })

  it('accepts unsigned webhooks when verification is explicitly off, with a loud warning', async () => {
    const lines: string[] = []
    const Fastify = (await import('fastify')).default
    const app = Fastify({ logger: { level: 'warn', stream: { write: (l: string) => lines.push(l) } } })
    apps.push(app)
    const { boletoPlugin } = await import('./plugin.js')
    await app.register(boletoPlugin, { store: createInMemoryEventStore(), verify: false })
    await app.ready()
    expect(lines.join('\n')).toContain('SIGNATURE VERIFICATION IS OFF')
    const res = await app.inject({
      method: 'POST',
      url: '/webhooks/qitech',
      payload: JSON.stringify(registration),
    })
    expect(res.json().result).toBe('stored')
  })

  it('signs the acknowledgement with our own key when configured (QI older protocol)', async () => {
    const ours = p521()
    const { app } = await build({ signingKey: ours.privateSec1Pem, apiClientKey: 'our-client-key' })
    const res = await send(app, registration)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(Object.keys(body)).toEqual(['encoded_body'])
    const { payload } = await compactVerify(body.encoded_body, ours.publicKey)
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
      result: 'stored',
      bank_slip_key: KEY,
    })
    const auth = res.headers.authorization as string
    await compactVerify(auth, ours.publicKey)
    expect(decodeJwt(auth)).toMatchObject({
      payload_md5: md5(res.body),
      method: 'POST',
      uri: '/webhooks/qitech',
    })
    expect(res.headers['api-client-key']).toBe('our-client-key')
  })

  it('counts intake results in /metrics', async () => {
    const { app } = await build()
    await send(app, registration)
    await send(app, registration)
    await send(app, 'nope')
    const text = (await app.inject({ url: '/metrics' })).body
    expect(text).toContain('boleto_webhook_intake_total{result="stored"} 1')
    expect(text).toContain('boleto_webhook_intake_total{result="duplicate"} 1')
    expect(text).toContain('boleto_webhook_intake_total{result="quarantined"} 1')
    expect(text).toContain('boleto_webhook_intake_duration_seconds_bucket')
  })
})

describe('occurrence fixture', () => {
  it('builds a decodable body', async () => {
    const { app } = await build()
    const res = await send(app, occurrence('k-fix', 'registration', 'registered'))
    expect(res.json().result).toBe('stored')
  })
})
