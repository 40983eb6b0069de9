import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SEED_WEBHOOKS } from '@boleto/core/testing/seeds'
import { afterAll, describe, expect, it } from 'vitest'
import { warmUp } from './warm-up.js'

const dir = mkdtempSync(join(tmpdir(), 'boleto-warm-up-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const withFile = (name: string, text: string, run: (fd: number) => void): void => {
  const path = join(dir, name)
  writeFileSync(path, text)
  const fd = openSync(path, 'r')
  try {
    run(fd)
  } finally {
    closeSync(fd)
  }
}

describe('warmUp', () => {
  const webhooks = SEED_WEBHOOKS.map((w) => JSON.stringify(w.body))
  const log = Array.from({ length: 400 }, (_, i) =>
    i % 50 === 7
      ? '{"bad json'
      : i % 10 === 3
        ? `{"received_at":"2024-08-01T00:00:00Z","body":${webhooks[i % webhooks.length]}}`
        : webhooks[i % webhooks.length]!,
  ).join('\n')

  it('replays samples of a log, bad lines and records included, without throwing', () => {
    withFile('log.jsonl', `${log}\n`, (fd) => {
      // 16 spots of 16 KiB over ~30 KB: overlapping samples, each of whole lines.
      expect(warmUp(fd, 0, Number.POSITIVE_INFINITY, {})).toBeGreaterThan(400)
      expect(warmUp(fd, 1000, 20_000, { strict: true, slip: 'x' })).toBeGreaterThan(0)
    })
  })

  it('replays nothing from what has no whole line to sample: empty, past the end, one long line, a directory', () => {
    withFile('empty.jsonl', '', (fd) => expect(warmUp(fd, 0, Number.POSITIVE_INFINITY, {})).toBe(0))
    withFile('short.jsonl', `${webhooks[0]}\n`, (fd) => {
      expect(warmUp(fd, 0, Number.POSITIVE_INFINITY, {})).toBe(0)
      expect(warmUp(fd, 10_000, 20_000, {})).toBe(0)
    })
    withFile('long.jsonl', `${'x'.repeat(100_000)}\n`, (fd) =>
      expect(warmUp(fd, 0, Number.POSITIVE_INFINITY, {})).toBe(0),
    )
    const fd = openSync(dir, 'r')
    try {
      expect(warmUp(fd, 0, Number.POSITIVE_INFINITY, {})).toBe(0)
    } finally {
      closeSync(fd)
    }
  })
})
