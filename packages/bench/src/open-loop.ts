/**
 * Open-loop HTTP load at a fixed rate (what wrk2 does), for latency at a given load. Request i is due at
 * start + i / rate whether or not earlier ones have been answered, and its latency runs from that due time
 * to the end of its response: a stall of the server, of the network or of this process delays every request
 * due meanwhile, and each of them counts the whole delay (no coordinated omission). Requests go out evenly
 * spaced, never in bursts; a connection pool larger than the rate needs lets requests overlap when the
 * server is slow, and when all its connections are busy a request waits for one, its wait counted too.
 */
import { Agent, request } from 'node:http'

export interface OpenLoopRequest {
  readonly body: string
  readonly headers: Record<string, string>
}

export interface OpenLoopOptions {
  /** `http://host:port` */
  readonly url: string
  readonly path: string
  /** Requests per second. */
  readonly rate: number
  /** Sent at the same rate first, not recorded (cold code, pools, JIT). */
  readonly warmupSeconds: number
  readonly seconds: number
  readonly connections: number
  /** The i-th request to send (0-based, warm-up included). */
  readonly next: (i: number) => OpenLoopRequest
}

export interface OpenLoopResult {
  /** Answered 2xx in the measured window, per second of it. */
  readonly rps: number
  readonly ok: number
  /** Answered 2xx, warm-up included. */
  readonly answered: number
  /** Non-2xx answers and errors, warm-up included. */
  readonly failed: number
  readonly p50: number
  readonly p99: number
  readonly max: number
  /** Recorded latencies (ms, from the due time), ascending. */
  readonly latencies: Float64Array
  /** Each recorded request's due time (ms after the first one was due) and latency, in order of answer. */
  readonly timeline: Float64Array
}

/** Pure. The q-quantile of ascending values (nearest rank). */
export const quantile = (sorted: Float64Array, q: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!

export const openLoop = (options: OpenLoopOptions): Promise<OpenLoopResult> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(options.url)
    const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
    const interval = 1000 / options.rate
    const warm = Math.round(options.warmupSeconds * options.rate)
    const total = warm + Math.round(options.seconds * options.rate)
    const latencies = new Float64Array(total - warm)
    const timeline = new Float64Array(2 * (total - warm))
    let recorded = 0
    let failed = 0
    let settled = 0
    let sent = 0
    const start = performance.now() + 10
    const done = (): void => {
      if (++settled < total) return
      agent.destroy()
      const sorted = latencies.slice(0, recorded).sort()
      resolve({
        rps: recorded / options.seconds,
        ok: recorded,
        answered: total - failed,
        failed,
        p50: quantile(sorted, 0.5),
        p99: quantile(sorted, 0.99),
        max: sorted[sorted.length - 1] ?? Number.NaN,
        latencies: sorted,
        timeline: timeline.slice(0, 2 * recorded),
      })
    }
    const fire = (i: number, due: number): void => {
      const r = options.next(i)
      const req = request(
        {
          agent,
          host: hostname,
          port,
          method: 'POST',
          path: options.path,
          headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) },
        },
        (res) => {
          res.resume()
          res.on('end', () => {
            const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300
            if (!ok) failed++
            else if (i >= warm) {
              timeline[2 * recorded] = due - start
              timeline[2 * recorded + 1] = latencies[recorded] = performance.now() - due
              recorded++
            }
            done()
          })
        },
      )
      req.on('error', () => {
        failed++
        done()
      })
      req.end(r.body)
    }
    const tick = (): void => {
      const now = performance.now()
      // Everything due by now goes out now (a late timer sends the backlog at once, its lateness counted).
      while (sent < total && start + sent * interval <= now) {
        fire(sent, start + sent * interval)
        sent++
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()))
    }
    setTimeout(tick, 10)
  })
