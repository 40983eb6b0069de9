/**
 * A realistic synthetic webhook log, for the 1-million-line test and the replay benchmark: boletos living
 * through several plausible histories, interleaved as a receiver would log them, with QI's delivery
 * faults (re-sends with later `webhook_datetime`s, late arrivals), some lines in the record format, and
 * optionally malformed lines and lost events. Deterministic for a seed; writes about 100 MB/s.
 */
import { closeSync, openSync, writeSync } from 'node:fs'

export interface GenerateLogOptions {
  /** Approximate number of lines (the last boletos are completed, so it may overshoot by a few). */
  readonly lines: number
  readonly seed?: number
  /** Share of events QI sends again later (same occurrence, later `webhook_datetime`). */
  readonly duplicateRate?: number
  /** Share of events that arrive late (after events logged after them). */
  readonly reorderRate?: number
  /** Share of lines written as `{received_at, headers, body}` records. */
  readonly recordRate?: number
  /** Insert one malformed line every this many lines (0: never). */
  readonly badLineEvery?: number
  /** Share of boletos that lose one event of their history (never delivered). */
  readonly missingRate?: number
  /** Boletos in flight at once: how much histories interleave. */
  readonly concurrent?: number
}

export interface GeneratedLog {
  readonly lines: number
  readonly bytes: number
  /** Lines holding a decodable webhook (originals and re-sends). */
  readonly events: number
  readonly duplicates: number
  readonly badLines: number
  readonly boletos: number
  /** Final status per boleto, counted; exact when `missingRate` is 0. */
  readonly byStatus: Readonly<Record<string, number>>
}

type Step = readonly [occurrenceType: string, status: string, webhookType?: string]

const OCC = 'baas.bank_slip.occurrence'
const NOTICE = 'baas.bank_slip.payment_notice'
const PAYMENT = 'baas.bank_slip.payment'

/** Histories and how often each happens (weights). */
const HISTORIES: ReadonlyArray<readonly [number, readonly Step[]]> = [
  [
    30,
    [
      ['registration', 'registered'],
      ['payment_notice', 'payment_notice', NOTICE],
      ['payment', 'paid', PAYMENT],
    ],
  ],
  [
    20,
    [
      ['registration', 'registered'],
      ['payment', 'paid', PAYMENT],
    ],
  ],
  [
    10,
    [
      ['registration', 'registered'],
      ['rebate', 'registered'],
      ['extension', 'registered'],
      ['payment_notice', 'payment_notice', NOTICE],
      ['payment', 'paid', PAYMENT],
    ],
  ],
  [
    12,
    [
      ['registration', 'registered'],
      ['write_off', 'written_off'],
    ],
  ],
  [
    6,
    [
      ['registration', 'registered'],
      ['protest_request', 'payment_blocked'],
      ['notary_office_entry', 'payment_blocked'],
      ['protest_write_off', 'written_off'],
    ],
  ],
  [
    5,
    [
      ['registration', 'registered'],
      ['protest_request', 'payment_blocked'],
      ['protest_cancel_request', 'registered'],
      ['payment', 'paid', PAYMENT],
    ],
  ],
  [4, [['registration', 'rejected']]],
  [
    13,
    [
      ['registration', 'registered'],
      ['discount', 'registered'],
      ['fine', 'registered'],
    ],
  ],
]
const TOTAL_WEIGHT = HISTORIES.reduce((n, [w]) => n + w, 0)

const BAD_LINES = [
  '{"webhook_type":"baas.bank_slip.occurrence","webhook_datetime":"2024-08-13T21:35:55.679Z","data":{"bank_sl',
  '[1,2,3]',
  'not json at all',
  '{"webhook_type":"baas.bank_slip.occurrence","data":{"bank_slip_status":"registered"}}',
]

/** mulberry32: small, fast, good enough for test data. */
const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const hex8 = (n: number): string =>
  HEX[(n >>> 24) & 255]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!

interface Boleto {
  readonly key: string
  readonly steps: readonly Step[]
  readonly occurrenceKeys: readonly string[]
  readonly amount: number
  next: number
}

interface Pending {
  readonly due: number
  readonly text: string
  /** An original whose re-send is scheduled when it is written. */
  readonly resend: string | null
}

/** Generates the log into `path`. Synchronous: it is test and benchmark set-up. */
export const generateLog = (path: string, options: GenerateLogOptions): GeneratedLog => {
  const random = prng(options.seed ?? 42)
  const duplicateRate = options.duplicateRate ?? 0.03
  const reorderRate = options.reorderRate ?? 0.02
  const recordRate = options.recordRate ?? 0.1
  const badLineEvery = options.badLineEvery ?? 0
  const missingRate = options.missingRate ?? 0
  const concurrent = options.concurrent ?? 64
  const uuid = (): string => {
    const a = hex8(random() * 4294967296)
    const b = hex8(random() * 4294967296)
    const c = hex8(random() * 4294967296)
    const d = hex8(random() * 4294967296)
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-a${c.slice(1, 4)}-${c.slice(4)}${d}`
  }
  const int = (n: number): number => Math.floor(random() * n)

  let clock = Date.UTC(2024, 7, 1)
  let lines = 0
  let bytes = 0
  let events = 0
  let duplicates = 0
  let badLines = 0
  let boletos = 0
  const byStatus: Record<string, number> = {}

  const newBoleto = (): Boleto => {
    let pick = int(TOTAL_WEIGHT)
    let steps: readonly Step[] = HISTORIES[0]![1]
    for (const [weight, history] of HISTORIES) {
      if (pick < weight) {
        steps = history
        break
      }
      pick -= weight
    }
    const last = steps[steps.length - 1]!
    byStatus[last[1]] = (byStatus[last[1]] ?? 0) + 1
    if (steps.length > 1 && random() < missingRate) {
      const dropped = 1 + int(steps.length - 1)
      steps = steps.filter((_, i) => i !== dropped)
    }
    boletos++
    return {
      key: uuid(),
      steps,
      occurrenceKeys: steps.map(() => uuid()),
      amount: 1000 + int(500_000),
      next: 0,
    }
  }

  const body = (b: Boleto, i: number, at: number): string => {
    const [type, status, webhookType = OCC] = b.steps[i]!
    const occurrenceStatus = status === 'rejected' ? 'rejected' : 'confirmed'
    const payment =
      webhookType === PAYMENT
        ? `,"paid_amount":${(b.amount / 100).toFixed(2)},"paid_rebate_amount":0.0,"paid_discount_amount":0.0,"paid_fine_amount":0.0,"paid_interest_amount":0.0,"payment_method":"cash","payment_origin":"internet","payment_credit_date":"${new Date(at).toISOString().slice(0, 10)}"`
        : ''
    return `{"webhook_type":"${webhookType}","webhook_datetime":"${new Date(at).toISOString()}","data":{"bank_slip_key":"${b.key}","bank_slip_status":"${status}","occurrence_key":"${b.occurrenceKeys[i]}","occurrence_type":"${type}","occurrence_status":"${occurrenceStatus}"${payment}}}`
  }

  const line = (text: string, at: number): string =>
    random() < recordRate
      ? `{"received_at":"${new Date(at + 120).toISOString()}","headers":{"api-client-key":"5f0c8d52-7e3a-4f7e-9a5b-1d2c3e4f5a6b"},"body":${text}}`
      : text

  const fd = openSync(path, 'w')
  // Everything generated is ASCII: written straight into one buffer, no intermediate strings or joins.
  const out = Buffer.allocUnsafe(4 * 1024 * 1024)
  let used = 0
  const flush = (): void => {
    writeSync(fd, out, 0, used)
    bytes += used
    used = 0
  }
  const emit = (text: string): void => {
    if (used + text.length + 1 > out.length) flush()
    used += out.write(text, used, 'latin1')
    out[used++] = 10
    lines++
  }

  const pending: Pending[] = []
  const writeEvent = (p: { text: string; resend: string | null }): void => {
    emit(p.text)
    events++
    if (p.resend !== null) pending.push({ due: lines + 1 + int(400), text: p.resend, resend: null })
    if (badLineEvery > 0 && lines % badLineEvery === 0) {
      emit(BAD_LINES[badLines % BAD_LINES.length]!)
      badLines++
    }
  }
  const drain = (all: boolean): void => {
    for (let i = 0; i < pending.length; ) {
      const p = pending[i]!
      if (all || p.due <= lines) {
        pending.splice(i, 1)
        writeEvent(p)
      } else i++
    }
  }

  const active: Boleto[] = []
  for (let i = 0; i < concurrent; i++) active.push(newBoleto())
  // Stop opening new boletos early enough that completing the open ones lands near the requested count.
  const budget = options.lines - concurrent * 1.5
  while (active.length > 0) {
    const slot = int(active.length)
    const b = active[slot]!
    clock += 1 + int(2000)
    const at = clock
    const text = line(body(b, b.next, at), at)
    const isResent = random() < duplicateRate
    const resend = isResent ? line(body(b, b.next, at + 30_000 + int(600_000)), at) : null
    if (isResent) duplicates++
    b.next++
    if (b.next >= b.steps.length) {
      if (lines + pending.length < budget) active[slot] = newBoleto()
      else active.splice(slot, 1)
    }
    if (random() < reorderRate) pending.push({ due: lines + 1 + int(200), text, resend })
    else writeEvent({ text, resend })
    if (pending.length > 0) drain(false)
  }
  drain(true)
  flush()
  closeSync(fd)
  return { lines, bytes, events, duplicates, badLines, boletos, byStatus }
}
