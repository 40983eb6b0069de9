/**
 * `boletoPlugin`: the whole HTTP surface as one Fastify 5 plugin. Wrapped with fastify-plugin only so the
 * host sees its one namespaced decorator (`app.boleto`); every route, hook, schema, error handler and
 * content-type parser lives in an inner, encapsulated scope, so nothing else leaks into the host app.
 */
import { type EventStore, EventStoreError } from '@boleto/core'
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Registry } from 'prom-client'
import { registerCommands } from './commands.js'
import { type BoletoPluginOptions, DEFAULTS, validatePluginOptions } from './config.js'
import { type BoletoContext, brazilDate } from './context.js'
import { ENVELOPE_SCHEMA, envelope, HttpError } from './errors.js'
import { registerIntake } from './intake.js'
import { createMetrics } from './metrics.js'
import { buildOpenApi, type CollectedRoute, collectRoute, routeSchema } from './openapi.js'
import { registerPaymentQuery } from './payment-query.js'
import { registerQueries } from './queries.js'
import { createVerifier } from './signature.js'
import { createAckSigner } from './signed-ack.js'

/** The plugin's one decorator. */
export interface BoletoDecoration {
  readonly store: EventStore
  /** The plugin's own Prometheus registry. */
  readonly registry: Registry
  /** Whether webhooks are signature-verified. */
  readonly verifying: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    boleto: BoletoDecoration
  }
}

const VERSION = '0.1.0'

const errorHandler =
  (ctx: BoletoContext) =>
  (error: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (error instanceof HttpError) return reply.code(error.envelope.http_status).send(error.envelope)
    const isWebhook =
      req.routeOptions.url === ctx.webhookPath || req.url.split('?')[0]?.endsWith(ctx.webhookPath)
    if (error.statusCode === 413) {
      if (isWebhook) ctx.metrics.intake.inc({ result: 'too_large' })
      req.log.warn({ limit: isWebhook ? ctx.bodyLimit : ctx.commandBodyLimit }, 'request body too large')
      return reply.code(413).send(
        envelope(isWebhook ? 'WHK000413' : 'API000413', {
          limit: isWebhook ? ctx.bodyLimit : ctx.commandBodyLimit,
        }),
      )
    }
    if (error.validation !== undefined)
      return reply
        .code(400)
        .send(
          envelope(
            'API000400',
            { errors: error.validation.map((v) => ({ path: v.instancePath, message: v.message ?? '' })) },
            error.message,
          ),
        )
    if (error instanceof EventStoreError) {
      ctx.metrics.storeErrors.inc({ operation: 'unknown' })
      return reply.code(503).send(envelope('API000503'))
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500)
      return reply.code(error.statusCode).send({
        ...envelope('API000400', { fastify_code: error.code }, error.message),
        http_status: error.statusCode,
      })
    req.log.error({ err: error }, 'unexpected error')
    return reply.code(500).send(envelope('API000500'))
  }

const plugin: FastifyPluginAsync<BoletoPluginOptions> = async (app, rawOptions) => {
  const options = validatePluginOptions(rawOptions)
  const verify = options.verify !== false
  const now = options.now ?? Date.now
  const metrics = createMetrics({
    registry: options.metrics?.registry,
    prefix: options.metrics?.prefix ?? DEFAULTS.metricsPrefix,
    collectDefaultMetrics: options.metrics?.collectDefaultMetrics,
  })
  const ctx: BoletoContext = {
    store: options.store,
    verifier: verify
      ? createVerifier({
          publicKey: options.qiPublicKey!,
          toleranceSeconds: options.timestampToleranceSeconds ?? DEFAULTS.timestampToleranceSeconds,
          acceptedUris: options.acceptedUris ?? [],
          expectedApiClientKey: options.expectedApiClientKey,
          now,
        })
      : null,
    signer:
      options.signingKey !== undefined
        ? createAckSigner({ signingKey: options.signingKey, apiClientKey: options.apiClientKey, now })
        : null,
    metrics,
    webhookPath: options.webhookPath ?? DEFAULTS.webhookPath,
    bodyLimit: options.bodyLimit ?? DEFAULTS.bodyLimit,
    commandBodyLimit: options.commandBodyLimit ?? DEFAULTS.commandBodyLimit,
    handlerTimeoutMs: options.handlerTimeoutMs ?? DEFAULTS.handlerTimeoutMs,
    paymentQuery: options.paymentQuery ?? {},
    now,
    today: options.today ?? (() => brazilDate(now())),
    inflight: new Set(),
    lifecycle: { closing: false },
  }
  if (!verify)
    app.log.warn(
      { webhookPath: ctx.webhookPath },
      '!!! WEBHOOK SIGNATURE VERIFICATION IS OFF: anyone can post webhooks. Local development only. !!!',
    )

  app.decorate('boleto', { store: ctx.store, registry: metrics.registry, verifying: verify })

  await app.register(
    async (scope: FastifyInstance) => {
      const routes: CollectedRoute[] = []
      scope.addHook('onRoute', (route) => {
        routes.push(...collectRoute(route))
      })
      scope.addSchema(ENVELOPE_SCHEMA)
      scope.setErrorHandler(errorHandler(ctx))
      scope.addHook('onSend', async (req, reply) => {
        reply.header('x-request-id', req.id)
        // While closing, answered keep-alive connections are released so the server can finish closing.
        if (ctx.lifecycle.closing) reply.header('connection', 'close')
      })
      scope.addHook('preClose', async () => {
        ctx.lifecycle.closing = true
      })
      scope.addHook('onResponse', async (req, reply) => {
        metrics.requests.observe(
          {
            method: req.method,
            route: req.routeOptions.url ?? 'unknown',
            status_code: String(reply.statusCode),
          },
          reply.elapsedTime / 1000,
        )
      })
      scope.addHook('onClose', async () => {
        // In-flight appends (even of requests already answered 503) finish before the store goes away.
        await Promise.allSettled([...ctx.inflight])
        if (options.closeStore === true) await ctx.store.close()
      })

      await scope.register(async (webhooks) => registerIntake(webhooks, ctx))
      await scope.register(async (api) => {
        registerQueries(api, ctx)
        registerCommands(api, ctx)
        registerPaymentQuery(api, ctx)
        const metricsPath = options.metrics?.path ?? DEFAULTS.metricsPath
        if (metricsPath !== false)
          api.get(
            metricsPath,
            { schema: routeSchema({ summary: 'Prometheus metrics', tags: ['operations'] }) },
            async (_req, reply) =>
              reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
          )
        let doc: Record<string, unknown> | null = null
        api.get(
          '/openapi.json',
          { schema: routeSchema({ summary: 'This document', tags: ['operations'] }) },
          async () => {
            doc ??= buildOpenApi(routes, { title: 'boleto HTTP API', version: VERSION })
            return doc
          },
        )
      })
    },
    { prefix: options.prefix ?? '' },
  )
}

export const boletoPlugin = fp(plugin, { name: '@boleto/http', fastify: '5.x' })
