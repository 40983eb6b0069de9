/**
 * QI's older protocol (domain.md §1.5): the receiver answers with `{"encoded_body": "<JWT>"}`, the JWT's
 * payload being the acknowledgement itself, and an `Authorization` header signed with the receiver's own
 * key whose claims bind that response body the way QI's request header binds the request.
 */
import type { KeyObject } from 'node:crypto'
import { SignJWT } from 'jose'
import { type KeyInput, loadPrivateKey } from './keys.js'
import { md5Hex } from './signature.js'

export interface AckSignerOptions {
  readonly signingKey: KeyInput
  /** Our integration's id, sent back as `API-CLIENT-KEY`. */
  readonly apiClientKey?: string | undefined
  readonly now?: () => number
}

export interface SignedAck {
  /** The JSON text to send. */
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
}

export interface AckSigner {
  sign(ack: Readonly<Record<string, unknown>>, method: string, uri: string): Promise<SignedAck>
}

export const createAckSigner = (options: AckSignerOptions): AckSigner => {
  const key: KeyObject = loadPrivateKey(options.signingKey)
  const now = options.now ?? Date.now
  return {
    async sign(ack, method, uri) {
      const encoded = await new SignJWT({ ...ack }).setProtectedHeader({ alg: 'ES512', typ: 'JWT' }).sign(key)
      const body = JSON.stringify({ encoded_body: encoded })
      const authorization = await new SignJWT({
        payload_md5: md5Hex(body),
        timestamp: new Date(now()).toISOString(),
        method,
        uri,
      })
        .setProtectedHeader({ alg: 'ES512', typ: 'JWT' })
        .sign(key)
      const headers: Record<string, string> = { authorization }
      if (options.apiClientKey !== undefined) headers['api-client-key'] = options.apiClientKey
      return { body, headers }
    },
  }
}
