/**
 * @boleto/http: QI Tech webhook intake (ES512-verified on the raw bytes, durable before 2xx), the boleto
 * query and command API, QI's payment query, as a Fastify 5 plugin and a standalone server.
 */

export {
  type BoletoPluginOptions,
  configFromEnv,
  DEFAULTS,
  OptionsError,
  type PartyOption,
  type PaymentQueryOptions,
  type ServerOptions,
  validatePluginOptions,
} from './config.js'
export { domainEnvelope, ERRORS, type ErrorCode, type ErrorEnvelope, envelope, HttpError } from './errors.js'
export { type KeyInput, loadPrivateKey, loadPublicKey } from './keys.js'
export { LINE_INDEX_EVENT_TYPE, LINE_INDEX_STREAM, lineIndexId } from './line-index.js'
export { createMetrics, type IntakeResult, type Metrics } from './metrics.js'
export { buildOpenApi } from './openapi.js'
export { type BoletoDecoration, boletoPlugin } from './plugin.js'
export { pythonFloatRepr, pythonJsonDumps } from './python-json.js'
export {
  QUARANTINE_EVENT_TYPE,
  QUARANTINE_STREAM,
  type QuarantineData,
  type QuarantineItem,
  quarantineId,
} from './quarantine.js'
export { type BoletoServer, createServer, requestIdOf } from './server.js'
export {
  createVerifier,
  type Md5Variant,
  matchMd5,
  md5Hex,
  type QiClaims,
  VERIFICATION_FAILURE_REASONS,
  type VerificationFailureReason,
  type Verifier,
  type VerifierOptions,
  type VerifyRequest,
  type VerifyResult,
} from './signature.js'
export { type AckSigner, createAckSigner, type SignedAck } from './signed-ack.js'
export { openStore, storeKind } from './store.js'
