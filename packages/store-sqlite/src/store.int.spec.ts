import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeEventStoreContract } from '@boleto/core/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate } from './migrations.js'
import { createSqliteEventStore } from './store.js'

const dir = mkdtempSync(join(tmpdir(), 'boleto-sqlite-contract-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

describeEventStoreContract('sqlite file (WAL, synchronous=FULL)', () =>
  createSqliteEventStore({ path: join(dir, `store-${files++}.db`) }),
)
describeEventStoreContract(':memory: sqlite', () => createSqliteEventStore({ path: ':memory:' }))

describe('sqlite store specifics', () => {
  it('uses WAL and synchronous=FULL by default, NORMAL on request', async () => {
    const store = await createSqliteEventStore({ path: join(dir, 'pragmas.db') })
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.database.pragma('synchronous', { simple: true })).toBe(2)
    await store.close()
    const normal = await createSqliteEventStore({ path: join(dir, 'pragmas.db'), synchronous: 'normal' })
    expect(normal.database.pragma('synchronous', { simple: true })).toBe(1)
    await normal.close()
  })

  it('applies migrations once; reopening and migrating again do nothing', async () => {
    const path = join(dir, 'migrations.db')
    const first = await createSqliteEventStore({ path })
    expect(first.migrationsApplied).toEqual([1])
    await first.appendToStream('s', [{ id: 'a', type: 't', data: 1 }])
    expect(migrate(first.database)).toEqual([])
    await first.close()
    const second = await createSqliteEventStore({ path })
    expect(second.migrationsApplied).toEqual([])
    expect(await second.readAll()).toHaveLength(1)
    expect(second.database.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([
      { version: 1, name: 'events, streams, bank_slips, checkpoints' },
    ])
    await second.close()
  })
})
