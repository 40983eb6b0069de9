import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keyHash } from '@boleto/core/replay'
import { SEED_WEBHOOKS } from '@boleto/core/testing/seeds'
import { afterAll, describe, expect, it } from 'vitest'
import { madeLines, warmUp } from './warm-up.js'

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

describe('madeLines', () => {
  const body = SEED_WEBHOOKS.map((w) => w.body).find((b) => JSON.stringify(b).includes('bank_slip_key'))!
  const lines = (made: Buffer | null): string[] =>
    made === null ? [] : made.toString().trimEnd().split('\n')

  it('makes, from a bare body or a record, cut lines, other shapes and boletos for the rare paths', () => {
    const bare = lines(madeLines(JSON.stringify(body)))
    expect(lines(madeLines(JSON.stringify({ received_at: '2024-08-01T00:00:00Z', body })))).toEqual(bare)
    const compact = JSON.stringify(body)
    // Cut short every few bytes, from the start to the end.
    expect(bare.filter((l) => compact.startsWith(l) && l !== compact).length).toBeGreaterThan(
      compact.length / 10,
    )
    const parsed = bare.flatMap((l) => {
      try {
        return [JSON.parse(l) as { body?: unknown; data?: Record<string, unknown> }]
      } catch {
        return []
      }
    })
    const keys = parsed.flatMap((p) =>
      typeof p.data?.bank_slip_key === 'string' ? [p.data.bank_slip_key] : [],
    )
    // Two made keys share their hash; a run of 20 and one of 3 share all but their last characters.
    const byHash = new Map<number, string[]>()
    for (const key of new Set(keys)) byHash.set(keyHash(key), [...(byHash.get(keyHash(key)) ?? []), key])
    expect([...byHash.values()].some((same) => same.length === 2)).toBe(true)
    expect(keys.filter((k) => k.startsWith('00000000-0000-4000-8000-0000000001')).length).toBe(20)
    expect(keys.filter((k) => k.startsWith('ffffffff-')).length).toBe(3)
    expect(parsed.some((p) => p.body !== undefined)).toBe(true)
    expect(parsed.some((p) => p.data !== undefined && !('bank_slip_status' in p.data))).toBe(true)
    expect(bare).toContain('not json')
  })

  it('cuts a long line only near its start', () => {
    const long = JSON.stringify({
      ...body,
      data: { ...(body as { data: object }).data, note: 'x'.repeat(20_000) },
    })
    const made = lines(madeLines(long))
    expect(made.length).toBeLessThan(250)
    expect(made.reduce((n, l) => n + l.length, 0)).toBeLessThan(2_000_000)
  })

  it('makes nothing from a line that is no webhook with a key', () => {
    for (const line of ['', 'not json', '[1]', '{"data":{}}', '{"body":{"data":{"bank_slip_key":1}}}'])
      expect(madeLines(line)).toBeNull()
  })
})
