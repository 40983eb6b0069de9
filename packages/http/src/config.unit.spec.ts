import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { QI_KEYS } from './__fixtures__/app.js'
import { configFromEnv } from './config.js'
import { storeKind } from './store.js'

describe('configFromEnv', () => {
  it('has defaults', () => {
    expect(configFromEnv({})).toEqual({ db: './boleto.db', host: '127.0.0.1', port: 3000 })
  })

  it('reads every variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boleto-cfg-'))
    const file = join(dir, 'qi.pem')
    writeFileSync(file, QI_KEYS.publicPem)
    const options = configFromEnv({
      BOLETO_DB: 'postgres://postgres@127.0.0.1:5432/test',
      PORT: '8080',
      HOST: '0.0.0.0',
      QI_PUBLIC_KEY_FILE: file,
      TIMESTAMP_TOLERANCE_SECONDS: 'off',
      QI_API_CLIENT_KEY: 'qi-client',
      BODY_LIMIT: '4096',
      HANDLER_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'debug',
      HOLIDAYS: '2024-01-25, 2024-07-09',
      BENEFICIARY_NAME: 'ACME',
      BENEFICIARY_DOCUMENT: '12345678000199',
    })
    expect(options).toMatchObject({
      db: 'postgres://postgres@127.0.0.1:5432/test',
      port: 8080,
      host: '0.0.0.0',
      qiPublicKey: QI_KEYS.publicPem,
      timestampToleranceSeconds: Number.POSITIVE_INFINITY,
      expectedApiClientKey: 'qi-client',
      bodyLimit: 4096,
      handlerTimeoutMs: 5000,
      logLevel: 'debug',
      paymentQuery: {
        holidays: ['2024-01-25', '2024-07-09'],
        beneficiary: { name: 'ACME', document_number: '12345678000199', person_type: 'legal' },
      },
    })
    expect(storeKind(options.db!)).toBe('postgres')
  })

  it('reads several QI key files during a rotation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boleto-cfg-'))
    writeFileSync(join(dir, 'a.pem'), 'A')
    writeFileSync(join(dir, 'b.pem'), 'B')
    expect(
      configFromEnv({ QI_PUBLIC_KEY_FILE: `${join(dir, 'a.pem')},${join(dir, 'b.pem')}` }).qiPublicKey,
    ).toEqual(['A', 'B'])
  })

  it('turns verification off only when asked', () => {
    expect(configFromEnv({ VERIFY: 'off' }).verify).toBe(false)
    expect(configFromEnv({ VERIFY: 'on' }).verify).toBe(true)
  })

  it('names the bad variable', () => {
    expect(() => configFromEnv({ PORT: 'eighty' })).toThrow(/PORT must be a number/)
    expect(() => configFromEnv({ QI_PUBLIC_KEY_FILE: '/nope/missing.pem' })).toThrow(
      /QI_PUBLIC_KEY_FILE: cannot read/,
    )
  })

  it('tells a SQLite path from a PostgreSQL URL', () => {
    expect(storeKind('./boleto.db')).toBe('sqlite')
    expect(storeKind('postgresql://u@h/db')).toBe('postgres')
  })
})
