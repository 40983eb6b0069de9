/**
 * `POST /webhooks/qitech`: verify QI's signature on the raw bytes, decode tolerantly, append to the boleto's
 * stream, and answer 2xx only once the append has committed (domain.md §1.4). Anything that is not durable
 * answers 503 so QI sends it again; the occurrence identity as event id makes the re-send a no-op.
 *
 * The route lives in its own encapsulated scope whose only content-type parser hands over the raw bytes:
 * the signature covers bytes, and `JSON.parse` without a reviver keeps `__proto__`/`constructor` keys as
 * plain data (the core decoder copies them by definition, never by assignment), instead of Fastify's
 * secure-json-parse rejecting them with a 4xx that QI would retry forever.
 */
import {
  bankSlipStreamId,
  decodeWebhook,
  type JsonObject,
  type WebhookEvent,
  webhookToNewEvent,
} from '@boleto/core'
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type BoletoContext, track } from './context.js'
import { type ErrorEnvelope, envelope } from './errors.js'
import type { IntakeResult } from './metrics.js'
import { type QuarantineReason, quarantine } from './quarantine.js'

export type IntakeAnswer =
  | { readonly result: 'stored' | 'duplicate'; readonly bank_slip_key: string; readonly position: number }
  | { readonly result: 'quarantined'; readonly id: string; readonly position: number }

type Parsed =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: QuarantineReason; readonly detail: string }

const EMPTY = Buffer.alloc(0)
const utf8 = new TextDecoder('utf-8', { fatal: true })
const TIMEOUT = Symbol('timeout')

/** Pure. The body as JSON, or why not. A UTF-8 BOM is dropped (TextDecoder's default). */
export const parseRawJson = (raw: Uint8Array): Parsed => {
  let text: string
  try {
    text = utf8.decode(raw)
  } catch {
    return { ok: false, reason: 'invalid_utf8', detail: 'the body is not valid UTF-8' }
  }
  try {
    // No reviver: `__proto__` becomes an own data property, which is harmless here.
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, reason: 'invalid_json', detail: (error as Error).message }
  }
}

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

const withDeadline = <T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> => {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(resolve, ms, TIMEOUT)
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

/** What the request's log line says of the delivery (`webhook` in its bindings). */
export type WebhookLogFields =
  | { readonly result: 'stored' | 'duplicate'; readonly bankSlipKey: string; readonly position: number }
  | { readonly result: 'quarantined'; readonly id: string; readonly position: number }
  | { readonly result: 'rejected'; readonly reason: string }
  | { readonly result: 'unavailable' | 'timeout' }

/**
 * The delivery's outcome goes into the request logger's bindings, so the request's own `request completed`
 * line carries it (one line per webhook at `info`, not one of its own beside Fastify's two). A logger without
 * pino's `setBindings` gets a `webhook` line instead.
 */
const logOutcome = (req: FastifyRequest, webhook: WebhookLogFields): void => {
  const log = req.log as FastifyBaseLogger & { setBindings?: (bindings: Record<string, unknown>) => void }
  if (typeof log.setBindings === 'function') log.setBindings({ webhook })
  else log.info({ webhook }, 'webhook')
}

const logFieldsOf = (answer: IntakeAnswer): WebhookLogFields =>
  answer.result === 'quarantined'
    ? { result: answer.result, id: answer.id, position: answer.position }
    : { result: answer.result, bankSlipKey: answer.bank_slip_key, position: answer.position }

export const registerIntake = (app: FastifyInstance, ctx: BoletoContext): void => {
  const { metrics } = ctx

  const finish = async (
    req: FastifyRequest,
    reply: FastifyReply,
    started: number,
    outcome: WebhookLogFields,
    status: number,
    body: IntakeAnswer | ErrorEnvelope,
  ): Promise<FastifyReply> => {
    const result: IntakeResult = outcome.result
    logOutcome(req, outcome)
    metrics.intake.inc({ result })
    metrics.intakeDuration.observe({ result }, (performance.now() - started) / 1000)
    if (ctx.signer !== null && status < 300) {
      const signed = await ctx.signer.sign(body as unknown as Record<string, unknown>, req.method, req.url)
      return reply.code(status).headers(signed.headers).type('application/json').send(signed.body)
    }
    return reply.code(status).send(body)
  }

  // Async functions, so a store that throws synchronously still ends up a rejection (503).
  const storeWebhook = async (
    body: unknown,
    event: WebhookEvent,
    metadata: JsonObject,
  ): Promise<IntakeAnswer> => {
    const result = await ctx.store.appendToStream(
      bankSlipStreamId(event.bankSlipKey),
      [webhookToNewEvent(body, event, metadata)],
      { expectedVersion: 'any' },
    )
    const e = result.events[0]!
    return {
      result: e.duplicate ? 'duplicate' : 'stored',
      bank_slip_key: event.bankSlipKey,
      position: e.position,
    }
  }

  const storeQuarantined = async (
    raw: Uint8Array,
    data: Parameters<typeof quarantine>[2],
  ): Promise<IntakeAnswer> => {
    const e = await quarantine(ctx.store, raw, data)
    return { result: 'quarantined', id: e.id, position: e.position }
  }

  const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const started = performance.now()
    const raw = Buffer.isBuffer(req.body) ? req.body : EMPTY
    let signature: 'verified' | 'unverified' = 'unverified'
    let md5Variant: string | undefined
    if (ctx.verifier !== null) {
      const verified = await ctx.verifier.verify({
        authorization: header(req, 'authorization'),
        apiClientKey: header(req, 'api-client-key'),
        method: req.method,
        url: req.url,
        body: raw,
      })
      if (!verified.ok) {
        metrics.verificationFailures.inc({ reason: verified.reason })
        req.log.warn({ reason: verified.reason, detail: verified.message }, 'webhook rejected: signature')
        return finish(
          req,
          reply,
          started,
          { result: 'rejected', reason: verified.reason },
          401,
          envelope('WHK000401', { reason: verified.reason }, verified.message),
        )
      }
      signature = 'verified'
      if (verified.md5 !== 'raw') md5Variant = verified.md5
    }

    const receivedAt = new Date(ctx.now()).toISOString()
    const parsed = parseRawJson(raw)
    const decoded = parsed.ok ? decodeWebhook(parsed.value) : null
    let work: Promise<IntakeAnswer>
    if (!parsed.ok || decoded === null || !decoded.ok) {
      const reason: QuarantineReason = parsed.ok ? 'undecodable' : parsed.reason
      const detail = parsed.ok
        ? decoded !== null && !decoded.ok
          ? `${decoded.error.path || '(body)'}: ${decoded.error.message}`
          : 'undecodable'
        : parsed.detail
      work = storeQuarantined(raw, {
        headers: { ...req.headers },
        reason,
        detail,
        receivedAt,
        requestId: req.id,
      })
    } else {
      const apiClientKey = header(req, 'api-client-key')
      work = storeWebhook(parsed.value, decoded.value, {
        receivedAt,
        requestId: req.id,
        signature,
        ...(md5Variant !== undefined ? { md5: md5Variant } : {}),
        ...(apiClientKey !== undefined ? { apiClientKey } : {}),
      })
    }

    let answer: IntakeAnswer | typeof TIMEOUT
    try {
      answer = await withDeadline(track(ctx, work), ctx.handlerTimeoutMs)
    } catch (error) {
      metrics.storeErrors.inc({ operation: 'append' })
      req.log.error({ err: error }, 'webhook not stored: store failure (answered 503, QI will retry)')
      return finish(req, reply, started, { result: 'unavailable' }, 503, envelope('WHK000503'))
    }
    if (answer === TIMEOUT) {
      // The append may still commit; QI's re-send then dedupes on the occurrence identity.
      req.log.error(
        { deadlineMs: ctx.handlerTimeoutMs },
        'webhook not stored within the deadline (answered 503)',
      )
      return finish(req, reply, started, { result: 'timeout' }, 503, envelope('WHK000504'))
    }
    // Stored and duplicate deliveries are told by the request's completed line (logOutcome).
    if (answer.result === 'quarantined')
      req.log.warn({ id: answer.id, position: answer.position }, 'webhook quarantined')
    return finish(req, reply, started, logFieldsOf(answer), 200, answer)
  }

  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ctx.bodyLimit }, (_req, body, done) => {
    done(null, body)
  })
  app.post(
    ctx.webhookPath,
    {
      bodyLimit: ctx.bodyLimit,
      config: { openapi: WEBHOOK_OPENAPI },
    },
    handler,
  )
}

/** The route's OpenAPI description (the body is raw bytes, so it has no Fastify body schema). */
const WEBHOOK_OPENAPI = {
  summary: 'QI Tech webhook intake',
  description:
    'Verifies the ES512 `Authorization` JWT on the raw body, stores the delivery, and answers 200 only after the append commits.',
  tags: ['webhooks'],
  parameters: [
    {
      name: 'Authorization',
      in: 'header',
      required: true,
      schema: { type: 'string' },
      description: 'ES512 compact JWT',
    },
    { name: 'API-CLIENT-KEY', in: 'header', required: false, schema: { type: 'string' } },
  ],
  requestBody: {
    required: true,
    content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
  },
  responses: {
    200: {
      description: 'Stored, duplicate, or quarantined (authentic but unusable)',
      content: {
        'application/json': {
          schema: {
            oneOf: [
              {
                type: 'object',
                required: ['result', 'bank_slip_key', 'position'],
                properties: {
                  result: { enum: ['stored', 'duplicate'] },
                  bank_slip_key: { type: 'string' },
                  position: { type: 'integer' },
                },
              },
              {
                type: 'object',
                required: ['result', 'id', 'position'],
                properties: {
                  result: { const: 'quarantined' },
                  id: { type: 'string' },
                  position: { type: 'integer' },
                },
              },
              {
                type: 'object',
                required: ['encoded_body'],
                properties: {
                  encoded_body: { type: 'string', description: 'signed acknowledgement (option)' },
                },
              },
            ],
          },
        },
      },
    },
    401: { $ref: '#/components/responses/Error' },
    413: { $ref: '#/components/responses/Error' },
    503: { $ref: '#/components/responses/Error' },
  },
} as const
