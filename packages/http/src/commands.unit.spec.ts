import { type EventStore, WrongExpectedVersionError } from '@boleto/core'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp, createInMemoryEventStore, occurrence, QI_KEYS } from './__fixtures__/app.js'
import { signedRequest } from './__fixtures__/qi.js'

const apps: { close(): Promise<unknown> }[] = []
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()))
})
const NOW = Date.parse('2024-08-20T12:00:00Z')
const build = async () => {
  const built = await buildApp({ now: () => NOW, timestampToleranceSeconds: Number.POSITIVE_INFINITY })
  apps.push(built.app)
  return built
}
type App = Awaited<ReturnType<typeof build>>['app']

const issue = (app: App, body: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/bank-slips', payload: body })
const instruct = (app: App, key: string, instruction: string, body: Record<string, unknown> = {}) =>
  app.inject({ method: 'POST', url: `/bank-slips/${key}/instructions/${instruction}`, payload: body })
const webhook = async (app: App, body: unknown) =>
  app.inject(await signedRequest(QI_KEYS.privateKey, JSON.stringify(body)))

const ISSUANCE = {
  bank_slip_key: 'k-cmd',
  amount: 835.48,
  due_date: '2024-09-01',
  terms: { fine_data: { fine_type: 'percentage', fine_percentage: 2 } },
  payer: { name: 'LUCIANO RENATO MOREIRA', document_number: '15676407883', person_type: 'natural' },
}

describe('POST /bank-slips', () => {
  it('records an issuance request (reais → centavos at the edge) and answers 202 with the event', async () => {
    const { app, store } = await build()
    const res = await issue(app, ISSUANCE)
    expect(res.statusCode).toBe(202)
    expect(res.json()).toMatchObject({
      bank_slip_key: 'k-cmd',
      stream_version: 1,
      event: { kind: 'issuance_requested', request: { amount: '835.48', due_date: '2024-09-01' } },
    })
    const [stored] = await store.readStream('bank_slip-k-cmd')
    expect((stored!.data as { request: { amountCents: number } }).request.amountCents).toBe(83548)
    const slip = (await app.inject({ url: '/bank-slips/k-cmd' })).json()
    expect(slip).toMatchObject({ status: 'accepted', amount: '835.48', due_date: '2024-09-01' })
  })

  it('accepts amount_cents', async () => {
    const { app } = await build()
    const { amount: _a, ...rest } = ISSUANCE
    const res = await issue(app, { ...rest, amount_cents: 1000 })
    expect(res.json().event.request.amount).toBe('10.00')
  })

  it('answers 409 ALREADY_ISSUED the second time', async () => {
    const { app } = await build()
    await issue(app, ISSUANCE)
    const res = await issue(app, ISSUANCE)
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({
      code: 'ALREADY_ISSUED',
      title: 'Conflict',
      http_status: 409,
      extra_fields: { field: 'bankSlipKey' },
    })
  })

  it.each([
    [{ ...ISSUANCE, amount: 10.001 }, 'amount'],
    [{ ...ISSUANCE, amount: -5 }, 'amount'],
    [{ ...ISSUANCE, amount_cents: 5 }, 'amount'],
    [{ ...ISSUANCE, due_date: '01/09/2024' }, undefined],
    [{ bank_slip_key: 'x', due_date: '2024-09-01' }, 'amount'],
  ])('answers 400 with the envelope for bad input %#', async (body, field) => {
    const { app } = await build()
    const res = await issue(app, body)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ http_status: 400 })
    if (field !== undefined) expect(res.json().extra_fields.field).toBe(field)
  })
})

describe('POST /bank-slips/:key/instructions/:instruction', () => {
  it('refuses an instruction before registration (409 NOT_REGISTERED), accepts it after (202)', async () => {
    const { app } = await build()
    await issue(app, ISSUANCE)
    const early = await instruct(app, 'k-cmd', 'rebate', { rebate_amount: 10 })
    expect(early.statusCode).toBe(409)
    expect(early.json()).toMatchObject({ code: 'NOT_REGISTERED', http_status: 409 })
    expect((await webhook(app, occurrence('k-cmd', 'registration', 'registered'))).statusCode).toBe(200)
    const ok = await instruct(app, 'k-cmd', 'rebate', { rebate_amount: 10, request_key: 'r-1' })
    expect(ok.statusCode).toBe(202)
    expect(ok.json()).toMatchObject({
      event: {
        kind: 'instruction_requested',
        instruction: 'rebate',
        request_key: 'r-1',
        params: { rebate_amount: '10.00' },
      },
    })
    const slip = (await app.inject({ url: '/bank-slips/k-cmd' })).json()
    expect(slip.pending_instructions).toHaveLength(1)
  })

  it('enforces QI preconditions: one rebate at a time, cancel needs an active rebate, protest needs the due date', async () => {
    const { app } = await build()
    await issue(app, ISSUANCE)
    await webhook(app, occurrence('k-cmd', 'registration', 'registered'))
    expect((await instruct(app, 'k-cmd', 'cancel_rebate')).json().code).toBe('NO_ACTIVE_REBATE')
    expect((await instruct(app, 'k-cmd', 'rebate', { rebate_amount: 1 })).statusCode).toBe(202)
    const second = await instruct(app, 'k-cmd', 'rebate', { rebate_amount: 2 })
    expect(second.statusCode).toBe(409)
    expect(second.json().code).toBe('REBATE_PENDING_OR_ACTIVE')
    const protest = await instruct(app, 'k-cmd', 'protest')
    expect(protest.statusCode).toBe(409)
    expect(protest.json().code).toBe('NOT_YET_DUE')
    expect((await instruct(app, 'k-cmd', 'extension', { new_due_date: '2024-10-01' })).statusCode).toBe(202)
    expect((await instruct(app, 'k-cmd', 'extension', { new_due_date: '2024-10-02' })).json().code).toBe(
      'INSTRUCTION_PENDING',
    )
  })

  it('answers 409 DUPLICATE_REQUEST for a reused request_key', async () => {
    const { app } = await build()
    await issue(app, ISSUANCE)
    await webhook(app, occurrence('k-cmd', 'registration', 'registered'))
    await instruct(app, 'k-cmd', 'write_off', { request_key: 'same' })
    const res = await instruct(app, 'k-cmd', 'fine_change', {
      request_key: 'same',
      fine_data: { fine_type: 'absolute', fine_amount: 5 },
    })
    expect(res.json().code).toBe('DUPLICATE_REQUEST')
  })

  it('answers 404 for an unknown instruction and for an unknown boleto', async () => {
    const { app } = await build()
    await issue(app, ISSUANCE)
    const unknown = await instruct(app, 'k-cmd', 'teleport')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ code: 'API000405', extra_fields: { instruction: 'teleport' } })
    const missing = await instruct(app, 'nope', 'write_off')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('API000404')
  })

  it('answers 400 for missing parameters', async () => {
    const { app } = await build()
    await issue(app, ISSUANCE)
    await webhook(app, occurrence('k-cmd', 'registration', 'registered'))
    const res = await instruct(app, 'k-cmd', 'extension')
    expect(res.statusCode).toBe(400)
    expect(res.json().extra_fields.field).toBe('new_due_date')
  })

  it('accepts an instruction without a body', async () => {
    const { app } = await build()
    await issue(app, ISSUANCE)
    await webhook(app, occurrence('k-cmd', 'registration', 'registered'))
    const res = await app.inject({ method: 'POST', url: '/bank-slips/k-cmd/instructions/write_off' })
    expect(res.statusCode).toBe(202)
  })
})

describe('optimistic concurrency', () => {
  const racing = (failures: number) => {
    const store = createInMemoryEventStore()
    let left = failures
    const wrapped: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
        if (args[0] === 'bank_slip-k-race' && args[2]?.expectedVersion !== 'any' && left-- > 0)
          throw new WrongExpectedVersionError(args[0], args[2]?.expectedVersion ?? 'any', 99)
        return store.appendToStream(...args)
      },
    })
    return wrapped
  }

  it('re-reads and decides again once after a concurrent write', async () => {
    const built = await buildApp({ now: () => NOW }, racing(1))
    apps.push(built.app)
    const res = await issue(built.app, { ...ISSUANCE, bank_slip_key: 'k-race' })
    expect(res.statusCode).toBe(202)
  })

  it('answers 409 API000409 when the second attempt loses too', async () => {
    const built = await buildApp({ now: () => NOW }, racing(2))
    apps.push(built.app)
    const res = await issue(built.app, { ...ISSUANCE, bank_slip_key: 'k-race' })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('API000409')
  })
})
