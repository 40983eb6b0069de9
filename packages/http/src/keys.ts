/**
 * Key loading for QI's ES512 protocol. QI's keys are made with `openssl ecparam -name secp521r1 -genkey`
 * (SEC1 "BEGIN EC PRIVATE KEY") and `openssl ec -pubout` (SPKI "BEGIN PUBLIC KEY"); some integrations pass
 * "BEGIN EC PUBLIC KEY" or a JWK. Everything becomes a node:crypto KeyObject, which jose accepts, and is
 * checked to be P-521 up front so a wrong key fails at start rather than on every webhook.
 */
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'

/** A key as configured: PEM text, a JWK (object or JSON text), or a KeyObject. */
export type KeyInput = string | JsonWebKey | KeyObject

const P521_COORDINATE_BYTES = 66

const isKeyObject = (k: unknown): k is KeyObject =>
  typeof k === 'object' &&
  k !== null &&
  (k as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'KeyObject'

const pemBody = (pem: string): Buffer =>
  Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64')

/** "BEGIN EC PUBLIC KEY": either an SPKI under a non-standard label or a bare uncompressed point. */
const ecPublicKeyPem = (pem: string): KeyObject => {
  const der = pemBody(pem)
  try {
    return createPublicKey({ key: der, format: 'der', type: 'spki' })
  } catch {
    if (der.length !== 1 + 2 * P521_COORDINATE_BYTES || der[0] !== 0x04)
      throw new Error('EC PUBLIC KEY is neither an SPKI structure nor an uncompressed P-521 point')
    const x = der.subarray(1, 1 + P521_COORDINATE_BYTES).toString('base64url')
    const y = der.subarray(1 + P521_COORDINATE_BYTES).toString('base64url')
    return createPublicKey({ key: { kty: 'EC', crv: 'P-521', x, y }, format: 'jwk' })
  }
}

const asJwk = (input: string | JsonWebKey): JsonWebKey | null => {
  if (typeof input !== 'string') return input
  const text = input.trim()
  if (!text.startsWith('{')) return null
  const parsed: unknown = JSON.parse(text)
  if (typeof parsed !== 'object' || parsed === null) throw new Error('JWK text is not a JSON object')
  return parsed as JsonWebKey
}

const requireP521 = (key: KeyObject, what: string): KeyObject => {
  const curve = key.asymmetricKeyDetails?.namedCurve
  if (key.asymmetricKeyType !== 'ec' || curve !== 'secp521r1')
    throw new Error(
      `${what} must be an EC P-521 (secp521r1) key for ES512, got ${key.asymmetricKeyType} ${curve ?? ''}`.trim(),
    )
  return key
}

/** The public key QI signs with. A private key is accepted too (its public half is used). */
export const loadPublicKey = (input: KeyInput, what = 'qiPublicKey'): KeyObject => {
  try {
    if (isKeyObject(input))
      return requireP521(input.type === 'private' ? createPublicKey(input) : input, what)
    const jwk = asJwk(input)
    if (jwk !== null) {
      const { d: _private, ...publicPart } = jwk
      return requireP521(createPublicKey({ key: publicPart, format: 'jwk' }), what)
    }
    const pem = input as string
    if (pem.includes('BEGIN EC PUBLIC KEY')) return requireP521(ecPublicKeyPem(pem), what)
    return requireP521(createPublicKey(pem), what)
  } catch (error) {
    throw new Error(`${what}: cannot load the key (${(error as Error).message})`)
  }
}

/** Our own signing key (signed acknowledgements): PEM SEC1 or PKCS8, or a private JWK. */
export const loadPrivateKey = (input: KeyInput, what = 'signingKey'): KeyObject => {
  try {
    if (isKeyObject(input)) {
      if (input.type !== 'private') throw new Error('a private key is required')
      return requireP521(input, what)
    }
    const jwk = asJwk(input)
    if (jwk !== null) {
      if (typeof jwk.d !== 'string') throw new Error('the JWK has no private part (d)')
      return requireP521(createPrivateKey({ key: jwk, format: 'jwk' }), what)
    }
    return requireP521(createPrivateKey(input as string), what)
  } catch (error) {
    throw new Error(`${what}: cannot load the key (${(error as Error).message})`)
  }
}
