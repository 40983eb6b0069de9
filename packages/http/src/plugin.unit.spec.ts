import Fastify from 'fastify'
import { Registry } from 'prom-client'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp, createInMemoryEventStore, QI_KEYS } from './__fixtures__/app.js'
import { p521 } from './__fixtures__/qi.js'
import type { BoletoPluginOptions } from './config.js'
import { boletoPlugin } from './plugin.js'

const apps: { close(): Promise<unknown> }[] = []
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()))
})

const register = async (options: unknown) => {
  const app = Fastify({ logger: false })
  apps.push(app)
  await app.register(boletoPlugin, options as BoletoPluginOptions)
  await app.ready()
  return app
}

describe('boletoPlugin options', () => {
  const store = createInMemoryEventStore()
  it.each([
    [undefined, /store is required/],
    [{}, /store is required/],
    [{ store: { appendToStream: () => 1 } }, /store is required/],
    [{ store }, /qiPublicKey is required/],
    [{ store, qiPublicKey: 'not a key' }, /qiPublicKey must be a PEM string/],
    [
      { store, qiPublicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' },
      /qiPublicKey: cannot load/,
    ],
    [{ store, verify: false, timestampToleranceSeconds: -1 }, /timestampToleranceSeconds must be a positive/],
    [{ store, verify: false, bodyLimit: 0 }, /bodyLimit must be a positive integer/],
    [{ store, verify: false, handlerTimeoutMs: 1.5 }, /handlerTimeoutMs must be a positive integer/],
    [{ store, verify: false, webhookPath: 'hooks' }, /webhookPath must be a path/],
    [{ store, verify: false, apiClientKey: 'x' }, /apiClientKey is only used with signingKey/],
    [{ store, verify: 'no' }, /verify must be a boolean/],
    [{ store, verify: false, signingKey: p521().publicPem }, /signingKey: cannot load/],
  ])('rejects %j up front', async (options, message) => {
    await expect(register(options)).rejects.toThrow(message)
  })

  it('rejects a key on another curve', async () => {
    const { generateKeyPairSync } = await import('node:crypto')
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    await expect(
      register({ store, qiPublicKey: publicKey.export({ type: 'spki', format: 'pem' }) }),
    ).rejects.toThrow(/P-521/)
  })

  it('accepts the key as SPKI PEM, SEC1 private PEM, "EC PUBLIC KEY" PEM, JWK object and JWK text', async () => {
    const jwk = QI_KEYS.publicKey.export({ format: 'jwk' })
    const ecPublic = QI_KEYS.publicPem
      .replace(/BEGIN PUBLIC KEY/, 'BEGIN EC PUBLIC KEY')
      .replace(/END PUBLIC KEY/, 'END EC PUBLIC KEY')
    for (const qiPublicKey of [
      QI_KEYS.publicPem,
      QI_KEYS.privateSec1Pem,
      ecPublic,
      jwk,
      JSON.stringify(jwk),
      QI_KEYS.publicKey,
    ])
      await expect(register({ store, qiPublicKey })).resolves.toBeDefined()
  })
})

describe('boletoPlugin encapsulation', () => {
  it('leaks nothing into the host but its namespaced decorator', async () => {
    const host = Fastify({ logger: false })
    apps.push(host)
    host.post('/host/echo', async (req) => ({ body: req.body }))
    await host.register(boletoPlugin, { store: createInMemoryEventStore(), qiPublicKey: QI_KEYS.publicPem })
    host.get('/host/after', async () => ({ ok: true }))
    await host.ready()
    expect(host.boleto.verifying).toBe(true)
    expect(host.boleto.registry).toBeInstanceOf(Registry)
    // The host keeps Fastify's JSON parser (and its prototype-poisoning protection).
    const echo = await host.inject({ method: 'POST', url: '/host/echo', payload: { a: 1 } })
    expect(echo.json()).toEqual({ body: { a: 1 } })
    const poisoned = await host.inject({
      method: 'POST',
      url: '/host/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__":{"x":1}}',
    })
    expect(poisoned.statusCode).toBe(400)
    // No hooks of ours on host routes, and our error envelope stays on our routes.
    const after = await host.inject({ url: '/host/after' })
    expect(after.headers['x-request-id']).toBeUndefined()
    expect((await host.inject({ url: '/host/missing' })).json().code).not.toBe('API000404')
    expect(host.hasContentTypeParser('application/json')).toBe(true)
  })

  it('mounts under a prefix (and verifies the uri with it)', async () => {
    const { signedRequest } = await import('./__fixtures__/qi.js')
    const app = await register({
      store: createInMemoryEventStore(),
      qiPublicKey: QI_KEYS.publicPem,
      prefix: '/boleto',
    })
    expect((await app.inject({ url: '/boleto/healthz' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(404)
    const body = JSON.stringify({
      webhook_type: 'baas.bank_slip.occurrence',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: 'k-prefix',
        occurrence_key: 'o',
        occurrence_type: 'registration',
        occurrence_status: 'confirmed',
      },
    })
    const res = await app.inject(
      await signedRequest(QI_KEYS.privateKey, body, {
        url: '/boleto/webhooks/qitech',
        uri: '/boleto/webhooks/qitech',
      }),
    )
    expect(res.json().result).toBe('stored')
  })

  it('uses a registry of its own, so two instances do not collide', async () => {
    const a = await register({ store: createInMemoryEventStore(), verify: false })
    const b = await register({ store: createInMemoryEventStore(), verify: false })
    expect(a.boleto.registry).not.toBe(b.boleto.registry)
  })
})

describe('operations routes', () => {
  it('echoes an incoming x-request-id on its routes', async () => {
    const { app } = await buildApp()
    apps.push(app)
    const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } })
    expect(res.headers['x-request-id']).toBeDefined()
  })

  it('GET /metrics: Prometheus text from its own registry', async () => {
    const { app } = await buildApp()
    apps.push(app)
    await app.inject({ url: '/healthz' })
    const res = await app.inject({ url: '/metrics' })
    expect(res.headers['content-type']).toContain('text/plain')
    expect(res.body).toContain('# TYPE boleto_webhook_intake_total counter')
    expect(res.body).toContain(
      'boleto_http_request_duration_seconds_count{method="GET",route="/healthz",status_code="200"} 1',
    )
  })

  it('GET /healthz: 503 when the store is unreachable', async () => {
    const store = createInMemoryEventStore()
    const broken = Object.assign(Object.create(store), {
      streamExists: async () => {
        throw new Error('connection refused')
      },
    })
    const { app } = await buildApp({}, broken)
    apps.push(app)
    const res = await app.inject({ url: '/healthz' })
    expect(res.statusCode).toBe(503)
    expect(res.json().code).toBe('API000503')
  })

  it('GET /openapi.json: an OpenAPI 3.1 document of every route', async () => {
    const { app } = await buildApp()
    apps.push(app)
    const doc = (await app.inject({ url: '/openapi.json' })).json()
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/bank-slips',
        '/bank-slips/{key}',
        '/bank-slips/{key}/events',
        '/bank-slips/{key}/instructions/{instruction}',
        '/bank_slip/payment',
        '/healthz',
        '/metrics',
        '/openapi.json',
        '/quarantine',
        '/webhooks/qitech',
      ].sort(),
    )
    expect(Object.keys(doc.paths['/bank-slips'])).toEqual(['get', 'post'])
    expect(doc.paths['/webhooks/qitech'].post.responses['401']).toEqual({
      $ref: '#/components/responses/Error',
    })
    expect(doc.paths['/bank-slips/{key}'].get.parameters[0]).toMatchObject({
      name: 'key',
      in: 'path',
      required: true,
    })
    expect(JSON.stringify(doc)).not.toContain('boletoErrorEnvelope#')
  })
})
