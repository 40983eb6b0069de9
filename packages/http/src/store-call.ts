/** Store calls from request handlers: a failure is counted and answered 503 (retry later), never 500. */
import { EventStoreError } from '@boleto/core'
import type { BoletoContext } from './context.js'
import { envelope, HttpError } from './errors.js'

export const storeCall = async <T>(
  ctx: BoletoContext,
  operation: string,
  run: () => Promise<T>,
): Promise<T> => {
  try {
    return await run()
  } catch (error) {
    if (error instanceof HttpError) throw error
    if (error instanceof EventStoreError && error.code === 'INVALID_ARGUMENT')
      throw new HttpError(envelope('API000400', { operation }, error.message))
    ctx.metrics.storeErrors.inc({ operation })
    throw new HttpError(envelope('API000503', { operation }))
  }
}
