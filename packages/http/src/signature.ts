/**
 * QI's webhook signature (domain.md §1.5): the `Authorization` header is a compact ES512 JWT whose claims
 * bind the request: `payload_md5` (hex MD5 of the body), `timestamp` (ISO-8601 UTC), `method`, `uri`.
 *
 * Cheap checks (header shape, claims, md5, timestamp) run before the ECDSA verification (about 1.2 ms of
 * CPU), so garbage costs nothing; the signature is checked last but always, before anything is stored.
 */
import { createHash, type KeyObject } from 'node:crypto'
import { parseIsoMicros } from '@boleto/core'
import { compactVerify } from 'jose'
import { type KeyInput, loadPublicKey } from './keys.js'
import { pythonJsonDumps } from './python-json.js'

export type VerificationFailureReason =
  | 'missing_authorization'
  | 'malformed_token'
  | 'unsupported_algorithm'
  | 'missing_claim'
  | 'method_mismatch'
  | 'uri_mismatch'
  | 'payload_md5_mismatch'
  | 'invalid_timestamp'
  | 'stale_timestamp'
  | 'api_client_key_mismatch'
  | 'bad_signature'

export const VERIFICATION_FAILURE_REASONS: readonly VerificationFailureReason[] = [
  'missing_authorization',
  'malformed_token',
  'unsupported_algorithm',
  'missing_claim',
  'method_mismatch',
  'uri_mismatch',
  'payload_md5_mismatch',
  'invalid_timestamp',
  'stale_timestamp',
  'api_client_key_mismatch',
  'bad_signature',
]

export interface QiClaims {
  readonly payload_md5: string
  readonly timestamp: string
  readonly method: string
  readonly uri: string
  readonly [claim: string]: unknown
}

/** Which bytes `payload_md5` matched: the raw body, or a Python `json.dumps` re-serialisation of it. */
export type Md5Variant = 'raw' | 'python' | 'python_unicode'

export type VerifyResult =
  | { readonly ok: true; readonly claims: QiClaims; readonly md5: Md5Variant }
  | { readonly ok: false; readonly reason: VerificationFailureReason; readonly message: string }

export interface VerifyRequest {
  readonly authorization: string | undefined
  readonly apiClientKey: string | undefined
  readonly method: string
  /** Path and query as received (`/webhooks/qitech`). */
  readonly url: string
  readonly body: Uint8Array
}

export interface VerifierOptions {
  /** QI's public key; several during a key rotation (any one may verify). */
  readonly publicKey: KeyInput | readonly KeyInput[]
  /** Accepted distance between `timestamp` and now, either way. `Infinity` disables the check. */
  readonly toleranceSeconds: number
  /** Extra `uri` values to accept (the public path behind a proxy that rewrites it). */
  readonly acceptedUris?: readonly string[]
  /** When set, the `API-CLIENT-KEY` header must equal it. */
  readonly expectedApiClientKey?: string | undefined
  /** Epoch milliseconds; injectable for tests. */
  readonly now?: () => number
}

export interface Verifier {
  verify(request: VerifyRequest): Promise<VerifyResult>
}

const fail = (reason: VerificationFailureReason, message: string): VerifyResult => ({
  ok: false,
  reason,
  message,
})

/** Pure. Hex MD5. */
export const md5Hex = (bytes: Uint8Array | string): string => createHash('md5').update(bytes).digest('hex')

/** Pure. The claims and header of a compact JWS, unverified, or null when it is not one. */
export const peekJwt = (
  token: string,
): { header: Record<string, unknown>; claims: Record<string, unknown> } | null => {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] === '' || parts[1] === '' || parts[2] === '') return null
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'))
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'))
    if (typeof header !== 'object' || header === null || typeof claims !== 'object' || claims === null)
      return null
    return { header: header as Record<string, unknown>, claims: claims as Record<string, unknown> }
  } catch {
    return null
  }
}

/** Pure. The token of an `Authorization` header: bare, or after `Bearer `. */
export const tokenOf = (authorization: string | undefined): string | null => {
  if (authorization === undefined) return null
  const value = authorization.trim()
  const token = /^bearer\s+/i.test(value) ? value.replace(/^bearer\s+/i, '') : value
  return token === '' ? null : token
}

const pathOf = (url: string): string => {
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

/** Pure. Whether the `uri` claim names the request: same path (and query), or an absolute URL to it. */
export const uriMatches = (claim: string, url: string, accepted: readonly string[]): boolean => {
  if (claim === url || claim === pathOf(url) || accepted.includes(claim)) return true
  if (/^https?:\/\//i.test(claim)) {
    try {
      const u = new URL(claim)
      const target = u.pathname + u.search
      return target === url || u.pathname === pathOf(url) || accepted.includes(u.pathname)
    } catch {
      return false
    }
  }
  return false
}

/** Pure. Which body variant the claimed md5 matches, or null. The Python variants are tried only on a miss. */
export const matchMd5 = (claimed: string, body: Uint8Array): Md5Variant | null => {
  const expected = claimed.toLowerCase()
  if (md5Hex(body) === expected) return 'raw'
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    return null
  }
  const ascii = pythonJsonDumps(text, true)
  if (ascii !== null && md5Hex(ascii) === expected) return 'python'
  const unicode = pythonJsonDumps(text, false)
  if (unicode !== null && unicode !== ascii && md5Hex(unicode) === expected) return 'python_unicode'
  return null
}

export const createVerifier = (options: VerifierOptions): Verifier => {
  const inputs: readonly KeyInput[] = Array.isArray(options.publicKey)
    ? options.publicKey
    : [options.publicKey as KeyInput]
  if (inputs.length === 0) throw new Error('qiPublicKey: no key given')
  const keys: KeyObject[] = inputs.map((k, i) =>
    loadPublicKey(k, inputs.length > 1 ? `qiPublicKey[${i}]` : 'qiPublicKey'),
  )
  const tolerance = options.toleranceSeconds
  const accepted = options.acceptedUris ?? []
  const now = options.now ?? Date.now
  const expectedClient = options.expectedApiClientKey

  return {
    async verify(request) {
      const token = tokenOf(request.authorization)
      if (token === null) return fail('missing_authorization', 'the Authorization header is missing')
      if (expectedClient !== undefined && request.apiClientKey !== expectedClient)
        return fail('api_client_key_mismatch', 'the API-CLIENT-KEY header does not match')
      const peeked = peekJwt(token)
      if (peeked === null) return fail('malformed_token', 'the Authorization header is not a compact JWT')
      if (peeked.header.alg !== 'ES512')
        return fail('unsupported_algorithm', `alg must be ES512, got ${String(peeked.header.alg)}`)
      const { claims } = peeked
      for (const claim of ['payload_md5', 'timestamp', 'method', 'uri'] as const)
        if (typeof claims[claim] !== 'string') return fail('missing_claim', `claim ${claim} is missing`)
      const c = claims as unknown as QiClaims
      if (c.method.toUpperCase() !== request.method.toUpperCase())
        return fail('method_mismatch', `method claim ${c.method} does not match ${request.method}`)
      if (!uriMatches(c.uri, request.url, accepted))
        return fail('uri_mismatch', `uri claim ${c.uri} does not match ${request.url}`)
      const micros = parseIsoMicros(c.timestamp)
      if (micros === null) return fail('invalid_timestamp', `timestamp claim ${c.timestamp} is not ISO-8601`)
      if (Number.isFinite(tolerance) && Math.abs(now() - micros / 1000) > tolerance * 1000)
        return fail('stale_timestamp', `timestamp ${c.timestamp} is outside the ${tolerance} s tolerance`)
      const md5 = matchMd5(c.payload_md5, request.body)
      if (md5 === null) return fail('payload_md5_mismatch', 'payload_md5 does not match the body')
      let verified = false
      for (const key of keys) {
        try {
          await compactVerify(token, key, { algorithms: ['ES512'] })
          verified = true
          break
        } catch {
          // try the next key (rotation), else fail below
        }
      }
      if (!verified)
        return fail('bad_signature', 'the signature does not verify with the configured public key')
      return { ok: true, claims: c, md5 }
    },
  }
}
