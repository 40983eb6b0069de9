import { describe, expect, it } from 'vitest'
import { describeEventStoreContract, seedWebhook, webhookEvent } from '../testing/event-store-contract.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { createInMemoryEventStore } from './memory.js'
import { bankSlipStreamId, EventStoreError, type InlineProjection } from './port.js'

describeEventStoreContract('memory', async () => createInMemoryEventStore())

describe('in-memory store specifics', () => {
  it('uses a custom projection, and a throwing one leaves the store as it was', async () => {
    let fail = false
    const projection: InlineProjection<{ count: number }> = {
      handles: (streamId) => streamId.startsWith('count-'),
      evolve: (previous, events) => {
        if (fail) throw new Error('projection failed')
        const last = events[events.length - 1]!
        return {
          bankSlipKey: last.streamId,
          streamId: last.streamId,
          status: 'counted',
          reportedStatus: null,
          version: last.streamVersion,
          anomalyCount: 0,
          updatedAt: last.recordedAt,
          state: { count: (previous?.state.count ?? 0) + events.length },
        }
      },
    }
    const store = createInMemoryEventStore({ projection: projection as InlineProjection })
    await store.appendToStream('count-a', [
      { id: '1', type: 't', data: 1 },
      { id: '2', type: 't', data: 2 },
    ])
    expect(await store.getBankSlip('count-a')).toMatchObject({ version: 2, state: { count: 2 } })
    fail = true
    await expect(store.appendToStream('count-a', [{ id: '3', type: 't', data: 3 }])).rejects.toThrow(
      'projection failed',
    )
    expect(await store.readAll()).toHaveLength(2)
    expect(await store.getEvent('3')).toBeNull()
    fail = false
    expect(await store.rebuildProjection()).toBe(1)
    expect(await store.getBankSlip('count-a')).toMatchObject({ version: 2, state: { count: 2 } })
  })

  it('returns frozen events, so readers cannot change the log', async () => {
    const store = createInMemoryEventStore()
    const body = seedWebhook('registration (confirmed)')
    const key = (body.data as { bank_slip_key: string }).bank_slip_key
    await store.appendToStream(bankSlipStreamId(key), [webhookEvent(body)])
    const [event] = await store.readAll()
    expect(Object.isFrozen(event)).toBe(true)
    expect(Object.isFrozen((event!.data as { data: object }).data)).toBe(true)
    ;(body.data as Record<string, unknown>).bank_slip_status = 'changed'
    expect(
      ((await store.getEvent(event!.id))!.data as { data: { bank_slip_status: string } }).data
        .bank_slip_status,
    ).toBe('registered')
  })
})

describe('cursor', () => {
  it('round-trips and is opaque base64url', () => {
    const cursor = { updatedAt: '2024-08-13T21:35:55.679Z', bankSlipKey: 'chave-ção' }
    const text = encodeCursor(cursor)
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(text)).toEqual(cursor)
  })

  it('refuses text it did not make', () => {
    for (const text of ['', '!!', 'bm90IGpzb24', encodeCursor({ updatedAt: 'never', bankSlipKey: 'k' })]) {
      let error: unknown = null
      try {
        decodeCursor(text)
      } catch (e) {
        error = e
      }
      expect(error, text).toBeInstanceOf(EventStoreError)
    }
  })
})
