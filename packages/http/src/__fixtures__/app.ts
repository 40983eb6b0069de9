/** A Fastify app with the plugin on an in-memory store, for `inject` tests. */
import { createInMemoryEventStore, type EventStore } from '@boleto/core'
import Fastify, { type FastifyInstance } from 'fastify'
import type { BoletoPluginOptions } from '../config.js'
import { boletoPlugin } from '../plugin.js'
import { type KeyPair, p521 } from './qi.js'

export { createInMemoryEventStore }

export const QI_KEYS: KeyPair = p521()

export const buildApp = async (
  options: Partial<BoletoPluginOptions> = {},
  store: EventStore = createInMemoryEventStore(),
): Promise<{ app: FastifyInstance; store: EventStore }> => {
  const app = Fastify({ logger: false })
  await app.register(boletoPlugin, { store, qiPublicKey: QI_KEYS.publicPem, ...options })
  await app.ready()
  return { app, store }
}

/** A webhook body for one occurrence. */
export const occurrence = (
  key: string,
  type: string,
  status: string,
  extra: Record<string, unknown> = {},
  datetime = '2024-08-13T21:35:55.679Z',
): Record<string, unknown> => ({
  webhook_type: 'baas.bank_slip.occurrence',
  webhook_datetime: datetime,
  data: {
    bank_slip_key: key,
    bank_slip_status: status,
    occurrence_key: `${type}-${key}`,
    occurrence_type: type,
    occurrence_status: 'confirmed',
    ...extra,
  },
})
