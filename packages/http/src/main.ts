/**
 * `node dist/main.js`: the standalone server configured from the environment (see `configFromEnv`).
 * Exits 0 after a graceful shutdown on SIGTERM/SIGINT, 1 when it cannot start.
 */
import { configFromEnv } from './config.js'
import { createServer } from './server.js'

try {
  const server = await createServer(configFromEnv(process.env))
  await server.listen()
} catch (error) {
  console.error(`boleto http: cannot start: ${(error as Error).message}`)
  process.exit(1)
}
