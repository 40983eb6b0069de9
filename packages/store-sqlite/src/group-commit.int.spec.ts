import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AppendResult, WrongExpectedVersionError } from '@boleto/core'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteEventStore } from './index.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const openStore = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'boleto-group-'))
  dirs.push(dir)
  return createSqliteEventStore({ path: join(dir, 'events.db') })
}

const event = (id: string) => ({ id, type: 'test', data: { id } })

describe('SQLite group commit', () => {
  it('appends requested together commit together, each settling on its own', async () => {
    const store = await openStore()
    await store.appendToStream('taken', [event('first')])
    const results = await Promise.allSettled([
      store.appendToStream('a', [event('a1')], { expectedVersion: 'no_stream' }),
      store.appendToStream('taken', [event('t2')], { expectedVersion: 'no_stream' }), // fails alone
      store.appendToStream('b', [event('b1'), event('b2')]),
      store.appendToStream('a', [event('a2')], { expectedVersion: 1 }), // sees a1 of the same group
      store.appendToStream('c', [event('a1')]), // a duplicate id inside the group
    ])
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ])
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError)
    expect((results[4] as PromiseFulfilledResult<AppendResult>).value.events[0]?.duplicate).toBe(true)
    const all = await store.readAll()
    expect(all.map((e) => e.id)).toEqual(['first', 'a1', 'b1', 'b2', 'a2'])
    expect(await store.readStream('taken')).toHaveLength(1)
    await store.close()
  })

  it('a store closed before its group flushes rejects the queued appends, storing nothing', async () => {
    const store = await openStore()
    const pending = store.appendToStream('s', [event('x')])
    await store.close()
    await expect(pending).rejects.toThrow()
  })
})
