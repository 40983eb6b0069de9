/**
 * `createServer`: the standalone service. Opens the store from `db`, registers `boletoPlugin` on a Fastify
 * app with pino request logging and request ids, and shuts down gracefully: on SIGTERM/SIGINT it stops
 * accepting connections (new requests on open ones get 503, which QI retries), lets in-flight requests
 * finish, waits for their appends, then closes the store. A webhook is acknowledged only after its append
 * committed, so nothing acknowledged is lost, even on SIGKILL.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { EventStore } from '@boleto/core'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify'
import pino from 'pino'
import { DEFAULTS, type ServerOptions, validateServerOptions } from './config.js'
import { boletoPlugin } from './plugin.js'
import { openStore } from './store.js'

export interface BoletoServer {
  readonly app: FastifyInstance
  readonly store: EventStore
  /** Starts listening; resolves with the address (`http://127.0.0.1:3000`). */
  listen(): Promise<string>
  /** Graceful shutdown (idempotent): stop intake, drain in-flight requests, close the store if we opened it. */
  close(): Promise<void>
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * One log line per request at `info`: `request completed` (or `request errored`) with what Fastify's
 * `incoming request` line told (the request: method, url, host, remote address) beside the status, the time,
 * and whatever the route put in the request's bindings (the webhook's outcome). Each line is a synchronous
 * write, so three of them per webhook cost the event loop; `incoming request` is still there at `debug`.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return
    request.log.debug({ req: request }, 'incoming request')
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return
    if (error)
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      )
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
  }
}

/** Pure. An incoming `x-request-id` when it is sane, else a new uuid. */
export const requestIdOf = (req: IncomingMessage): string => {
  const h = req.headers['x-request-id']
  const v = Array.isArray(h) ? h[0] : h
  return v !== undefined && REQUEST_ID.test(v) ? v : randomUUID()
}

export const createServer = async (options: ServerOptions = {}): Promise<BoletoServer> => {
  validateServerOptions(options)
  const ownsStore = options.store === undefined
  const store =
    options.store ??
    (await openStore(options.db ?? DEFAULTS.db, {
      ...(options.pgSchema !== undefined ? { pgSchema: options.pgSchema } : {}),
      ...(options.sqliteSynchronous !== undefined ? { sqliteSynchronous: options.sqliteSynchronous } : {}),
    }))
  const logger =
    options.logLevel === false
      ? pino({ level: 'silent' })
      : pino(
          { level: options.logLevel ?? 'info', base: { service: 'boleto-http' } },
          (options.logStream as pino.DestinationStream | undefined) ?? pino.destination(1),
        )
  // Typed as the default instance: the pino Logger type is wider than FastifyBaseLogger.
  const app = Fastify({
    loggerInstance: logger,
    genReqId: requestIdOf,
    logController: new OneLinePerRequest(),
    // Keep-alive sockets that are idle are closed at shutdown; busy ones finish their request first.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  }) as unknown as FastifyInstance
  const {
    store: _s,
    db: _d,
    pgSchema: _p,
    sqliteSynchronous: _ss,
    host: _h,
    port: _po,
    logLevel: _l,
    logStream: _ls,
    handleSignals: _hs,
    shutdownTimeoutMs: _st,
    ...pluginOptions
  } = options
  let closing: Promise<void> | null = null
  // Answers sent while shutting down close their connection, so keep-alive clients do not hold it open.
  app.addHook('onSend', async (_req, reply) => {
    if (closing !== null) reply.header('connection', 'close')
  })
  try {
    await app.register(boletoPlugin, {
      ...pluginOptions,
      store,
      closeStore: ownsStore,
      metrics: { collectDefaultMetrics: true, ...pluginOptions.metrics },
    })
    await app.ready()
  } catch (error) {
    if (ownsStore) await store.close().catch(() => undefined)
    throw error
  }

  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']
  const onSignal = (signal: NodeJS.Signals): void => {
    app.log.info({ signal }, 'shutdown requested: stopping intake, draining in-flight requests')
    close().then(
      () => app.log.info('shutdown complete'),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exitCode = 1
      },
    )
  }

  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const s of signals) process.removeListener(s, onSignal)
      const limit = options.shutdownTimeoutMs ?? DEFAULTS.shutdownTimeoutMs
      const timer = setTimeout(() => {
        app.log.error({ limitMs: limit }, 'shutdown is taking too long: cutting the remaining connections')
        app.server.closeAllConnections()
      }, limit)
      timer.unref()
      try {
        await app.close()
      } finally {
        clearTimeout(timer)
      }
    })()
    return closing
  }

  return {
    app,
    store,
    async listen() {
      // Before listening, which logs that it does: a signal sent as soon as that line is read must find them.
      const handled = options.handleSignals !== false
      if (handled) for (const s of signals) process.once(s, onSignal)
      try {
        return await app.listen({
          host: options.host ?? DEFAULTS.host,
          port: options.port ?? DEFAULTS.port,
        })
      } catch (error) {
        if (handled) for (const s of signals) process.off(s, onSignal)
        throw error
      }
    },
    close,
  }
}
