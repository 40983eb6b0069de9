/**
 * The command side over HTTP: read the boleto's stream, fold it, run the core `decide`, and append what it
 * decided with `expectedVersion` = the version read (retried once on a concurrent write). A failed
 * precondition answers 409 with the DomainError's code; a recorded request answers 202 with its event.
 * Amounts arrive in reais (or centavos as `amount_cents`) and become centavos here, at the edge.
 */
import { randomUUID } from 'node:crypto'
import { decode, qiErrorFor } from '@boleto/barcode'
import {
  type BankSlipCommand,
  type BankSlipEvent,
  type BankSlipState,
  bankSlipStreamId,
  decide,
  fold,
  fromStoredEvent,
  INSTRUCTION_TYPES,
  type InstructionParams,
  type InstructionType,
  type IssuanceRequest,
  reaisToCents,
  requestToNewEvent,
  WrongExpectedVersionError,
} from '@boleto/core'
import type { FastifyInstance } from 'fastify'
import type { BoletoContext } from './context.js'
import { domainEnvelope, envelope, HttpError } from './errors.js'
import { indexLine } from './line-index.js'
import { routeSchema } from './openapi.js'
import { reais, renderParams } from './render.js'
import { storeCall } from './store-call.js'

type Json = Record<string, unknown>

const bad = (field: string, description: string): HttpError =>
  new HttpError(envelope('API000400', { field }, description))

/** Pure. Centavos from `<name>_cents` (integer) or `<name>` (reais, number or string, at most 2 decimals). */
export const centsFrom = (body: Json, name: string, required: boolean): number | undefined => {
  const cents = body[`${name}_cents`]
  const value = body[name]
  if (cents !== undefined && value !== undefined) throw bad(name, `give ${name} or ${name}_cents, not both.`)
  if (cents !== undefined) {
    if (typeof cents !== 'number' || !Number.isSafeInteger(cents) || cents <= 0)
      throw bad(`${name}_cents`, `${name}_cents must be a positive integer of centavos.`)
    return cents
  }
  if (value === undefined) {
    if (required) throw bad(name, `${name} (reais) or ${name}_cents is required.`)
    return undefined
  }
  const converted = reaisToCents(value)
  if (!converted.ok || !converted.exact || converted.cents <= 0)
    throw bad(name, `${name} must be a positive amount in reais with at most two decimals.`)
  return converted.cents
}

export interface Recorded {
  readonly event: BankSlipEvent
  readonly position: number
  readonly streamVersion: number
}

/** Read, fold, decide, append at the version read; one retry when another writer got there first. */
export const decideAndAppend = async (
  ctx: BoletoContext,
  bankSlipKey: string,
  command: (state: BankSlipState) => BankSlipCommand,
  options: { readonly requireStream?: boolean } = {},
): Promise<Recorded> => {
  const stream = bankSlipStreamId(bankSlipKey)
  for (let attempt = 0; ; attempt++) {
    const stored = await storeCall(ctx, 'readStream', () => ctx.store.readStream(stream))
    if (options.requireStream === true && stored.length === 0)
      throw new HttpError(envelope('API000404', { bank_slip_key: bankSlipKey }, 'Unknown bank slip.'))
    const events: BankSlipEvent[] = []
    for (const e of stored) {
      const decoded = fromStoredEvent(e)
      if (decoded.ok) events.push(decoded.event)
    }
    const version = stored[stored.length - 1]?.streamVersion ?? 0
    const state = fold(events)
    const decided = decide(state, command(state))
    if (decided._tag === 'Left') throw new HttpError(domainEnvelope(decided.left))
    const event = decided.right[0]
    if (
      event === undefined ||
      (event.kind !== 'issuance_requested' && event.kind !== 'instruction_requested')
    )
      throw new HttpError(envelope('API000500', {}, 'the decider recorded nothing'))
    try {
      const result = await ctx.store.appendToStream(stream, [requestToNewEvent(event)], {
        expectedVersion: version,
      })
      const appended = result.events[0]!
      return { event, position: appended.position, streamVersion: appended.streamVersion }
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        if (attempt === 0) continue
        throw new HttpError(envelope('API000409', { bank_slip_key: bankSlipKey }))
      }
      ctx.metrics.storeErrors.inc({ operation: 'append' })
      throw new HttpError(envelope('API000503', { operation: 'append' }))
    }
  }
}

/** Pure. The wire form of a recorded request event. */
export const renderRequestEvent = (event: BankSlipEvent): Json => {
  if (event.kind === 'issuance_requested')
    return {
      kind: event.kind,
      bank_slip_key: event.bankSlipKey,
      requested_at: event.requestedAt,
      request: {
        amount: reais(event.request.amountCents),
        due_date: event.request.dueDate,
        terms: event.request.terms,
        payer: event.request.payer ?? null,
        guarantor: event.request.guarantor ?? null,
        reference: event.request.reference ?? null,
      },
    }
  if (event.kind === 'instruction_requested')
    return {
      kind: event.kind,
      bank_slip_key: event.bankSlipKey,
      request_key: event.requestKey,
      instruction: event.instruction,
      params: renderParams(event.params),
      occurrence_key: event.occurrenceKey,
      requested_at: event.requestedAt,
    }
  return { kind: event.kind }
}

/** Pure. The core's parameters for one instruction, from the request body. */
export const instructionParams = (instruction: InstructionType, body: Json): InstructionParams => {
  const obj = (field: string): Json => {
    const v = body[field]
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw bad(field, `${field} must be an object.`)
    return v as Json
  }
  switch (instruction) {
    case 'rebate':
      return { type: 'rebate', rebateAmountCents: centsFrom(body, 'rebate_amount', true)! }
    case 'amount_change':
      return { type: 'amount_change', amountCents: centsFrom(body, 'amount', true)! }
    case 'extension': {
      const d = body.new_due_date
      if (typeof d !== 'string') throw bad('new_due_date', "new_due_date ('YYYY-MM-DD') is required.")
      return { type: 'extension', newDueDate: d }
    }
    case 'fine_change':
      return { type: 'fine_change', fineData: obj('fine_data') as never }
    case 'interest_change':
      return { type: 'interest_change', interestData: obj('interest_data') as never }
    case 'discount_change': {
      const d = body.discounts_data
      if (!Array.isArray(d)) throw bad('discounts_data', 'discounts_data must be an array.')
      return { type: 'discount_change', discountsData: d }
    }
    default:
      return { type: instruction }
  }
}

const NULLABLE_OBJECT = { anyOf: [{ type: 'object', additionalProperties: true }, { type: 'null' }] } as const

export const registerCommands = (app: FastifyInstance, ctx: BoletoContext): void => {
  const nowIso = (): string => new Date(ctx.now()).toISOString()

  app.post<{ Body: Json }>(
    '/bank-slips',
    {
      bodyLimit: ctx.commandBodyLimit,
      schema: routeSchema({
        summary: 'Record an issuance request (what we asked QI to register)',
        tags: ['commands'],
        body: {
          type: 'object',
          required: ['bank_slip_key', 'due_date'],
          properties: {
            bank_slip_key: { type: 'string', minLength: 1, maxLength: 200 },
            amount: {
              anyOf: [{ type: 'number' }, { type: 'string' }],
              description: 'reais, at most two decimals',
            },
            amount_cents: { type: 'integer', minimum: 1 },
            due_date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
            terms: { type: 'object', additionalProperties: true, description: "QI's registration terms" },
            payer: NULLABLE_OBJECT,
            guarantor: NULLABLE_OBJECT,
            reference: { anyOf: [{ type: 'string' }, { type: 'null' }] },
            digitable_line: { type: 'string', description: 'the line QI answered, for the payment query' },
          },
        },
        response: { 400: { $ref: 'boletoErrorEnvelope#' }, 409: { $ref: 'boletoErrorEnvelope#' } },
      }),
    },
    async (req, reply) => {
      const body = req.body
      const key = body.bank_slip_key as string
      const request: IssuanceRequest = {
        amountCents: centsFrom(body, 'amount', true)!,
        dueDate: body.due_date as string,
        terms: (body.terms as IssuanceRequest['terms'] | undefined) ?? {},
        ...(body.payer !== undefined ? { payer: body.payer as IssuanceRequest['payer'] } : {}),
        ...(body.guarantor !== undefined
          ? { guarantor: body.guarantor as IssuanceRequest['guarantor'] }
          : {}),
        ...(body.reference !== undefined ? { reference: body.reference as string | null } : {}),
      }
      let line: { barcode: string; digitableLine: string } | null = null
      if (typeof body.digitable_line === 'string') {
        const decoded = decode(body.digitable_line, { referenceDate: ctx.today() })
        const error = qiErrorFor(decoded)
        if (!decoded.valid || error !== null)
          throw bad(
            'digitable_line',
            `digitable_line does not decode: ${decoded.valid ? '' : decoded.error.message}`,
          )
        if (decoded.amountCents !== null && decoded.amountCents !== request.amountCents)
          throw bad('digitable_line', 'the line carries another amount than the request.')
        if (decoded.dueDate !== null && decoded.dueDate !== request.dueDate)
          throw bad('digitable_line', 'the line carries another due date than the request.')
        line = { barcode: decoded.barcode, digitableLine: decoded.digitableLine }
      }
      // The index goes first: a retry after a failure in between finds it already there (see line-index.ts).
      if (line !== null) {
        const l = line
        await storeCall(ctx, 'append', () => indexLine(ctx.store, { bankSlipKey: key, ...l }))
      }
      const now = nowIso()
      const recorded = await decideAndAppend(ctx, key, () => ({
        type: 'request_issuance',
        bankSlipKey: key,
        request,
        now,
      }))
      return reply.code(202).send({
        bank_slip_key: key,
        event: renderRequestEvent(recorded.event),
        stream_version: recorded.streamVersion,
        position: recorded.position,
      })
    },
  )

  app.post<{ Params: { key: string; instruction: string }; Body: Json | undefined }>(
    '/bank-slips/:key/instructions/:instruction',
    {
      bodyLimit: ctx.commandBodyLimit,
      // Parameterless instructions may come without a body.
      preValidation: async (req) => {
        if (req.body == null) req.body = {}
      },
      schema: routeSchema({
        summary: 'Record an instruction request, checked against the folded state',
        tags: ['commands'],
        params: {
          type: 'object',
          required: ['key', 'instruction'],
          properties: {
            key: { type: 'string', minLength: 1, maxLength: 200 },
            instruction: { type: 'string', description: INSTRUCTION_TYPES.join(', ') },
          },
        },
        body: {
          type: 'object',
          properties: {
            request_key: { type: 'string', minLength: 1, maxLength: 200 },
            occurrence_key: { anyOf: [{ type: 'string' }, { type: 'null' }] },
            rebate_amount: { anyOf: [{ type: 'number' }, { type: 'string' }] },
            rebate_amount_cents: { type: 'integer', minimum: 1 },
            amount: { anyOf: [{ type: 'number' }, { type: 'string' }] },
            amount_cents: { type: 'integer', minimum: 1 },
            new_due_date: { type: 'string' },
            fine_data: { type: 'object' },
            interest_data: { type: 'object' },
            discounts_data: { type: 'array' },
          },
        },
        response: {
          400: { $ref: 'boletoErrorEnvelope#' },
          404: { $ref: 'boletoErrorEnvelope#' },
          409: { $ref: 'boletoErrorEnvelope#' },
        },
      }),
    },
    async (req, reply) => {
      const { key, instruction } = req.params
      if (!(INSTRUCTION_TYPES as readonly string[]).includes(instruction))
        throw new HttpError(
          envelope(
            'API000405',
            { instruction, known: INSTRUCTION_TYPES },
            `Unknown instruction: ${instruction}.`,
          ),
        )
      const body: Json = req.body ?? {}
      const params = instructionParams(instruction as InstructionType, body)
      const requestKey = typeof body.request_key === 'string' ? body.request_key : randomUUID()
      const occurrenceKey = typeof body.occurrence_key === 'string' ? body.occurrence_key : null
      const now = nowIso()
      const recorded = await decideAndAppend(
        ctx,
        key,
        () => ({
          type: 'request_instruction',
          bankSlipKey: key,
          requestKey,
          params,
          occurrenceKey,
          now,
          today: ctx.today(),
        }),
        { requireStream: true },
      )
      return reply.code(202).send({
        bank_slip_key: key,
        event: renderRequestEvent(recorded.event),
        stream_version: recorded.streamVersion,
        position: recorded.position,
      })
    },
  )
}
