import { existsSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BANK_SLIP_STATUSES,
  LEGACY_WEBHOOK_TYPE,
  OCCURRENCE_STATUSES,
  OCCURRENCE_TYPES,
  PAYMENT_METHODS,
  PAYMENT_ORIGINS,
  WEBHOOK_TYPES,
} from '../domain/vocabulary.js'
import { validHistoryArb, webhookBodyArb } from '../testing/arbitraries.js'
import { SEED_WEBHOOKS } from '../testing/seeds.js'
import { parseIsoMicros } from './datetime.js'
import { decodeWebhook } from './decode.js'
import { commonMicrosAt, scanAny, scanCompact, scanWebhook } from './scan.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const utf8 = (text: string): Uint8Array => encoder.encode(text)

/**
 * Checks scanWebhook's contract on `bytes[start, end)`: null, or exactly what JSON.parse + decodeWebhook give
 * (deep-equal and the same JSON text); always null when the text is not JSON. Returns whether it scanned.
 */
const agrees = (bytes: Uint8Array, start = 0, end = bytes.length): boolean => {
  const scanned = scanWebhook(bytes, start, end)
  let body: unknown
  try {
    body = JSON.parse(decoder.decode(bytes.subarray(start, end)))
  } catch {
    expect(scanned).toBeNull()
    return false
  }
  if (scanned === null) return false
  const decoded = decodeWebhook(body)
  expect(decoded.ok).toBe(true)
  if (!decoded.ok) return false
  expect(scanned).toEqual(decoded.value)
  expect(JSON.stringify(scanned)).toBe(JSON.stringify(decoded.value))
  return true
}

const whitespaceArb = fc
  .array(fc.constantFrom(' ', '\t', '\n', '\r'), { maxLength: 3 })
  .map((chars) => chars.join(''))

/** A JSON object's text from its members' texts, with random whitespace wherever JSON allows it. */
const objectTextArb = (members: readonly (readonly [string, string])[]): fc.Arbitrary<string> =>
  fc
    .array(whitespaceArb, { minLength: members.length * 4 + 2, maxLength: members.length * 4 + 2 })
    .map((ws) => {
      let w = 0
      const parts = members.map(
        ([key, value]) => `${ws[w++]}${JSON.stringify(key)}${ws[w++]}:${ws[w++]}${value}${ws[w++]}`,
      )
      return `{${ws[w++]}${parts.join(',')}${members.length === 0 ? ws[w++] : ''}}`
    })

/** A body's members in shuffled order, the nested `data` included, as text with random whitespace. */
const shuffledTextArb = (body: Record<string, unknown>): fc.Arbitrary<string> => {
  const entries = (o: Record<string, unknown>) => Object.entries(o)
  return fc
    .tuple(
      fc.shuffledSubarray(entries(body), { minLength: entries(body).length }),
      fc.shuffledSubarray(entries(body.data as Record<string, unknown>), {
        minLength: entries(body.data as Record<string, unknown>).length,
      }),
    )
    .chain(([outer, inner]) =>
      objectTextArb(inner.map(([k, v]) => [k, JSON.stringify(v)] as const)).chain((dataText) =>
        objectTextArb(outer.map(([k, v]) => [k, k === 'data' ? dataText : JSON.stringify(v)] as const)),
      ),
    )
}

/** Bodies of the common shape: known values only, money with at most two decimals. */
const commonBodyArb = validHistoryArb({ maxLength: 6 }).chain((steps) =>
  fc.constantFrom(...steps.map((s) => s.body)),
)

const NUMBER_TEXT = /^-?(0|[1-9][0-9]{0,17})(\.[0-9]{1,4})?([eE][+-]?[0-9]{1,3})?$/
const amountTextArb = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 10_000_000 }).map((c) => JSON.stringify(c / 100)) },
  { weight: 1, arbitrary: fc.stringMatching(NUMBER_TEXT) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'null',
      '"12.34"',
      '"abc"',
      'true',
      '[]',
      '{}',
      '0',
      '-0',
      '-0.00',
      '1.005',
      '1E2',
    ),
  },
)

const stringTextArb = fc.oneof(
  { weight: 4, arbitrary: fc.uuid().map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }).map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: fc.constantFrom('null', '""', '"\\u0041"', '"a\\"b"', '17', 'true', '{}') },
)

const enumTextArb = (values: readonly string[]) =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom(...values).map((s) => JSON.stringify(s)) },
    { weight: 1, arbitrary: stringTextArb },
  )

const datetimeTextArb = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') })
      .map((ms) => JSON.stringify(new Date(ms).toISOString())),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '"2024-08-13T21:35:55.679123Z"',
      '"2024-08-13T21:35:55"',
      '"2024-08-13 21:35:55.679"',
      '"2024-08-13T21:35:55.679-03:00"',
      '"2024-08-13"',
      '"2024-02-30T00:00:00Z"',
      '"yesterday"',
      '" 2024-08-13T21:35:55.679Z"',
    ),
  },
  { weight: 1, arbitrary: stringTextArb },
)

const DATA_FIELD_TEXTS: readonly (readonly [string, fc.Arbitrary<string>])[] = [
  [
    'bank_slip_key',
    fc.oneof({ weight: 6, arbitrary: fc.uuid().map((s) => JSON.stringify(s)) }, stringTextArb),
  ],
  ['bank_slip_status', enumTextArb(BANK_SLIP_STATUSES)],
  ['occurrence_key', stringTextArb],
  ['occurrence_type', enumTextArb(OCCURRENCE_TYPES)],
  ['occurrence_status', enumTextArb(OCCURRENCE_STATUSES)],
  ['paid_amount', amountTextArb],
  ['paid_rebate_amount', amountTextArb],
  ['paid_discount_amount', amountTextArb],
  ['paid_fine_amount', amountTextArb],
  ['paid_interest_amount', amountTextArb],
  ['payment_method', enumTextArb(PAYMENT_METHODS)],
  ['payment_origin', enumTextArb(PAYMENT_ORIGINS)],
  ['payment_credit_date', fc.oneof(fc.constant('"2024-08-01"'), stringTextArb)],
]

/**
 * Members of `fields`, each present or not (absent once in `presence`), in any order, sometimes with an unknown
 * one.
 */
const membersArb = (
  fields: readonly (readonly [string, fc.Arbitrary<string>])[],
  presence: number,
): fc.Arbitrary<(readonly [string, string])[]> =>
  fc
    .tuple(
      fc.tuple(
        ...fields.map(([key, value]) =>
          fc.option(
            value.map((v) => [key, v] as const),
            { freq: presence, nil: undefined },
          ),
        ),
      ),
      fc.oneof(
        { weight: 8, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.tuple(fc.constantFrom('extra', 'occurrence_feedback', '__proto__'), stringTextArb),
        },
      ),
    )
    .chain(([members, extra]) => {
      const present = members.filter((m) => m !== undefined)
      if (extra !== undefined) present.push(extra)
      return fc.shuffledSubarray(present, { minLength: present.length })
    })

/** Webhook texts around the fast subset: every field, nulls, absences, odd values, any order and spacing. */
const webhookTextArb: fc.Arbitrary<string> = membersArb(DATA_FIELD_TEXTS, 12)
  .chain(objectTextArb)
  .chain((dataText) =>
    membersArb(
      [
        [
          'webhook_type',
          fc.oneof(
            { weight: 8, arbitrary: fc.constantFrom(...WEBHOOK_TYPES).map((s) => JSON.stringify(s)) },
            { weight: 1, arbitrary: fc.constant(JSON.stringify(LEGACY_WEBHOOK_TYPE)) },
            { weight: 1, arbitrary: stringTextArb },
          ),
        ],
        ['webhook_datetime', datetimeTextArb],
        ['data', fc.oneof({ weight: 12, arbitrary: fc.constant(dataText) }, stringTextArb)],
      ],
      20,
    ),
  )
  .chain(objectTextArb)

const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/** The layout scanCompact reads: compact, in decode.ts's order, some data fields left out or null. */
const orderedBodyArb = commonBodyArb.chain((body) => {
  const data = body.data as Record<string, unknown>
  return fc
    .tuple(...Object.keys(data).map(() => fc.constantFrom('keep', 'keep', 'keep', 'drop', 'null')))
    .map((choices) => {
      const kept: Record<string, unknown> = {}
      Object.keys(data).forEach((key, k) => {
        const choice = key === 'bank_slip_key' ? 'keep' : choices[k]
        if (choice !== 'drop') kept[key] = choice === 'null' ? null : data[key]
      })
      return JSON.stringify({ ...body, data: kept })
    })
})

describe('scanWebhook', () => {
  it('scans every common body exactly as JSON.parse + decodeWebhook, whatever the order and spacing', () => {
    fc.assert(
      fc.property(commonBodyArb.chain(shuffledTextArb), (text) => {
        expect(agrees(utf8(text))).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })

  it('scans the compact JSON.stringify of common bodies', () => {
    fc.assert(
      fc.property(commonBodyArb, (body) => {
        expect(agrees(utf8(JSON.stringify(body)))).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })

  it('is null or equal to decode for generated webhook texts, field by field', () => {
    let scanned = 0
    fc.assert(
      fc.property(webhookTextArb, (text) => {
        if (agrees(utf8(text))) scanned++
      }),
      { numRuns: 3000 },
    )
    // Not vacuous: a good share of the texts is inside the fast subset.
    expect(scanned).toBeGreaterThan(100)
  })

  it('is null or equal to decode for any webhook body of the testing arbitraries', () => {
    fc.assert(
      fc.property(webhookBodyArb(), (body) => {
        agrees(utf8(JSON.stringify(body)))
      }),
      { numRuns: 1000 },
    )
  })

  const INTERESTING_BYTES = [
    0x5c, 0x22, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x20, 0x09, 0x0a, 0x30, 0x35, 0x2e, 0x2d, 0x2b, 0x65,
    0x45, 0x6e, 0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xa9, 0xe2, 0xff,
  ]
  const byteArb = fc.oneof(fc.constantFrom(...INTERESTING_BYTES), fc.integer({ min: 0, max: 255 }))
  type Mutation = (bytes: number[]) => number[]
  const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
    fc.tuple(fc.nat(), byteArb).map(
      ([at, byte]): Mutation =>
        (bytes) => {
          const copy = [...bytes]
          copy.splice(at % (bytes.length + 1), 0, byte)
          return copy
        },
    ),
    fc.nat().map(
      (at): Mutation =>
        (bytes) => {
          const copy = [...bytes]
          copy.splice(at % bytes.length, 1)
          return copy
        },
    ),
    fc.tuple(fc.nat(), byteArb).map(
      ([at, byte]): Mutation =>
        (bytes) => {
          const copy = [...bytes]
          copy[at % bytes.length] = byte
          return copy
        },
    ),
    fc.tuple(fc.nat(), fc.constantFrom(0xc3, 0xa9)).map(
      ([at, byte]): Mutation =>
        (bytes) => {
          // A two-byte UTF-8 letter (é) or half of one.
          const copy = [...bytes]
          copy.splice(at % (bytes.length + 1), 0, ...(byte === 0xc3 ? [0xc3, 0xa9] : [byte]))
          return copy
        },
    ),
    fc
      .constantFrom(
        '"webhook_type":"baas.bank_slip.occurrence",',
        '"webhook_datetime":"2024-08-13T21:35:55.679Z",',
        '"data":{"bank_slip_key":"k"},',
        '"bank_slip_key":"other",',
        '"occurrence_key":null,',
        '"paid_amount":1.5,',
        '"extra":1,',
      )
      .map(
        (member): Mutation =>
          (bytes) => {
            // A duplicate (or unknown) member just inside the first or the nested object.
            const text = decoder.decode(Uint8Array.from(bytes))
            const inData =
              member.startsWith('"bank') || member.startsWith('"occ') || member.startsWith('"paid')
            const at = inData ? text.indexOf('{', 1) + 1 : text.indexOf('{') + 1
            return [...utf8(text.slice(0, at) + member + text.slice(at))]
          },
      ),
    fc
      .constantFrom(',"paid_amount":null', ',"occurrence_key":null', ',"bank_slip_status":null', ',"x":1')
      .map(
        (member): Mutation =>
          (bytes) => {
            // A duplicate (or unknown) member at the end of `data`, which holds no braces of its own: JSON.parse
            // keeps the last of duplicates.
            const text = decoder.decode(Uint8Array.from(bytes))
            const at = text.indexOf('}', text.indexOf('{', text.indexOf('"data"')))
            return at < 0 ? bytes : [...utf8(text.slice(0, at) + member + text.slice(at))]
          },
      ),
    fc.constantFrom(' x', ',', '}', ' {}', '\u00a0', '\n\n', ' 1', ',"webhook_datetime":null').map(
      (tail): Mutation =>
        (bytes) => [...bytes, ...utf8(tail)],
    ),
  )

  it('answers null, never throwing, for texts that are not JSON, and is otherwise null or equal', () => {
    fc.assert(
      fc.property(
        commonBodyArb.chain(shuffledTextArb),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        (text, mutations) => {
          const bytes = mutations.reduce((b, mutate) => mutate(b), [...utf8(text)])
          agrees(Uint8Array.from(bytes))
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('reads only bytes[start, end) of a larger buffer', () => {
    fc.assert(
      fc.property(
        fc.oneof(commonBodyArb.chain(shuffledTextArb), webhookTextArb),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        (text, before, after) => {
          const line = utf8(text)
          const buffer = new Uint8Array(before.length + line.length + after.length)
          buffer.set(before)
          buffer.set(line, before.length)
          buffer.set(after, before.length + line.length)
          const alone = scanWebhook(line, 0, line.length)
          const inside = scanWebhook(buffer, before.length, before.length + line.length)
          expect(inside).toEqual(alone)
          expect(JSON.stringify(inside)).toBe(JSON.stringify(alone))
          agrees(buffer, before.length, before.length + line.length)
          // A view into a larger buffer too.
          const view = buffer.subarray(before.length > 0 ? 1 : 0)
          const shift = before.length > 0 ? 1 : 0
          expect(
            JSON.stringify(scanWebhook(view, before.length - shift, before.length - shift + line.length)),
          ).toBe(JSON.stringify(alone))
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('answers null for ranges outside the buffer', () => {
    const line = utf8(JSON.stringify(SEED_WEBHOOKS[0]!.body))
    expect(scanWebhook(line, 0, line.length)).not.toBeNull()
    expect(scanWebhook(line, -1, line.length)).toBeNull()
    expect(scanWebhook(line, 0, line.length + 1)).toBeNull()
    expect(scanWebhook(line, 5, 4)).toBeNull()
    expect(scanWebhook(line, 3, 3)).toBeNull()
    expect(scanWebhook(line, 0, line.length - 1)).toBeNull()
  })

  it('scans every seed example, compact, indented and as the seed page prints it', () => {
    for (const seed of SEED_WEBHOOKS) {
      const compact = JSON.stringify(seed.body)
      const indented = JSON.stringify(seed.body, null, 2)
      const page = JSON.stringify(seed.body, null, 1).replace(/\n +/g, '\n')
      const crlf = JSON.stringify(seed.body, null, '\t').replace(/\n/g, '\r\n')
      for (const text of [compact, indented, page, crlf]) expect(agrees(utf8(text)), seed.name).toBe(true)
    }
  })

  const seedPage = new URL('../../../../../shared/seeds/boleto-webhooks.zh.txt', import.meta.url)
  it.skipIf(!existsSync(seedPage))('scans the bodies of the seed page verbatim', () => {
    const lines = readFileSync(seedPage, 'utf8').split('\n')
    const bodies: string[] = []
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] !== '{') continue
      let depth = 0
      let j = i
      for (; j < lines.length; j++) {
        depth += (lines[j]!.match(/\{/g) ?? []).length - (lines[j]!.match(/\}/g) ?? []).length
        if (depth === 0) break
      }
      bodies.push(lines.slice(i, j + 1).join('\n'))
      i = j
    }
    expect(bodies.length).toBeGreaterThanOrEqual(SEED_WEBHOOKS.length)
    for (const body of bodies) expect(agrees(utf8(body)), body).toBe(true)
  })

  const payment = JSON.stringify(SEED_WEBHOOKS.find((s) => s.name === 'payment')!.body)
  const withAmount = (amount: string) => payment.replace(/"paid_amount":[^,]*/, `"paid_amount":${amount}`)

  it('converts amounts as decode does from Number(text), and leaves inexact ones to it', () => {
    const cents = (amount: string) =>
      scanWebhook(utf8(withAmount(amount)), 0, utf8(withAmount(amount)).length)
    for (const [amount, expected] of [
      ['850', 85000],
      ['850.5', 85050],
      ['0.10', 10],
      ['0.0', 0],
      ['-0', 0],
      ['-0.00', 0],
      ['-12.34', -1234],
      ['1E2', 10000],
      ['1.5e1', 1500],
      ['1.230', 123],
      ['1234567890123.45', 123456789012345],
      ['12345678901234.5', 1234567890123450],
    ] as const) {
      expect(agrees(utf8(withAmount(amount))), amount).toBe(true)
      expect(cents(amount)?.payment?.paidAmountCents, amount).toBe(expected)
      expect(Object.is(cents(amount)?.payment?.paidAmountCents, -0), amount).toBe(false)
    }
    for (const amount of ['1.005', '1e-7', '1e400', '01', '1.', '.5', '+1', '1e', '"850.00"', 'NaN']) {
      expect(cents(amount), amount).toBeNull()
      agrees(utf8(withAmount(amount)))
    }
  })

  it('leaves everything outside the fast subset to the decoder', () => {
    const base = JSON.parse(payment) as Record<string, unknown> & { data: Record<string, unknown> }
    const cases: Record<string, unknown>[] = [
      { ...base, webhook_type: LEGACY_WEBHOOK_TYPE },
      { ...base, webhook_type: 'baas.bank_slip.hologram' },
      { ...base, extra: 1 },
      { ...base, data: { ...base.data, new_field: 'v' } },
      { ...base, data: { ...base.data, bank_slip_status: 'levitating' } },
      { ...base, data: { ...base.data, bank_slip_key: '' } },
      { ...base, data: { ...base.data, occurrence_key: 5 } },
      { ...base, data: { ...base.data, occurrence_key: 'ação' } },
      { ...base, data: { ...base.data, occurrence_key: 'a"b' } },
      { ...base, webhook_datetime: 'yesterday' },
      { ...base, webhook_datetime: null },
      { webhook_type: base.webhook_type, data: base.data },
      { webhook_type: base.webhook_type, webhook_datetime: base.webhook_datetime },
    ]
    for (const body of cases) expect(scanWebhook(...span(JSON.stringify(body)))).toBeNull()
    const escapedKey = payment.replace('"bank_slip_key"', '"\\u0062ank_slip_key"')
    expect(JSON.parse(escapedKey).data.bank_slip_key).toBeDefined()
    expect(scanWebhook(...span(escapedKey))).toBeNull()
    expect(scanWebhook(...span(payment.replace('{', '{"data":{},')))).toBeNull()
  })

  it('keeps null fields as decode does, payment included when only a payment field is null', () => {
    const texts = [
      '{"webhook_type":"baas.bank_slip.occurrence","webhook_datetime":"2024-08-13T21:35:55.679Z","data":{"bank_slip_key":"k"}}',
      '{"webhook_type":"baas.bank_slip.occurrence","webhook_datetime":"2024-08-13T21:35:55.679Z","data":{"bank_slip_key":"k","payment_origin":null}}',
      '{"data":{"occurrence_key":null,"bank_slip_status":null,"bank_slip_key":"k","paid_fine_amount":null},"webhook_datetime":"2024-08-13","webhook_type":"baas.bank_slip.payment"}',
    ]
    for (const text of texts) expect(agrees(utf8(text)), text).toBe(true)
    expect(scanWebhook(...span(texts[1]!))?.payment).not.toBeNull()
  })

  describe('scanCompact (the fast path for the usual layout)', () => {
    it('reads every compact body in decode order, exactly as JSON.parse + decodeWebhook', () => {
      fc.assert(
        fc.property(orderedBodyArb, (text) => {
          const bytes = utf8(text)
          const compact = scanCompact(bytes, viewOf(bytes), 0, bytes.length)
          // Not vacuous: the fast path itself answers.
          expect(compact).not.toBeNull()
          expect(agrees(bytes)).toBe(true)
          expect(JSON.stringify(compact)).toBe(JSON.stringify(scanWebhook(bytes, 0, bytes.length)))
          expect(compact).toEqual(scanAny(bytes, viewOf(bytes), 0, bytes.length))
        }),
        { numRuns: 1000 },
      )
    })

    it('is null or what the general scanner gives, for generated and mutated texts', () => {
      let answered = 0
      const compactOf = (bytes: Uint8Array) => {
        const compact = scanCompact(bytes, viewOf(bytes), 0, bytes.length)
        if (compact === null) return
        answered++
        const any = scanAny(bytes, viewOf(bytes), 0, bytes.length)
        expect(compact).toEqual(any)
        expect(JSON.stringify(compact)).toBe(JSON.stringify(any))
        expect(agrees(bytes)).toBe(true)
      }
      fc.assert(
        fc.property(
          fc.oneof(
            orderedBodyArb,
            webhookTextArb.map((t) => t.replace(/[ \t\r\n]+(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '')),
          ),
          fc.array(mutationArb, { maxLength: 2 }),
          (text, mutations) => {
            compactOf(Uint8Array.from(mutations.reduce((b, mutate) => mutate(b), [...utf8(text)])))
          },
        ),
        { numRuns: 4000 },
      )
      expect(answered).toBeGreaterThan(500)
    })
  })

  describe('commonMicrosAt', () => {
    const digitsArb = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n })
    /** Datetimes of the common shapes, every digit free (out-of-range fields too), sometimes a byte changed. */
    const datetimeArb = fc
      .tuple(
        digitsArb(14),
        fc.constantFrom('', '.', '.'),
        fc.constantFrom(3, 6, 0, 1, 4, 7),
        digitsArb(7),
        fc.constantFrom('Z', 'z', '', '+03:00', ' '),
        fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0x20, max: 0x7e })), { freq: 3 }),
      )
      .map(([d, dot, fractionDigits, f, zone, change]) => {
        const text = `${d[0]}${d[1]}${d[2]}${d[3]}-${d[4]}${d[5]}-${d[6]}${d[7]}T${d[8]}${d[9]}:${d[10]}${d[11]}:${d[12]}${d[13]}${dot ? `.${f.slice(0, fractionDigits).join('')}` : ''}${zone}`
        if (change === null) return text
        const at = change[0] % text.length
        return text.slice(0, at) + String.fromCharCode(change[1]) + text.slice(at + 1)
      })
    const isoArb = fc
      .integer({ min: Date.parse('0001-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59Z') })
      .map((ms) => new Date(ms).toISOString())

    it('is parseIsoMicros on the bytes of printable-ASCII texts, wherever it answers', () => {
      let answered = 0
      fc.assert(
        fc.property(
          fc.oneof(
            datetimeArb,
            isoArb,
            fc.string({
              unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
              maxLength: 30,
            }),
          ),
          fc.uint8Array({ maxLength: 3 }),
          (text, before) => {
            const bytes = new Uint8Array(before.length + text.length + 1)
            bytes.set(before)
            bytes.set(utf8(text), before.length)
            // A closing quote after it, as in a line.
            bytes[bytes.length - 1] = 0x22
            const micros = commonMicrosAt(bytes, before.length, before.length + text.length)
            if (micros === undefined) return
            answered++
            expect(micros).toBe(parseIsoMicros(text))
          },
        ),
        { numRuns: 5000 },
      )
      expect(answered).toBeGreaterThan(1000)
    })

    it('reads the shapes QI sends', () => {
      for (const text of [
        '2024-08-13T21:35:55.679Z',
        '2024-08-13T21:35:55.679123Z',
        '2024-08-13T21:35:55',
        '2024-02-29T23:59:60Z',
        '2023-02-29T00:00:00Z',
        '2024-13-01T00:00:00',
      ]) {
        const micros = commonMicrosAt(utf8(text), 0, text.length)
        expect(micros, text).not.toBeUndefined()
        expect(micros, text).toBe(parseIsoMicros(text))
      }
    })
  })
})

const span = (text: string): [Uint8Array, number, number] => {
  const bytes = utf8(text)
  return [bytes, 0, bytes.length]
}
