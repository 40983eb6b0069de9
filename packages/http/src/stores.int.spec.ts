/**
 * The server on the real stores: `createServer({ db })` opens SQLite from a path and PostgreSQL from a URL
 * (DATABASE_URL; skipped, and said so, when it is not set), then the same intake and query checks.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { occurrence } from './__fixtures__/app.js'
import { p521, signedRequest } from './__fixtures__/qi.js'
import { createServer } from './server.js'

const keys = p521()
const DATABASE_URL = process.env.DATABASE_URL
const dir = mkdtempSync(join(tmpdir(), 'boleto-http-int-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const exercise = async (db: string, extra: Record<string, unknown> = {}) => {
  const server = await createServer({
    db,
    qiPublicKey: keys.publicPem,
    logLevel: false,
    handleSignals: false,
    ...extra,
  })
  try {
    const { app } = server
    const key = `int-${Date.now()}`
    const send = async (body: unknown) =>
      app.inject(await signedRequest(keys.privateKey, typeof body === 'string' ? body : JSON.stringify(body)))
    const stored = await send(occurrence(key, 'registration', 'registered'))
    expect(stored.json()).toMatchObject({ result: 'stored', bank_slip_key: key })
    const dup = await send(occurrence(key, 'registration', 'registered'))
    expect(dup.json()).toEqual({ ...stored.json(), result: 'duplicate' })
    const quarantined = await send(`not json ${key}`)
    expect(quarantined.json().result).toBe('quarantined')
    const slip = (await app.inject({ url: `/bank-slips/${key}` })).json()
    expect(slip).toMatchObject({ status: 'registered', version: 1 })
    const listed = (await app.inject({ url: '/bank-slips?status=registered&limit=500' })).json()
    expect(listed.items.map((i: { bank_slip_key: string }) => i.bank_slip_key)).toContain(key)
    const rebate = await app.inject({
      method: 'POST',
      url: `/bank-slips/${key}/instructions/rebate`,
      payload: { rebate_amount: '12.34' },
    })
    expect(rebate.statusCode).toBe(202)
    const again = await app.inject({
      method: 'POST',
      url: `/bank-slips/${key}/instructions/rebate`,
      payload: { rebate_amount: '1.00' },
    })
    expect(again.json().code).toBe('REBATE_PENDING_OR_ACTIVE')
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200)
    const q = (await app.inject({ url: '/quarantine?limit=500' })).json()
    expect(q.items.some((i: { raw_text: string }) => i.raw_text === `not json ${key}`)).toBe(true)

    // Intake hands the decoded webhook to the projection (no second decode): its rows are the ones a
    // rebuild, which decodes every stored body, makes.
    for (const [type, status] of [
      ['registration', 'registered'],
      ['payment', 'paid'],
      ['registration', 'registered'],
    ])
      expect((await send(occurrence(`${key}-p`, type!, status!))).statusCode).toBe(200)
    const rows = async () => {
      const out = []
      for (const k of [key, `${key}-p`]) out.push(await server.store.getBankSlip(k))
      return out
    }
    const atIntake = await rows()
    expect(atIntake[1]).toMatchObject({ status: 'paid', version: 2 })
    await server.store.rebuildProjection()
    expect(await rows()).toEqual(atIntake)
  } finally {
    if (typeof extra.pgSchema === 'string') {
      const { pool } = server.store as unknown as { pool: { query(sql: string): Promise<unknown> } }
      await pool.query(`DROP SCHEMA IF EXISTS "${extra.pgSchema}" CASCADE`)
    }
    await server.close()
  }
}

describe('createServer on SQLite', () => {
  it('opens a file path as SQLite and serves intake, queries and commands', async () => {
    await exercise(join(dir, 'boleto.db'))
  })
})

describe.skipIf(DATABASE_URL === undefined)('createServer on PostgreSQL (DATABASE_URL)', () => {
  it('opens a postgres:// URL and serves intake, queries and commands', async () => {
    await exercise(DATABASE_URL!, { pgSchema: `http_int_${process.pid}` })
  })
})

if (DATABASE_URL === undefined)
  console.warn('stores.int.spec.ts: PostgreSQL tests SKIPPED (set DATABASE_URL=postgres://... to run them)')
