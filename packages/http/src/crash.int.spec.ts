/**
 * Crash test: the BUILT server (`dist/main.js`) on a SQLite file takes signed webhooks from a load generator
 * in another process, is killed with SIGKILL mid-load, and restarted. Every webhook that was answered 2xx
 * must be stored exactly once; re-sending everything afterwards stores the rest, still once each.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createSqliteEventStore } from '@boleto/store-sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { p521, signBody } from './__fixtures__/qi.js'

const here = dirname(fileURLToPath(import.meta.url))
const packageDir = join(here, '..')
const main = join(packageDir, 'dist', 'main.js')
const loader = join(here, '__fixtures__', 'load.mjs')

const SLIPS = 100
const OCCURRENCES = ['registration', 'rebate', 'extension'] as const
const KILL_AFTER_ACKS = 120

interface Started {
  readonly child: ChildProcess
  readonly url: string
}

const startServer = (env: Record<string, string>): Promise<Started> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const timer = setTimeout(() => reject(new Error('server did not start in 20 s')), 20_000)
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1]! })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited early with ${code}`))
    })
  })

const stopped = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })

describe('crash safety (SIGKILL mid-load, SQLite, built server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boleto-crash-'))
  const db = join(dir, 'boleto.db')
  const keys = p521()
  const env = { BOLETO_DB: db, QI_PUBLIC_KEY_FILE: join(dir, 'qi.pem'), TIMESTAMP_TOLERANCE_SECONDS: 'off' }
  const requestsFile = join(dir, 'requests.json')
  const ids: string[] = []

  beforeAll(async () => {
    if (!existsSync(main)) {
      // The root `pnpm test` builds first; build what the server needs when run on its own.
      for (const pkg of ['core', 'barcode', 'store-sqlite', 'store-postgres', 'http'])
        execFileSync(
          process.execPath,
          [
            join(packageDir, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc'),
            '-p',
            'tsconfig.build.json',
          ],
          {
            cwd: join(packageDir, '..', pkg),
          },
        )
    }
    writeFileSync(env.QI_PUBLIC_KEY_FILE, keys.publicPem)
    const requests = []
    for (let s = 0; s < SLIPS; s++)
      for (const [i, type] of OCCURRENCES.entries()) {
        const key = `crash-${s}`
        const body = JSON.stringify({
          webhook_type: 'baas.bank_slip.occurrence',
          webhook_datetime: new Date(Date.UTC(2024, 7, 13, 21, 0, i)).toISOString(),
          data: {
            bank_slip_key: key,
            bank_slip_status: 'registered',
            occurrence_key: `${type}-${s}`,
            occurrence_type: type,
            occurrence_status: 'confirmed',
          },
        })
        ids.push(`qi:${key}:${type}-${s}:${type}:confirmed`)
        requests.push({
          url: '/webhooks/qitech',
          headers: {
            authorization: await signBody(keys.privateKey, body),
            'content-type': 'application/json',
          },
          body,
        })
      }
    writeFileSync(requestsFile, JSON.stringify(requests))
  })

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  const runLoad = (url: string, onAck?: (acks: number) => void) =>
    new Promise<{ acked: Set<number>; results: Map<number, string> }>((resolve) => {
      const acked = new Set<number>()
      const results = new Map<number, string>()
      const child = spawn(process.execPath, [loader, requestsFile, url, '8'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const [kind, index, , result] = line.split(' ')
        if (kind === 'ack') {
          acked.add(Number(index))
          results.set(Number(index), result!)
          onAck?.(acked.size)
        }
      })
      child.once('exit', () => resolve({ acked, results }))
    })

  it('stores every acknowledged webhook exactly once', async () => {
    const first = await startServer(env)
    let killed = false
    const load = await runLoad(first.url, (acks) => {
      if (!killed && acks >= KILL_AFTER_ACKS) {
        killed = true
        first.child.kill('SIGKILL')
      }
    })
    await stopped(first.child)
    expect(killed).toBe(true)
    expect(load.acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS)
    expect(load.acked.size).toBeLessThan(ids.length)

    // Restarted on the same file: everything acknowledged is there, once.
    const store = await createSqliteEventStore({ path: db })
    try {
      const events = await store.readAll()
      const stored = new Map<string, number>()
      for (const e of events) stored.set(e.id, (stored.get(e.id) ?? 0) + 1)
      for (const index of load.acked) expect(stored.get(ids[index]!), ids[index]).toBe(1)
    } finally {
      await store.close()
    }

    // QI re-sends everything (acknowledged or not): acknowledged ones are duplicates; all end up stored once.
    const second = await startServer(env)
    const resend = await runLoad(second.url)
    expect(resend.acked.size).toBe(ids.length)
    for (const index of load.acked) expect(resend.results.get(index)).toBe('duplicate')
    second.child.kill('SIGTERM')
    expect(await stopped(second.child)).toBe(0)

    const after = await createSqliteEventStore({ path: db })
    try {
      const events = await after.readAll()
      expect(events).toHaveLength(ids.length)
      expect(new Set(events.map((e) => e.id))).toEqual(new Set(ids))
      const slips = await after.listBankSlips({ limit: 1000 })
      expect(slips.items).toHaveLength(SLIPS)
    } finally {
      await after.close()
    }
  })
})
