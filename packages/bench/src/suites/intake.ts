/**
 * Webhook intake over HTTP, in one run: `POST /webhooks/qitech` of @boleto/http on SQLite (and PostgreSQL when
 * DATABASE_URL is set), verified and unverified, next to a bare Fastify route doing one INSERT through the
 * same driver, and next to the raw ES512 verification rate (a jose `compactVerify` loop).
 *
 * Setup: the server runs in a child process (this file, started with BOLETO_BENCH_INTAKE_SERVER) and
 * autocannon in this one, so on the 2-core machine each side has a core and neither steals the other's event
 * loop; one row measures the same verified case with the server in this process for comparison. Every request
 * of a case is a distinct body (one boleto each), so no two are the same delivery: signed ones are made
 * beforehand, each with its own JWT; unsigned ones as they go out. Each case gets a fresh database.
 *
 * Claims: verified intake on each store reaches at least 70 % of the raw verify rate, and its p99 latency at
 * half that load stays under 50 ms. Throughput is closed-loop (autocannon, as fast as the server answers);
 * latency at half load is open-loop (open-loop.ts): requests evenly spaced at the rate, each one's latency
 * from the moment it was due, after a warm-up at the same rate that is not recorded. autocannon's
 * `overallRate` was not used for it: it sends each connection's quota for the second in a burst, then
 * idles, so it measured bursts at full speed rather than a steady half load.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto'
import {
  createWriteStream,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { compactVerify, SignJWT } from 'jose'
import { openLoop } from '../open-loop.js'
import type { BenchClaim, BenchReport, BenchRow } from '../report.js'

const SERVER_ENV = 'BOLETO_BENCH_INTAKE_SERVER'
const CASE_SECONDS = 6
/** The half-load case: open-loop, evenly spaced requests (open-loop.ts), a warm-up then the measurement. */
const LATENCY_WARMUP_SECONDS = 2
const LATENCY_SECONDS = 10
const CONNECTIONS = 16
const SIGNED_POOL = 9000
const VERIFY_SECONDS = 3
const RATIO_CLAIM = 0.7
const P99_CLAIM_MS = 50
const WEBHOOK_PATH = '/webhooks/qitech'

// ---------------------------------------------------------------------------------------------- server side

interface ServerConfig {
  readonly kind: 'intake' | 'bare'
  readonly db: string
  readonly publicKeyPem?: string
  readonly schema?: string
  readonly synchronous?: 'full' | 'normal'
}

/** A log destination that writes synchronously, as pino does on stdout, and keeps nothing. */
const devNull = (): NodeJS.WritableStream => {
  const fd = openSync('/dev/null', 'w')
  return { write: (line: string) => writeSync(fd, line) > 0 } as unknown as NodeJS.WritableStream
}

/** Starts one server of the bench (in this process): its URL and how to stop it. */
const serve = async (config: ServerConfig): Promise<{ address: string; close: () => Promise<void> }> => {
  let close: () => Promise<void>
  let address: string
  if (config.kind === 'intake') {
    const { createServer } = await import('@boleto/http')
    const server = await createServer({
      db: config.db,
      ...(config.schema !== undefined ? { pgSchema: config.schema } : {}),
      ...(config.synchronous !== undefined ? { sqliteSynchronous: config.synchronous } : {}),
      ...(config.publicKeyPem !== undefined
        ? { qiPublicKey: config.publicKeyPem, timestampToleranceSeconds: 3600 }
        : { verify: false }),
      port: 0,
      // The service's default level, each line a synchronous write as on stdout, to /dev/null.
      logLevel: 'info',
      logStream: devNull(),
      handleSignals: false,
    })
    address = await server.listen()
    close = server.close
  } else {
    const Fastify = (await import('fastify')).default
    const bare = config.db.startsWith('postgres')
      ? await (await import('@boleto/store-postgres')).createPostgresBareInsert(
          { connectionString: config.db },
          config.schema !== undefined ? { schema: config.schema } : {},
        )
      : await (await import('@boleto/store-sqlite')).createSqliteBareInsert({
          path: config.db,
          ...(config.synchronous !== undefined ? { synchronous: config.synchronous } : {}),
        })
    const app = Fastify({ logger: false })
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    )
    let n = 0
    app.post(WEBHOOK_PATH, async (req) => {
      const body = req.body as string
      const parsed = JSON.parse(body) as { data: { bank_slip_key: string } }
      n++
      await bare.insert([
        {
          streamId: `bank_slip-${parsed.data.bank_slip_key}`,
          streamVersion: 1,
          id: `bare-${n}-${parsed.data.bank_slip_key}`,
          type: 'qi.webhook',
          dataJson: body,
          metadataJson: null,
        },
      ])
      return { result: 'stored' }
    })
    address = await app.listen({ host: '127.0.0.1', port: 0 })
    close = async () => {
      await app.close()
      await bare.close()
    }
  }
  return { address, close }
}

const serveChild = async (config: ServerConfig): Promise<void> => {
  const { address, close } = await serve(config)
  process.stdout.write(`listening ${address}\n`)
  process.once('SIGTERM', () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  })
}

if (process.env[SERVER_ENV] !== undefined)
  await serveChild(JSON.parse(process.env[SERVER_ENV]) as ServerConfig)

// ---------------------------------------------------------------------------------------------- load side

interface Prepared {
  readonly body: string
  readonly headers: Record<string, string>
}

interface AutocannonResult {
  readonly requests: { readonly average: number }
  readonly latency: { readonly p50: number; readonly p99: number; readonly p97_5: number }
  readonly non2xx: number
  readonly errors: number
  readonly timeouts: number
  readonly '2xx': number
  readonly duration: number
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>
// Loaded on first use: the server child never needs it.
let autocannonFn: Autocannon | undefined
const autocannon = (options: Record<string, unknown>): Promise<AutocannonResult> => {
  autocannonFn ??= createRequire(import.meta.url)('autocannon') as Autocannon
  return autocannonFn(options)
}

const webhookBody = (i: number, run: string): string =>
  JSON.stringify({
    webhook_type: 'baas.bank_slip.occurrence',
    webhook_datetime: new Date(Date.UTC(2024, 7, 13, 21, 35, 55, i % 1000)).toISOString(),
    data: {
      bank_slip_key: `bench-${run}-${i}`,
      bank_slip_status: 'registered',
      occurrence_key: `occ-${i}`,
      occurrence_type: 'registration',
      occurrence_status: 'confirmed',
    },
  })

const sign = (key: KeyObject, body: string): Promise<string> =>
  new SignJWT({
    payload_md5: createHash('md5').update(body).digest('hex'),
    timestamp: new Date().toISOString(),
    method: 'POST',
    uri: WEBHOOK_PATH,
  })
    .setProtectedHeader({ alg: 'ES512', typ: 'JWT' })
    .sign(key)

/** Signs in parallel (WebCrypto runs on the thread pool). */
const prepareSigned = async (key: KeyObject, count: number): Promise<Prepared[]> => {
  const out: Prepared[] = new Array(count)
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const i = next++
        const body = webhookBody(i, 's')
        out[i] = {
          body,
          headers: { 'content-type': 'application/json', authorization: await sign(key, body) },
        }
      }
    }),
  )
  return out
}

/** The i-th request of a case. */
type Source = (i: number) => Prepared

const UNSIGNED_HEADERS = { 'content-type': 'application/json' }
/** Unsigned bodies are made as they go out: every request of a case is a new boleto, however many there are. */
const unsigned: Source = (i) => ({ body: webhookBody(i, 'u'), headers: UNSIGNED_HEADERS })

/** Signed requests are made beforehand (signing costs as much as verifying); a case must not run out of them. */
const signedSource =
  (pool: readonly Prepared[]): Source =>
  (i) => {
    if (i >= pool.length) throw new Error(`intake bench: only ${pool.length} signed requests prepared`)
    return pool[i]!
  }

/** Raw verification rate: `compactVerify` on the prepared tokens, one at a time and `concurrency` at a time. */
const verifyRate = async (
  key: KeyObject,
  tokens: readonly string[],
  concurrency: number,
): Promise<number> => {
  let i = 0
  let done = 0
  const warm = performance.now() + 300
  while (performance.now() < warm) await compactVerify(tokens[i++ % tokens.length]!, key)
  const start = performance.now()
  const end = start + VERIFY_SECONDS * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await compactVerify(tokens[i++ % tokens.length]!, key)
        done++
      }
    }),
  )
  return (done * 1000) / (performance.now() - start)
}

/**
 * BOLETO_BENCH_INTAKE_TRACE=<dir>: the half-load cases write each request's due time and latency there
 * (`<case>.latency.csv`) and run their server with `--trace-gc` (its output in `<case>.server.log`).
 */
const TRACE_DIR = process.env.BOLETO_BENCH_INTAKE_TRACE

const startServer = (config: ServerConfig, trace?: string): Promise<{ child: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(trace !== undefined ? ['--trace-gc'] : []), fileURLToPath(import.meta.url)],
      {
        env: { ...process.env, [SERVER_ENV]: JSON.stringify(config) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const timer = setTimeout(() => reject(new Error('bench server did not start')), 30_000)
    const log = trace !== undefined ? createWriteStream(`${trace}.server.log`) : undefined
    createInterface({ input: child.stdout! }).on('line', (line) => {
      log?.write(`${performance.timeOrigin + performance.now()} ${line}\n`)
      const m = /^listening (\S+)/.exec(line)
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1]! })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`bench server exited with ${code}`))
    })
  })

/**
 * CPU time (ms) a process has used, or the time the machine's CPUs ran processes (pid null: user, nice,
 * system and steal; not interrupts, whose loopback-network share grows with our own request rate); undefined
 * off Linux.
 */
const cpuMs = (pid: number | null): number | undefined => {
  try {
    if (pid === null) {
      // cpu  user nice system idle iowait irq softirq steal ...
      const [user, nice, system, , , , , steal] = readFileSync('/proc/stat', 'utf8')
        .split('\n', 1)[0]!
        .trim()
        .split(/\s+/)
        .slice(1, 9)
        .map(Number)
      return (user! + nice! + system! + steal!) * TICK_MS
    }
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS
  } catch {
    return undefined
  }
}
/** CPU time (ms) of every PostgreSQL process of this machine (server and backends), or undefined. */
const postgresCpuMs = (): number | undefined => {
  try {
    let total = 0
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        if (!stat.includes(' (postgres) ')) continue
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        total += (Number(fields[11]) + Number(fields[12])) * TICK_MS
      } catch {
        // gone meanwhile
      }
    }
    return total
  } catch {
    return undefined
  }
}
/** Linux's USER_HZ is 100 on every common build. */
const TICK_MS = 10

interface CpuShares {
  /** The server's CPU per webhook answered (ms). */
  readonly serverCpuMs?: number
  /** PostgreSQL's processes, per webhook answered (ms). */
  readonly postgresCpuMs?: number
  /** Every other process (not the server, this one or PostgreSQL's), in cores on average: interference. */
  readonly otherCores?: number
}

/** CPU used during `run`, by the server, PostgreSQL, and everything else of the machine. */
const measureCpu = async <T extends { readonly answered: number }>(
  serverPid: number | undefined,
  run: () => Promise<T>,
): Promise<T & CpuShares> => {
  const t0 = performance.now()
  const mine0 = process.cpuUsage()
  const server0 = serverPid === undefined ? 0 : cpuMs(serverPid)
  const pg0 = postgresCpuMs()
  const all0 = cpuMs(null)
  const r = await run()
  const server1 = serverPid === undefined ? 0 : cpuMs(serverPid)
  const pg1 = postgresCpuMs()
  const all1 = cpuMs(null)
  const mine = process.cpuUsage(mine0)
  const wall = performance.now() - t0
  if (server0 === undefined || server1 === undefined || all0 === undefined || all1 === undefined) return r
  const server = server1 - server0
  const pg = pg0 === undefined || pg1 === undefined ? 0 : pg1 - pg0
  const others = all1 - all0 - server - pg - (mine.user + mine.system) / 1000
  const n = Math.max(1, r.answered)
  return { ...r, serverCpuMs: server / n, postgresCpuMs: pg / n, otherCores: Math.max(0, others) / wall }
}

/**
 * The machine is shared (2 cores: another process's compile or test run takes one of them for seconds). Before
 * each measurement the bench waits, up to QUIET_WAIT_MS, for the whole machine to be idle; a measurement
 * during which other processes still took more than DISTURBED_CORES on average is reported as disturbed, with
 * its figures, and taken again (up to ATTEMPTS times in all; the last attempt counts, disturbed or not).
 */
const QUIET_CORES = 0.15
const QUIET_WAIT_MS = 60_000
const DISTURBED_CORES = 0.25
const ATTEMPTS = 3

/** Waits until the machine's busy CPU over one second is under QUIET_CORES, or `limitMs` passed. */
const waitQuiet = async (limitMs = QUIET_WAIT_MS): Promise<void> => {
  const end = performance.now() + limitMs
  while (performance.now() < end) {
    const b0 = cpuMs(null)
    const t0 = performance.now()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const b1 = cpuMs(null)
    if (b0 === undefined || b1 === undefined) return
    if ((b1 - b0) / (performance.now() - t0) < QUIET_CORES) return
  }
}

/** Runs `measure` (after waiting for quiet) until it is undisturbed or out of attempts; reports each try. */
const undisturbed = async <T extends { readonly otherCores?: number }>(
  measure: (attempt: number) => Promise<T>,
  report: (r: T, note: string) => void,
): Promise<T & { readonly disturbed: boolean }> => {
  for (let attempt = 1; ; attempt++) {
    await waitQuiet()
    const r = await measure(attempt)
    const disturbed = (r.otherCores ?? 0) > DISTURBED_CORES
    const last = !disturbed || attempt === ATTEMPTS
    report(
      r,
      disturbed
        ? ` [attempt ${attempt}, disturbed${last ? '' : ': measured again'}]`
        : attempt > 1
          ? ` [attempt ${attempt}]`
          : '',
    )
    if (last) return { ...r, disturbed }
  }
}

const stopServer = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })

interface Load {
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly max?: number
  /** Answered 2xx in all (warm-up included). */
  readonly answered: number
  readonly ok: number
  readonly failed: number
}

const round1 = (ms: number): number => Math.round(ms * 10) / 10
const round2 = (n: number): number => Math.round(n * 100) / 100

/** Closed loop, as fast as the server answers: CONNECTIONS connections, each sends when answered. */
const load = async (url: string, source: Source, seconds: number): Promise<Load> => {
  let next = 0
  const result = await autocannon({
    url: url + WEBHOOK_PATH,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const p = source(next++)
          return { ...req, method: 'POST', path: WEBHOOK_PATH, headers: p.headers, body: p.body }
        },
      },
    ],
  })
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    answered: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

export async function run(): Promise<BenchReport> {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const signed = await prepareSigned(privateKey, SIGNED_POOL)
  const tokens = signed.slice(0, 2000).map((p) => p.headers.authorization!)

  const rows: BenchRow[] = []
  const verifyCase = (name: string, concurrency: number) =>
    undisturbed(
      () =>
        measureCpu(undefined, async () => ({
          rate: await verifyRate(publicKey, tokens, concurrency),
          answered: 1,
        })),
      (r, note) =>
        rows.push({
          name: name + note,
          opsPerSec: r.rate,
          unit: 'verifies/s',
          extra: r.otherCores !== undefined ? { other_processes_cores: round2(r.otherCores) } : {},
        }),
    )
  const serial = await verifyCase('raw ES512 verify, jose compactVerify loop (1 at a time)', 1)
  const verifySerial = serial.rate
  const verifyParallel = (
    await verifyCase('raw ES512 verify, jose compactVerify (4 in flight, both cores)', 4)
  ).rate

  const dir = mkdtempSync(join(tmpdir(), 'boleto-bench-intake-'))
  const databaseUrl = process.env.DATABASE_URL
  const schemas: string[] = []
  /** Each store configuration: how to make a fresh database for one case. */
  const stores: { name: string; config: (tag: string) => Omit<ServerConfig, 'kind'> }[] = [
    {
      name: 'SQLite (synchronous=full)',
      config: (tag) => ({ db: join(dir, `${tag}-full.db`), synchronous: 'full' }),
    },
    {
      name: 'SQLite (synchronous=normal)',
      config: (tag) => ({ db: join(dir, `${tag}-normal.db`), synchronous: 'normal' }),
    },
  ]
  if (databaseUrl !== undefined)
    stores.push({
      name: 'PostgreSQL',
      config: (tag) => {
        const schema = `bench_intake_${tag}_${process.pid}`
        schemas.push(schema)
        return { db: databaseUrl, schema }
      },
    })

  const results = new Map<
    string,
    { verified: Load & { disturbed: boolean }; half: Load & { disturbed: boolean } }
  >()
  /** One case, on a fresh database each attempt. */
  const measureCase = (
    name: string,
    config: (attempt: number) => ServerConfig,
    source: Source,
    rate?: number,
  ): Promise<Load & CpuShares & { disturbed: boolean }> =>
    undisturbed(
      (attempt) => measureOnce(name, config(attempt), source, rate),
      (r, note) =>
        rows.push({
          name: name + note,
          opsPerSec: r.rps,
          unit: 'webhooks/s',
          extra: {
            p50_ms: round1(r.p50),
            p99_ms: round1(r.p99),
            ...(r.max !== undefined ? { max_ms: round1(r.max) } : {}),
            non_2xx: r.failed,
            ...(r.serverCpuMs !== undefined ? { server_cpu_ms_per_webhook: round2(r.serverCpuMs) } : {}),
            ...(r.postgresCpuMs !== undefined && name.startsWith('PostgreSQL')
              ? { postgres_cpu_ms_per_webhook: round2(r.postgresCpuMs) }
              : {}),
            ...(r.otherCores !== undefined ? { other_processes_cores: round2(r.otherCores) } : {}),
          },
        }),
    )
  const measureOnce = async (
    name: string,
    config: ServerConfig,
    source: Source,
    rate?: number,
  ): Promise<Load & CpuShares> => {
    const trace =
      TRACE_DIR !== undefined && rate !== undefined
        ? join(TRACE_DIR, name.replace(/[^A-Za-z0-9]+/g, '-'))
        : undefined
    const server = await startServer(config, trace)
    try {
      const paced =
        rate === undefined
          ? undefined
          : await measureCpu(server.child.pid, () =>
              openLoop({
                url: server.url,
                path: WEBHOOK_PATH,
                rate,
                warmupSeconds: LATENCY_WARMUP_SECONDS,
                seconds: LATENCY_SECONDS,
                connections: CONNECTIONS,
                next: source,
              }),
            )
      const r: Load & CpuShares =
        paced ?? (await measureCpu(server.child.pid, () => load(server.url, source, CASE_SECONDS)))
      if (trace !== undefined && paced !== undefined) {
        const t = paced.timeline
        const lines = ['due_ms,latency_ms']
        for (let i = 0; i < t.length; i += 2) lines.push(`${t[i]!.toFixed(2)},${t[i + 1]!.toFixed(2)}`)
        writeFileSync(`${trace}.latency.csv`, `${lines.join('\n')}\n`)
      }
      return r
    } finally {
      await stopServer(server.child)
    }
  }

  try {
    // The same verified case with the server in this process, to show why the others use a child process.
    if (process.env.BOLETO_BENCH_INTAKE_STORES === undefined) {
      const inProcess = await serve({ kind: 'intake', publicKeyPem, ...stores[0]!.config('inprocess') })
      try {
        const r = await load(inProcess.address, signedSource(signed), CASE_SECONDS)
        rows.push({
          name: `${stores[0]!.name}: intake, verified, server in the bench process`,
          opsPerSec: r.rps,
          unit: 'webhooks/s',
          extra: { p50_ms: r.p50, p99_ms: r.p99, non_2xx: r.failed },
        })
      } finally {
        await inProcess.close()
      }
    }
    // BOLETO_BENCH_INTAKE_STORES=postgres (a substring of the store names, case-insensitive): only those.
    const only = process.env.BOLETO_BENCH_INTAKE_STORES?.toLowerCase()
    for (const store of stores) {
      if (only !== undefined && !only.split(',').some((o) => store.name.toLowerCase().includes(o))) continue
      await measureCase(
        `${store.name}: bare Fastify route, one INSERT`,
        (a) => ({ kind: 'bare', ...store.config(`bare${a}`) }),
        unsigned,
      )
      const verified = await measureCase(
        `${store.name}: intake, verified`,
        (a) => ({ kind: 'intake', publicKeyPem, ...store.config(`verified${a}`) }),
        signedSource(signed),
      )
      await measureCase(
        `${store.name}: intake, unverified`,
        (a) => ({ kind: 'intake', ...store.config(`unverified${a}`) }),
        unsigned,
      )
      const half = await measureCase(
        `${store.name}: intake, verified, at half the verified rate`,
        (a) => ({ kind: 'intake', publicKeyPem, ...store.config(`half${a}`) }),
        signedSource(signed),
        verified.rps / 2,
      )
      results.set(store.name, { verified, half })
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    if (databaseUrl !== undefined) {
      const pg = (await import('pg')).default
      const client = new pg.Client({ connectionString: databaseUrl })
      await client.connect()
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await client.end()
    }
  }

  const claims: BenchClaim[] = []
  for (const [store, { verified, half }] of results) {
    claims.push({
      claim: `verified intake (${store}) reaches at least ${RATIO_CLAIM * 100} % of the raw ES512 verify rate`,
      ok: verified.rps >= RATIO_CLAIM * verifySerial && verified.failed === 0,
      detail: `${fmt(verified.rps)} webhooks/s vs ${fmt(verifySerial)} verifies/s in a compactVerify loop: ${Math.round(
        (100 * verified.rps) / verifySerial,
      )} % (${Math.round((100 * verified.rps) / verifyParallel)} % of the ${fmt(verifyParallel)}/s both cores verify); ${verified.failed} non-2xx${verified.disturbed || serial.disturbed ? '; measured while other processes took a core (see the rows)' : ''}`,
    })
    claims.push({
      claim: `p99 latency of verified intake (${store}) at half that load under ${P99_CLAIM_MS} ms`,
      ok: half.p99 < P99_CLAIM_MS && half.failed === 0,
      detail: `p99 ${round1(half.p99)} ms, p50 ${round1(half.p50)} ms, max ${round1(half.max ?? Number.NaN)} ms at ${fmt(half.rps)} webhooks/s, open-loop${half.disturbed ? '; measured while other processes took a core (see the rows)' : ''}`,
    })
  }

  return {
    suite: 'intake',
    environment: `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown cpu'}; server in a child process, autocannon (${CONNECTIONS} connections, ${CASE_SECONDS} s per case) in the bench process; half load open-loop, evenly spaced (${LATENCY_WARMUP_SECONDS} s warm-up not recorded, then ${LATENCY_SECONDS} s measured, latency from each request's due time); each measurement after the machine was idle for 1 s (waiting up to ${QUIET_WAIT_MS / 1000} s), taken again (up to ${ATTEMPTS} times) when other processes took more than ${DISTURBED_CORES} cores meanwhile${databaseUrl === undefined ? '; PostgreSQL skipped (no DATABASE_URL)' : ''}`,
    rows,
    claims,
  }
}
