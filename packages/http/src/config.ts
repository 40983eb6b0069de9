/**
 * Options of the plugin and the server, validated up front with messages that name the option, and
 * `configFromEnv` for the CLI. Nothing here opens a socket or a store.
 */
import { readFileSync } from 'node:fs'
import type { EventStore } from '@boleto/core'
import type { Registry } from 'prom-client'
import type { KeyInput } from './keys.js'

/** Which party a slip's payment query reports as beneficiary (our own account holder). */
export interface PartyOption {
  readonly name: string
  readonly document_number: string
  readonly person_type?: 'natural' | 'legal'
}

export interface PaymentQueryOptions {
  /** Local bank holidays ('YYYY-MM-DD') on top of the national ones. */
  readonly holidays?: readonly string[]
  /** Reported as beneficiary of the slips we issued. */
  readonly beneficiary?: PartyOption | null
  /**
   * Lines answered with a fixed QI error code before any decoding, like QI's sandbox does
   * (`858500000037350000643217212883260006147448091022` → IPP000014 by default).
   */
  readonly lineOverrides?: Readonly<Record<string, 'IPP000014' | 'IPP000017' | 'IPP000022' | 'IPP000023'>>
  /** Convênio segments (barcode position 2) accepted; others answer IPP000022. Default: all. */
  readonly acceptedConvenioSegments?: readonly number[]
}

export interface BoletoPluginOptions {
  /** The event store (required). The plugin closes it on `close` only when `closeStore` is true. */
  readonly store: EventStore
  readonly closeStore?: boolean
  /** Prefix of every route of the plugin (e.g. '/boleto'). */
  readonly prefix?: string
  /**
   * QI's public key (PEM SEC1/SPKI, JWK, or KeyObject), or several during a key rotation. Required unless
   * `verify` is false.
   */
  readonly qiPublicKey?: KeyInput | readonly KeyInput[]
  /** Signature verification; default true. false is for local development only (logged loudly). */
  readonly verify?: boolean
  /** Accepted clock distance of the `timestamp` claim, seconds (default 300; `Infinity` = any age). */
  readonly timestampToleranceSeconds?: number
  /** Extra `uri` claim values to accept (the public path when a proxy rewrites it). */
  readonly acceptedUris?: readonly string[]
  /** When set, incoming `API-CLIENT-KEY` must equal it. */
  readonly expectedApiClientKey?: string
  /** Our own key: when set, webhook answers are signed (`{"encoded_body": ...}` + `Authorization`). */
  readonly signingKey?: KeyInput
  /** Our integration id, sent as `API-CLIENT-KEY` with signed answers. */
  readonly apiClientKey?: string
  /** Path of the webhook route; default '/webhooks/qitech'. */
  readonly webhookPath?: string
  /** Webhook body limit in bytes; default 262144 (256 KiB). Larger → 413. */
  readonly bodyLimit?: number
  /** Command bodies limit in bytes; default 65536. */
  readonly commandBodyLimit?: number
  /** Webhook handler deadline, ms; default 8000 (QI gives up at 10 s). Past it → 503, QI re-sends. */
  readonly handlerTimeoutMs?: number
  /** Metrics: a registry of your own (default: a new one), the route ('/metrics'; false = no route). */
  readonly metrics?: {
    readonly registry?: Registry
    readonly path?: string | false
    readonly prefix?: string
    readonly collectDefaultMetrics?: boolean
  }
  readonly paymentQuery?: PaymentQueryOptions
  /** Clock, epoch ms (tests). */
  readonly now?: () => number
  /** Today in Brazil, 'YYYY-MM-DD' (tests); default from `now` at UTC−03:00. */
  readonly today?: () => string
}

/** Options of `createServer`: the plugin's, plus where the store is and how to listen and log. */
export interface ServerOptions extends Omit<BoletoPluginOptions, 'store' | 'closeStore'> {
  /** A ready store; when absent, `db` is opened (and closed on shutdown). */
  readonly store?: EventStore
  /** A path → SQLite (default './boleto.db'); a postgres:// URL → PostgreSQL. */
  readonly db?: string
  /** PostgreSQL schema, when `db` is a URL. */
  readonly pgSchema?: string
  /** SQLite durability: 'full' (default: fsync per commit) or 'normal' (survives a process crash only). */
  readonly sqliteSynchronous?: 'full' | 'normal'
  readonly host?: string
  readonly port?: number
  /** pino level ('info' default), or false for no logs. */
  readonly logLevel?: string | false
  /** Where logs go (a pino destination stream); default stdout. */
  readonly logStream?: NodeJS.WritableStream
  /** Install SIGTERM/SIGINT handlers on `listen()`; default true. */
  readonly handleSignals?: boolean
  /** Longest graceful shutdown before connections are cut, ms; default 10000. */
  readonly shutdownTimeoutMs?: number
}

export const DEFAULTS = {
  webhookPath: '/webhooks/qitech',
  timestampToleranceSeconds: 300,
  bodyLimit: 256 * 1024,
  commandBodyLimit: 64 * 1024,
  handlerTimeoutMs: 8000,
  metricsPath: '/metrics',
  metricsPrefix: 'boleto_',
  db: './boleto.db',
  host: '127.0.0.1',
  port: 3000,
  shutdownTimeoutMs: 10_000,
  sandboxLineOverrides: { '858500000037350000643217212883260006147448091022': 'IPP000014' },
} as const

export class OptionsError extends Error {
  constructor(message: string) {
    super(`@boleto/http: ${message}`)
    this.name = 'OptionsError'
  }
}

const positive = (name: string, value: unknown, allowInfinity = false): void => {
  if (value === undefined) return
  const ok =
    typeof value === 'number' &&
    value > 0 &&
    (Number.isFinite(value) ? true : allowInfinity && value === Number.POSITIVE_INFINITY)
  if (!ok)
    throw new OptionsError(
      `${name} must be a positive number${allowInfinity ? ' (or Infinity)' : ''}, got ${String(value)}`,
    )
}

const isPositiveInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v > 0

const path = (name: string, value: unknown): void => {
  if (value === undefined) return
  if (typeof value !== 'string' || !value.startsWith('/') || /\s/.test(value))
    throw new OptionsError(`${name} must be a path starting with '/', got ${JSON.stringify(value)}`)
}

const isStore = (s: unknown): s is EventStore => {
  if (typeof s !== 'object' || s === null) return false
  const methods = [
    'appendToStream',
    'readStream',
    'getBankSlip',
    'listBankSlips',
    'getEvent',
    'streamExists',
    'close',
  ]
  return methods.every((m) => typeof (s as Record<string, unknown>)[m] === 'function')
}

const keyShape = (name: string, value: unknown): void => {
  if (value === undefined) return
  const ok =
    (typeof value === 'string' && (value.includes('-----BEGIN') || value.trim().startsWith('{'))) ||
    (typeof value === 'object' && value !== null)
  if (!ok) throw new OptionsError(`${name} must be a PEM string, a JWK or a KeyObject`)
}

/** Checks the shape of every option; throws `OptionsError` naming the first bad one. Keys are loaded later. */
export const validatePluginOptions = (options: BoletoPluginOptions | undefined): BoletoPluginOptions => {
  if (typeof options !== 'object' || options === null)
    throw new OptionsError('options are required ({ store })')
  if (!isStore(options.store))
    throw new OptionsError(
      'store is required: an EventStore (createSqliteEventStore, createPostgresEventStore, ...)',
    )
  if (options.verify !== undefined && typeof options.verify !== 'boolean')
    throw new OptionsError(`verify must be a boolean, got ${String(options.verify)}`)
  if (Array.isArray(options.qiPublicKey)) {
    if (options.qiPublicKey.length === 0) throw new OptionsError('qiPublicKey must not be an empty list')
    options.qiPublicKey.forEach((k: unknown, i: number) => {
      keyShape(`qiPublicKey[${i}]`, k)
    })
  } else keyShape('qiPublicKey', options.qiPublicKey)
  keyShape('signingKey', options.signingKey)
  if (options.verify !== false && options.qiPublicKey === undefined)
    throw new OptionsError(
      'qiPublicKey is required while verification is on; pass verify: false only for local development',
    )
  positive('timestampToleranceSeconds', options.timestampToleranceSeconds, true)
  for (const name of ['bodyLimit', 'commandBodyLimit', 'handlerTimeoutMs'] as const)
    if (options[name] !== undefined && !isPositiveInt(options[name]))
      throw new OptionsError(`${name} must be a positive integer, got ${String(options[name])}`)
  path('prefix', options.prefix)
  path('webhookPath', options.webhookPath)
  if (options.metrics?.path !== undefined && options.metrics.path !== false)
    path('metrics.path', options.metrics.path)
  if (options.acceptedUris !== undefined && !options.acceptedUris.every((u) => typeof u === 'string'))
    throw new OptionsError('acceptedUris must be an array of strings')
  for (const name of ['apiClientKey', 'expectedApiClientKey'] as const)
    if (options[name] !== undefined && (typeof options[name] !== 'string' || options[name] === ''))
      throw new OptionsError(`${name} must be a non-empty string`)
  if (options.apiClientKey !== undefined && options.signingKey === undefined)
    throw new OptionsError('apiClientKey is only used with signingKey (signed acknowledgements)')
  const holidays = options.paymentQuery?.holidays
  if (
    holidays !== undefined &&
    !holidays.every((h) => typeof h === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(h))
  )
    throw new OptionsError("paymentQuery.holidays must be 'YYYY-MM-DD' strings")
  for (const fn of ['now', 'today'] as const)
    if (options[fn] !== undefined && typeof options[fn] !== 'function')
      throw new OptionsError(`${fn} must be a function`)
  return options
}

/** Checks the server-only options. */
export const validateServerOptions = (options: ServerOptions): ServerOptions => {
  if (
    options.store === undefined &&
    options.db !== undefined &&
    (typeof options.db !== 'string' || options.db === '')
  )
    throw new OptionsError('db must be a file path or a postgres:// URL')
  if (
    options.port !== undefined &&
    !(Number.isInteger(options.port) && options.port >= 0 && options.port < 65536)
  )
    throw new OptionsError(`port must be an integer from 0 to 65535, got ${String(options.port)}`)
  if (options.sqliteSynchronous !== undefined && !['full', 'normal'].includes(options.sqliteSynchronous))
    throw new OptionsError("sqliteSynchronous must be 'full' or 'normal'")
  positive('shutdownTimeoutMs', options.shutdownTimeoutMs)
  return options
}

const readKeyFile = (name: string, file: string | undefined): string | undefined => {
  if (file === undefined || file === '') return undefined
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new OptionsError(`${name}: cannot read ${file} (${(error as Error).message})`)
  }
}

const num = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined || value === '') return undefined
  if (value.toLowerCase() === 'infinity' || value.toLowerCase() === 'off') return Number.POSITIVE_INFINITY
  const n = Number(value)
  if (!Number.isFinite(n)) throw new OptionsError(`${name} must be a number, got ${JSON.stringify(value)}`)
  return n
}

const OFF = new Set(['off', 'false', '0', 'no'])

/**
 * The server options the CLI reads from the environment:
 * BOLETO_DB, PORT, HOST, QI_PUBLIC_KEY_FILE (or QI_PUBLIC_KEY), VERIFY=off, TIMESTAMP_TOLERANCE_SECONDS,
 * QI_API_CLIENT_KEY, SIGNING_KEY_FILE (or SIGNING_KEY), API_CLIENT_KEY, WEBHOOK_PATH, BODY_LIMIT,
 * HANDLER_TIMEOUT_MS, LOG_LEVEL, PG_SCHEMA, SQLITE_SYNCHRONOUS (full|normal), BENEFICIARY_NAME + BENEFICIARY_DOCUMENT, HOLIDAYS (comma list).
 */
export const configFromEnv = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServerOptions => {
  // Several files (comma-separated) during a key rotation.
  const qiKeyFiles = (env.QI_PUBLIC_KEY_FILE ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '')
  const qiKeys = qiKeyFiles.map((f) => readKeyFile('QI_PUBLIC_KEY_FILE', f)!)
  const qiPublicKey = env.QI_PUBLIC_KEY || (qiKeys.length > 1 ? qiKeys : qiKeys[0])
  const signingKey = env.SIGNING_KEY || readKeyFile('SIGNING_KEY_FILE', env.SIGNING_KEY_FILE)
  const verify =
    env.VERIFY === undefined || env.VERIFY === '' ? undefined : !OFF.has(env.VERIFY.toLowerCase())
  const port = num('PORT', env.PORT)
  const tolerance = num('TIMESTAMP_TOLERANCE_SECONDS', env.TIMESTAMP_TOLERANCE_SECONDS)
  const bodyLimit = num('BODY_LIMIT', env.BODY_LIMIT)
  const handlerTimeoutMs = num('HANDLER_TIMEOUT_MS', env.HANDLER_TIMEOUT_MS)
  const holidays = env.HOLIDAYS?.split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '')
  const beneficiary =
    env.BENEFICIARY_NAME && env.BENEFICIARY_DOCUMENT
      ? {
          name: env.BENEFICIARY_NAME,
          document_number: env.BENEFICIARY_DOCUMENT,
          person_type: (env.BENEFICIARY_PERSON_TYPE === 'natural' ? 'natural' : 'legal') as
            | 'natural'
            | 'legal',
        }
      : undefined
  const options: ServerOptions = {
    db: env.BOLETO_DB || DEFAULTS.db,
    ...(env.PG_SCHEMA ? { pgSchema: env.PG_SCHEMA } : {}),
    ...(env.SQLITE_SYNCHRONOUS === 'normal' || env.SQLITE_SYNCHRONOUS === 'full'
      ? { sqliteSynchronous: env.SQLITE_SYNCHRONOUS }
      : {}),
    host: env.HOST || DEFAULTS.host,
    port: port ?? DEFAULTS.port,
    ...(qiPublicKey !== undefined ? { qiPublicKey } : {}),
    ...(verify !== undefined ? { verify } : {}),
    ...(tolerance !== undefined ? { timestampToleranceSeconds: tolerance } : {}),
    ...(env.QI_API_CLIENT_KEY ? { expectedApiClientKey: env.QI_API_CLIENT_KEY } : {}),
    ...(signingKey !== undefined ? { signingKey } : {}),
    ...(env.API_CLIENT_KEY ? { apiClientKey: env.API_CLIENT_KEY } : {}),
    ...(env.WEBHOOK_PATH ? { webhookPath: env.WEBHOOK_PATH } : {}),
    ...(bodyLimit !== undefined ? { bodyLimit } : {}),
    ...(handlerTimeoutMs !== undefined ? { handlerTimeoutMs } : {}),
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL === 'silent' ? false : env.LOG_LEVEL } : {}),
    ...(holidays !== undefined || beneficiary !== undefined
      ? { paymentQuery: { ...(holidays ? { holidays } : {}), ...(beneficiary ? { beneficiary } : {}) } }
      : {}),
  }
  return validateServerOptions(options)
}
