/**
 * A checkpointed consumer of the global log, generic over any `EventStore`: read the checkpoint, read the
 * events after it, hand them over, then move the checkpoint with compare-and-set. Delivery is at least once:
 * a crash between `handle` and the checkpoint, or two instances racing on one name, hands a batch over
 * again, so handlers must be idempotent (event ids make that easy). The CAS makes sure a lagging instance
 * never moves the checkpoint backwards.
 */
import type { EventStore, StoredEvent } from './port.js'

export interface ConsumerOptions {
  readonly store: Pick<EventStore, 'readAll' | 'readCheckpoint' | 'storeCheckpoint'>
  /** The checkpoint's name: instances sharing it share the progress. */
  readonly name: string
  /** Called with each batch in global order; the checkpoint moves only after it resolves. */
  readonly handle: (events: readonly StoredEvent[]) => Promise<void>
  /** Events per batch (default 100). */
  readonly batchSize?: number
  /** Pause of the `start()` loop when it has caught up or failed (default 250 ms). */
  readonly pollIntervalMs?: number
  /** Errors of the `start()` loop (store or handler); the loop waits a poll interval and goes on. */
  readonly onError?: (error: unknown) => void
}

export interface ConsumerRun {
  /** Events handed to `handle` in this run. */
  readonly handled: number
  /** The checkpoint after the run (as stored by this or another instance). */
  readonly checkpoint: number | null
  /** Another instance moved the checkpoint first: this batch was handled but not recorded by us. */
  readonly conflict: boolean
}

export interface Consumer {
  /** One batch: at most `batchSize` events. Calls are serialised. */
  runOnce(): Promise<ConsumerRun>
  /** Runs batches until `stop()`: back to back while there is a backlog, every poll interval after. */
  start(): void
  /** Stops the loop and resolves once the batch in flight (if any) is done. */
  stop(): Promise<void>
  readonly running: boolean
}

export const createConsumer = (options: ConsumerOptions): Consumer => {
  const { store, name, handle } = options
  const batchSize = options.batchSize ?? 100
  const pollIntervalMs = options.pollIntervalMs ?? 250
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new RangeError('batchSize must be a positive integer')
  let queue: Promise<unknown> = Promise.resolve()
  let loop: Promise<void> | null = null
  let running = false
  let wake: (() => void) | null = null

  const once = async (): Promise<ConsumerRun> => {
    const checkpoint = await store.readCheckpoint(name)
    const events = await store.readAll({ after: checkpoint ?? 0, limit: batchSize })
    const last = events[events.length - 1]
    if (last === undefined) return { handled: 0, checkpoint, conflict: false }
    await handle(events)
    if (await store.storeCheckpoint(name, last.position, checkpoint))
      return { handled: events.length, checkpoint: last.position, conflict: false }
    return { handled: events.length, checkpoint: await store.readCheckpoint(name), conflict: true }
  }

  const runOnce = (): Promise<ConsumerRun> => {
    const run = queue.then(once)
    queue = run.catch(() => undefined)
    return run
  }

  const pause = (): Promise<void> =>
    new Promise((resolve) => {
      if (!running) return resolve()
      const timer = setTimeout(() => {
        wake = null
        resolve()
      }, pollIntervalMs)
      wake = () => {
        clearTimeout(timer)
        wake = null
        resolve()
      }
    })

  const run = async (): Promise<void> => {
    while (running) {
      try {
        const result = await runOnce()
        if (result.handled < batchSize || result.conflict) await pause()
      } catch (error) {
        options.onError?.(error)
        if (running) await pause()
      }
    }
  }

  return {
    runOnce,
    start() {
      if (running) return
      running = true
      loop = run()
    },
    async stop() {
      running = false
      wake?.()
      await loop
      loop = null
    },
    get running() {
      return running
    },
  }
}
