import { afterEach, describe, expect, it } from 'vitest'
import { buildApp, occurrence, QI_KEYS } from './__fixtures__/app.js'
import { signedRequest } from './__fixtures__/qi.js'

const apps: { close(): Promise<unknown> }[] = []
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()))
})
const build = async () => {
  const built = await buildApp()
  apps.push(built.app)
  return built
}
type App = Awaited<ReturnType<typeof build>>['app']
const webhook = async (app: App, body: unknown) =>
  app.inject(await signedRequest(QI_KEYS.privateKey, JSON.stringify(body)))

describe('query API', () => {
  it('GET /bank-slips/:key: 404 envelope when unknown', async () => {
    const { app } = await build()
    const res = await app.inject({ url: '/bank-slips/nope' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({
      code: 'API000404',
      title: 'Not Found',
      http_status: 404,
      description: 'Unknown bank slip.',
      translation: 'Recurso não encontrado.',
      extra_fields: { bank_slip_key: 'nope' },
    })
  })

  it('GET /bank-slips/:key: derived state, payment details in reais, anomalies and probably-missing occurrences', async () => {
    const { app } = await build()
    // A payment without the registration: the derived status is off and the registration is probably missing.
    await webhook(app, {
      webhook_type: 'baas.bank_slip.payment',
      webhook_datetime: '2024-08-13T21:35:55.679Z',
      data: {
        bank_slip_key: 'k-pay',
        bank_slip_status: 'paid',
        occurrence_key: 'o-pay',
        occurrence_type: 'payment',
        occurrence_status: 'confirmed',
        paid_amount: 850.0,
        paid_fine_amount: 0,
        payment_method: 'cash',
        payment_origin: 'phisical_cashier',
        payment_credit_date: '2024-08-14',
      },
    })
    const slip = (await app.inject({ url: '/bank-slips/k-pay' })).json()
    expect(slip).toMatchObject({
      bank_slip_key: 'k-pay',
      reported_status: 'paid',
      payment: { paid_amount: '850.00', payment_method: 'cash', payment_origin: 'phisical_cashier' },
    })
    expect(slip.anomaly_count).toBeGreaterThan(0)
    expect(slip.probably_missing.map((m: { occurrence_type: string }) => m.occurrence_type)).toContain(
      'registration',
    )
  })

  it('GET /bank-slips/:key/events: the stored events, paginated', async () => {
    const { app } = await build()
    await webhook(app, occurrence('k-ev', 'registration', 'registered'))
    await webhook(app, occurrence('k-ev', 'write_off', 'written_off', {}, '2024-08-14T10:00:00Z'))
    const all = (await app.inject({ url: '/bank-slips/k-ev/events' })).json()
    expect(all.events.map((e: { type: string }) => e.type)).toEqual(['qi.webhook', 'qi.webhook'])
    expect(all.events[0].data.data.occurrence_type).toBe('registration')
    expect(all.next_from).toBeNull()
    const first = (await app.inject({ url: '/bank-slips/k-ev/events?limit=1' })).json()
    expect(first.events).toHaveLength(1)
    expect(first.next_from).toBe(2)
    expect((await app.inject({ url: '/bank-slips/nope/events' })).statusCode).toBe(404)
  })

  it('GET /bank-slips: filters by status and pages with a keyset cursor', async () => {
    const { app } = await build()
    for (const k of ['a', 'b', 'c']) await webhook(app, occurrence(`k-${k}`, 'registration', 'registered'))
    await webhook(app, occurrence('k-w', 'registration', 'registered'))
    await webhook(app, occurrence('k-w', 'write_off', 'written_off', {}, '2024-08-14T10:00:00Z'))
    const registered = (await app.inject({ url: '/bank-slips?status=registered' })).json()
    expect(registered.items.map((i: { bank_slip_key: string }) => i.bank_slip_key).sort()).toEqual([
      'k-a',
      'k-b',
      'k-c',
    ])
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { bank_slip_key: string }[]; next_cursor: string | null } = (
        await app.inject({
          url: `/bank-slips?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        })
      ).json()
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((i) => i.bank_slip_key))
      cursor = page.next_cursor
    } while (cursor !== null)
    expect(seen.sort()).toEqual(['k-a', 'k-b', 'k-c', 'k-w'])
    const after = (await app.inject({ url: '/bank-slips?updated_after=2999-01-01T00:00:00Z' })).json()
    expect(after.items).toEqual([])
  })

  it.each([
    'status=bogus',
    'limit=0',
    'limit=100000',
    'limit=abc',
    'updated_after=yesterday',
    'cursor=%24%24not-a-cursor',
  ])('GET /bank-slips?%s → 400 envelope', async (qs) => {
    const { app } = await build()
    const res = await app.inject({ url: `/bank-slips?${qs}` })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'API000400', http_status: 400 })
  })

  it('GET /healthz', async () => {
    const { app } = await build()
    const res = await app.inject({ url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', store: 'reachable' })
  })
})
