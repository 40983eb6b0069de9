/** Test helpers: a P-521 key pair and QI-style signed requests (ES512 JWT over the body's md5). */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { SignJWT } from 'jose'

export interface KeyPair {
  readonly publicKey: KeyObject
  readonly privateKey: KeyObject
  readonly publicPem: string
  readonly privateSec1Pem: string
}

export const p521 = (): KeyPair => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
  return {
    publicKey,
    privateKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateSec1Pem: privateKey.export({ type: 'sec1', format: 'pem' }).toString(),
  }
}

export const md5 = (bytes: string | Uint8Array): string => createHash('md5').update(bytes).digest('hex')

export interface SignOptions {
  readonly method?: string
  readonly uri?: string
  readonly timestamp?: string
  /** Override the md5 claim (default: md5 of the body). */
  readonly payloadMd5?: string
  readonly omit?: readonly string[]
  readonly alg?: string
}

export const signBody = async (
  privateKey: KeyObject,
  body: string | Uint8Array,
  options: SignOptions = {},
): Promise<string> => {
  const claims: Record<string, unknown> = {
    payload_md5: options.payloadMd5 ?? md5(body),
    timestamp: options.timestamp ?? new Date().toISOString(),
    method: options.method ?? 'POST',
    uri: options.uri ?? '/webhooks/qitech',
  }
  for (const k of options.omit ?? []) delete claims[k]
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES512', typ: 'JWT' }).sign(privateKey)
}

export const API_CLIENT_KEY = '0c8c1b6e-6f5b-4c1d-9a53-3b4c5d6e7f80'

/** Inject-ready request options for a signed webhook. */
export const signedRequest = async (
  privateKey: KeyObject,
  body: string | Buffer,
  options: SignOptions & { readonly url?: string } = {},
): Promise<{
  method: 'POST'
  url: string
  headers: Record<string, string>
  payload: string | Buffer
}> => ({
  method: 'POST',
  url: options.url ?? '/webhooks/qitech',
  headers: {
    authorization: await signBody(privateKey, body, options),
    'api-client-key': API_CLIENT_KEY,
    'content-type': 'application/json',
  },
  payload: body,
})
