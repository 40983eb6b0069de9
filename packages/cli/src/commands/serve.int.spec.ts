import { spawn } from 'node:child_process'
import { PassThrough, Writable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { assertBuilt, BIN, runCli, tempDir, webhook } from '../__fixtures__/harness.js'
import { runServe } from './serve.js'

const tmp = tempDir()
beforeAll(assertBuilt)
afterAll(() => tmp.cleanup())

it('serves webhooks and shuts down gracefully on SIGTERM (exit 0)', async () => {
  const db = tmp.file('serve.db')
  const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0', '--no-verify'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address: ${stderr}`)), 60_000)
    child.stderr.on('data', (text: string) => {
      stderr += text
      const match = /serving on (http:\/\/\S+)/.exec(stderr)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  const response = await fetch(`${address}/webhooks/qitech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(webhook('k-serve', 'o1', 'registration', 'registered', '2024-08-01T10:00:00.000Z')),
  })
  expect(response.status).toBe(200)
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
  expect(stderr).toContain('SIGTERM: shutting down')
  // What was acknowledged is stored: importing the same webhook again is a duplicate.
  const again = tmp.file(
    'again.jsonl',
    `${JSON.stringify(webhook('k-serve', 'o1', 'registration', 'registered', '2024-08-01T10:00:00.000Z'))}\n`,
  )
  const run = await runCli(['import', again, '--db', db, '--json'])
  expect(JSON.parse(run.stdout)).toMatchObject({ stored: 0, duplicates: 1 })
})

it('handles SIGINT from before it says it serves (a signal sent on that line is never fatal)', async () => {
  const before = process.listenerCount('SIGINT')
  let handledWhenAnnounced: number | null = null
  let stderr = ''
  const io = {
    stdout: new PassThrough(),
    stdin: new PassThrough(),
    env: { LOG_LEVEL: 'silent' },
    stderr: new Writable({
      write(chunk, _enc, done) {
        const text = chunk.toString()
        stderr += text
        if (text.includes('serving on')) {
          handledWhenAnnounced = process.listenerCount('SIGINT')
          // As a supervisor would, the moment it reads the line.
          process.emit('SIGINT', 'SIGINT')
        }
        done()
      },
    }),
  }
  const code = await runServe({ db: tmp.file('in-process.db'), port: 0, verify: false }, true, {
    io,
    setExit: () => {},
  })
  expect(code).toBe(0)
  expect(handledWhenAnnounced).toBe(before + 1)
  expect(stderr).toContain('SIGINT: shutting down')
  expect(process.listenerCount('SIGINT')).toBe(before)
})

it('without a QI key runs unverified and warns; with VERIFY=on it refuses to start (exit 2)', async () => {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', tmp.file('warn.db'), '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'silent', VERIFY: '', QI_PUBLIC_KEY_FILE: '', QI_PUBLIC_KEY: '' },
  })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start: ${stderr}`)), 60_000)
    child.stderr.on('data', (text: string) => {
      stderr += text
      if (stderr.includes('serving on')) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  expect(stderr).toContain('WARNING: no QI public key')
  expect(stderr).toContain('signature verification OFF')
  child.kill('SIGINT')
  expect(await exited).toBe(0)

  const refused = await runCli(['serve', '--db', tmp.file('x.db'), '--port', '0'], {
    env: { LOG_LEVEL: 'silent', VERIFY: 'on' },
  })
  expect(refused.code).toBe(2)
  expect(refused.stderr).toContain('qiPublicKey is required')
  const key = await runCli(['serve', '--qi-public-key', tmp.file('missing.pem'), '--port', '0'])
  expect(key.code).toBe(2)
  expect(key.stderr).toContain('--qi-public-key: cannot read')
})
