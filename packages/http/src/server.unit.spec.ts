import { Writable } from 'node:stream'
import type { EventStore } from '@boleto/core'
import { afterEach, describe, expect, it } from 'vitest'
import { createInMemoryEventStore, occurrence, QI_KEYS } from './__fixtures__/app.js'
import { signedRequest } from './__fixtures__/qi.js'
import { type BoletoServer, createServer } from './server.js'

const servers: BoletoServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const logSink = () => {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l))
      done()
    },
  })
  return { lines, stream }
}

describe('createServer', () => {
  it('serves on a port, logs structured lines with the incoming x-request-id, and closes', async () => {
    const { lines, stream } = logSink()
    const server = await createServer({
      store: createInMemoryEventStore(),
      qiPublicKey: QI_KEYS.publicPem,
      port: 0,
      logStream: stream,
      handleSignals: false,
    })
    servers.push(server)
    const address = await server.listen()
    const res = await fetch(`${address}/healthz`, { headers: { 'x-request-id': 'trace-42' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-request-id')).toBe('trace-42')
    const generated = await fetch(`${address}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } })
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(lines.some((l) => l.reqId === 'trace-42' && l.msg === 'request completed')).toBe(true)
    expect(lines.every((l) => l.service === 'boleto-http')).toBe(true)
  })

  it('handles SIGTERM and SIGINT from before it says it listens, and lets go of them when closed', async () => {
    const before = { SIGTERM: process.listenerCount('SIGTERM'), SIGINT: process.listenerCount('SIGINT') }
    const seen: Array<{ msg: unknown; SIGTERM: number; SIGINT: number }> = []
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of chunk.toString().split('\n'))
          if (l.trim() !== '')
            seen.push({
              msg: JSON.parse(l).msg,
              SIGTERM: process.listenerCount('SIGTERM'),
              SIGINT: process.listenerCount('SIGINT'),
            })
        done()
      },
    })
    const server = await createServer({
      store: createInMemoryEventStore(),
      qiPublicKey: QI_KEYS.publicPem,
      port: 0,
      logStream: stream,
    })
    await server.listen()
    const listening = seen.find((l) => String(l.msg).includes('listening'))
    expect(listening).toMatchObject({ SIGTERM: before.SIGTERM + 1, SIGINT: before.SIGINT + 1 })
    await server.close()
    expect(process.listenerCount('SIGTERM')).toBe(before.SIGTERM)
    expect(process.listenerCount('SIGINT')).toBe(before.SIGINT)
  })

  it('logs one line per webhook at info: request completed, with the request, status and outcome', async () => {
    const { lines, stream } = logSink()
    const server = await createServer({
      store: createInMemoryEventStore(),
      qiPublicKey: QI_KEYS.publicPem,
      port: 0,
      logStream: stream,
      handleSignals: false,
    })
    servers.push(server)
    const address = await server.listen()
    const post = async (body: string, requestId: string, sign = true) => {
      const request = await signedRequest(QI_KEYS.privateKey, body)
      const headers: Record<string, string> = { ...request.headers, 'x-request-id': requestId }
      if (!sign) delete headers.authorization
      return fetch(`${address}${request.url}`, { method: 'POST', headers, body })
    }
    const body = JSON.stringify(occurrence('k-log', 'registration', 'registered'))
    expect((await post(body, 'req-stored')).status).toBe(200)
    expect((await post(body, 'req-dup')).status).toBe(200)
    expect((await post(body, 'req-unsigned', false)).status).toBe(401)
    await server.close()
    const of = (id: string) => lines.filter((l) => l.reqId === id)
    expect(of('req-stored')).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        service: 'boleto-http',
        req: expect.objectContaining({ method: 'POST', url: '/webhooks/qitech' }),
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
        webhook: { result: 'stored', bankSlipKey: 'k-log', position: 1 },
      }),
    ])
    expect(of('req-dup')).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        webhook: { result: 'duplicate', bankSlipKey: 'k-log', position: 1 },
      }),
    ])
    // A rejection keeps its warning, and the completed line says it too.
    expect(of('req-unsigned').map((l) => [l.level, l.msg])).toEqual([
      [40, 'webhook rejected: signature'],
      [30, 'request completed'],
    ])
    expect(of('req-unsigned')[1]!.webhook).toEqual({ result: 'rejected', reason: 'missing_authorization' })
    expect(lines.some((l) => l.msg === 'incoming request')).toBe(false)
  })

  it('logs incoming requests at debug', async () => {
    const { lines, stream } = logSink()
    const server = await createServer({
      store: createInMemoryEventStore(),
      verify: false,
      port: 0,
      logLevel: 'debug',
      logStream: stream,
      handleSignals: false,
    })
    servers.push(server)
    const address = await server.listen()
    await fetch(`${address}/healthz`, { headers: { 'x-request-id': 'req-debug' } })
    await server.close()
    expect(lines.filter((l) => l.reqId === 'req-debug').map((l) => l.msg)).toEqual([
      'incoming request',
      'request completed',
    ])
  })

  it('validates its own options', async () => {
    await expect(
      createServer({ port: 70000, store: createInMemoryEventStore(), verify: false }),
    ).rejects.toThrow(/port must be an integer/)
  })

  it('drains an in-flight webhook on close: it is answered 200 and stored before the store closes', async () => {
    const store = createInMemoryEventStore()
    let entered: () => void = () => undefined
    const appendEntered = new Promise<void>((r) => {
      entered = r
    })
    let release: () => void = () => undefined
    const gate = new Promise<void>((r) => {
      release = r
    })
    const calls: string[] = []
    const slow: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
        entered()
        await gate
        const r = await store.appendToStream(...args)
        calls.push('append')
        return r
      },
      close: async () => {
        calls.push('close')
      },
    })
    const server = await createServer({
      store: slow,
      qiPublicKey: QI_KEYS.publicPem,
      port: 0,
      logLevel: false,
      handleSignals: false,
    })
    const address = await server.listen()
    const request = await signedRequest(
      QI_KEYS.privateKey,
      JSON.stringify(occurrence('k-drain', 'registration', 'registered')),
    )
    const inFlight = fetch(`${address}${request.url}`, {
      method: 'POST',
      headers: request.headers,
      body: request.payload as string,
    })
    await appendEntered
    const closed = server.close()
    setTimeout(release, 100)
    const res = await inFlight
    expect(res.status).toBe(200)
    expect(((await res.json()) as { result: string }).result).toBe('stored')
    await closed
    expect(calls).toEqual(['append'])
    expect(await store.readAll()).toHaveLength(1)
    await expect(fetch(`${address}/healthz`)).rejects.toThrow()
  })
})

describe('boletoPlugin with closeStore', () => {
  it('closes the store only after in-flight requests finished', async () => {
    const Fastify = (await import('fastify')).default
    const { boletoPlugin } = await import('./plugin.js')
    const store = createInMemoryEventStore()
    let entered: () => void = () => undefined
    const appendEntered = new Promise<void>((r) => {
      entered = r
    })
    const calls: string[] = []
    const slow: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
        entered()
        await new Promise((r) => setTimeout(r, 150))
        const r = await store.appendToStream(...args)
        calls.push('append')
        return r
      },
      close: async () => {
        calls.push('close')
      },
    })
    const app = Fastify({ logger: false })
    await app.register(boletoPlugin, { store: slow, closeStore: true, verify: false })
    const address = await app.listen({ host: '127.0.0.1', port: 0 })
    const inFlight = fetch(`${address}/webhooks/qitech`, {
      method: 'POST',
      body: JSON.stringify(occurrence('k-close', 'registration', 'registered')),
    })
    await appendEntered
    const closed = app.close()
    const res = await inFlight
    expect(res.status).toBe(200)
    await closed
    expect(calls).toEqual(['append', 'close'])
  })
})
