/**
 * The read side: derived state from the projection rows, the stored events, keyset-paginated listings, the
 * quarantine, and the health check.
 */
import { BANK_SLIP_STATUSES, bankSlipStreamId, parseIsoMicros } from '@boleto/core'
import type { FastifyInstance } from 'fastify'
import type { BoletoContext } from './context.js'
import { envelope, HttpError } from './errors.js'
import { routeSchema } from './openapi.js'
import { listQuarantine } from './quarantine.js'
import { renderBankSlip, renderEvent, renderSummary } from './render.js'
import { storeCall } from './store-call.js'

const ERROR = { $ref: 'boletoErrorEnvelope#' } as const
const KEY_PARAMS = {
  type: 'object',
  required: ['key'],
  properties: { key: { type: 'string', minLength: 1, maxLength: 200 } },
} as const

const HEALTH_TIMEOUT_MS = 2000

export const registerQueries = (app: FastifyInstance, ctx: BoletoContext): void => {
  const { store } = ctx

  app.get<{ Params: { key: string } }>(
    '/bank-slips/:key',
    {
      schema: routeSchema({
        summary: 'Derived state of one boleto',
        tags: ['queries'],
        params: KEY_PARAMS,
        response: { 404: ERROR },
      }),
    },
    async (req) => {
      const row = await storeCall(ctx, 'getBankSlip', () => store.getBankSlip(req.params.key))
      if (row === null)
        throw new HttpError(envelope('API000404', { bank_slip_key: req.params.key }, 'Unknown bank slip.'))
      return renderBankSlip(row)
    },
  )

  app.get<{ Params: { key: string }; Querystring: { from?: number; limit?: number } }>(
    '/bank-slips/:key/events',
    {
      schema: routeSchema({
        summary: "One boleto's stored events, in stream order",
        tags: ['queries'],
        params: KEY_PARAMS,
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'integer', minimum: 1, default: 1, description: 'first stream version (1-based)' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
          },
        },
        response: { 404: ERROR },
      }),
    },
    async (req) => {
      const from = req.query.from ?? 1
      const limit = req.query.limit ?? 200
      const stream = bankSlipStreamId(req.params.key)
      const events = await storeCall(ctx, 'readStream', () =>
        store.readStream(stream, { from, limit: limit + 1 }),
      )
      if (events.length === 0 && from === 1)
        throw new HttpError(envelope('API000404', { bank_slip_key: req.params.key }, 'Unknown bank slip.'))
      const page = events.slice(0, limit)
      const last = page[page.length - 1]
      return {
        bank_slip_key: req.params.key,
        events: page.map(renderEvent),
        next_from: events.length > limit && last !== undefined ? last.streamVersion + 1 : null,
      }
    },
  )

  app.get<{ Querystring: { status?: string; updated_after?: string; cursor?: string; limit?: number } }>(
    '/bank-slips',
    {
      schema: routeSchema({
        summary: 'Boletos from the projection, keyset-paginated',
        tags: ['queries'],
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: [...BANK_SLIP_STATUSES] },
            updated_after: { type: 'string', description: 'ISO-8601, exclusive' },
            cursor: { type: 'string', minLength: 1, description: 'next_cursor of the previous page' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
        response: { 400: ERROR },
      }),
    },
    async (req) => {
      const { status, updated_after: updatedAfter, cursor, limit } = req.query
      if (updatedAfter !== undefined && parseIsoMicros(updatedAfter) === null)
        throw new HttpError(
          envelope('API000400', { field: 'updated_after' }, 'updated_after must be an ISO-8601 date-time.'),
        )
      const page = await storeCall(ctx, 'listBankSlips', () =>
        store.listBankSlips({
          ...(status !== undefined ? { status } : {}),
          ...(updatedAfter !== undefined ? { updatedAfter } : {}),
          ...(cursor !== undefined ? { cursor } : {}),
          limit: limit ?? 50,
        }),
      )
      return { items: page.items.map(renderSummary), next_cursor: page.nextCursor }
    },
  )

  app.get<{ Querystring: { after?: number; limit?: number } }>(
    '/quarantine',
    {
      schema: routeSchema({
        summary: 'Authentic deliveries that could not be parsed or decoded (oldest first)',
        tags: ['operations'],
        querystring: {
          type: 'object',
          properties: {
            after: { type: 'integer', minimum: 0, default: 0, description: 'sequence of the last item seen' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
      }),
    },
    async (req) =>
      storeCall(ctx, 'readStream', () => listQuarantine(store, req.query.after ?? 0, req.query.limit ?? 50)),
  )

  app.get(
    '/healthz',
    {
      schema: routeSchema({
        summary: 'Liveness and store reachability',
        tags: ['operations'],
        response: { 503: ERROR },
      }),
    },
    async (_req, reply) => {
      let timer: NodeJS.Timeout | undefined
      try {
        await Promise.race([
          store.streamExists('healthz'),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('store health check timed out')), HEALTH_TIMEOUT_MS)
          }),
        ])
        return { status: 'ok', store: 'reachable' }
      } catch (error) {
        ctx.metrics.storeErrors.inc({ operation: 'health' })
        reply.log.error({ err: error }, 'health check: store unreachable')
        return reply.code(503).send(envelope('API000503', { store: 'unreachable' }))
      } finally {
        clearTimeout(timer)
      }
    },
  )
}
