import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deliveryArb, validHistoriesArb, webhookBodyArb } from '../testing/arbitraries.js'
import { compactSlipJson, writeCompactSlip, writeSlipMember } from './compact-json.js'
import { JsonBytes, JsonText, jsonPiece } from './json-bytes.js'
import { replay } from './replay.js'

const decoder = new TextDecoder()
const textOf = (out: JsonBytes): string => decoder.decode(out.bytes.subarray(0, out.length))

/** Numbers at every edge of the integer path: signs, zero's sign, 32-bit limits, fractions, not finite. */
const numberArb = fc.oneof(
  fc.integer(),
  fc.integer({ min: -(2 ** 31) - 2, max: -(2 ** 31) + 2 }),
  fc.integer({ min: 2 ** 31 - 2, max: 2 ** 31 + 2 }),
  fc.double(),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER, 1e21, 5e-324),
)
const stringArb = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.uuid(),
  fc.string({ unit: 'grapheme' }),
)

describe('JsonBytes', () => {
  it('writes every value exactly as JSON.stringify does, as UTF-8, growing from any size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(numberArb, stringArb, fc.jsonValue(), fc.constant(null), fc.boolean()), {
          maxLength: 20,
        }),
        fc.integer({ min: 1, max: 64 }),
        (values, initial) => {
          const bytes = new JsonBytes(new Uint8Array(initial))
          const text = new JsonText()
          bytes.raw('[')
          text.raw('[')
          for (const [i, v] of values.entries()) {
            if (i > 0) {
              bytes.raw(',')
              text.raw(',')
            }
            bytes.value(v)
            text.value(v)
          }
          bytes.raw(']')
          text.raw(']')
          expect(textOf(bytes)).toBe(JSON.stringify(values))
          expect(text.text).toBe(JSON.stringify(values))
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('writes pieces between other tokens as their text, at any offset, growing from any size', () => {
    const asciiJsonArb = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 40,
    })
    const tokenArb = fc.oneof(
      asciiJsonArb.map((text) => ({ piece: jsonPiece(text) })),
      stringArb.map((string) => ({ string })),
    )
    fc.assert(
      fc.property(
        fc.array(tokenArb, { maxLength: 30 }),
        fc.integer({ min: 1, max: 64 }),
        (tokens, initial) => {
          const bytes = new JsonBytes(new Uint8Array(initial))
          const text = new JsonText()
          let expected = ''
          for (const token of tokens)
            if ('piece' in token) {
              bytes.piece(token.piece)
              text.piece(token.piece)
              expected += token.piece.text
            } else {
              bytes.string(token.string)
              text.string(token.string)
              expected += JSON.stringify(token.string)
            }
          expect(textOf(bytes)).toBe(expected)
          expect(text.text).toBe(expected)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('refuses a piece that is not printable ASCII', () => {
    expect(() => jsonPiece('"é"')).toThrow(/not printable ASCII/)
    expect(() => jsonPiece('"\u007f"')).toThrow(/not printable ASCII/)
    expect(jsonPiece('').text).toBe('')
  })

  it('writes a boleto report byte for byte as its compact JSON text, one after another', () => {
    const bodiesArb = fc.oneof(
      validHistoriesArb({ maxSlips: 4, maxLength: 6 }).chain((slips) =>
        deliveryArb(slips.flat().map((s) => s.body)),
      ),
      fc.array(webhookBodyArb({ bankSlipKey: 'k"é' }), { maxLength: 8 }),
    )
    fc.assert(
      fc.property(bodiesArb, fc.boolean(), (bodies, strict) => {
        const out = new JsonBytes(new Uint8Array(16))
        let expected = ''
        for (const slip of Object.values(replay(bodies, { strict }).slips)) {
          writeCompactSlip(slip, out)
          expected += compactSlipJson(slip)
        }
        expect(textOf(out)).toBe(expected)
        // As members of the report's `slips`, the key written once and copied, as text and as bytes; a report
        // under another key (not one the replay makes) too.
        const members = new JsonBytes(new Uint8Array(8))
        const membersText = new JsonText()
        let expectedMembers = ''
        for (const [key, slip] of Object.entries(replay(bodies, { strict }).slips))
          for (const [k, r] of [
            [key, slip],
            [`${key}*`, slip],
          ] as const) {
            writeSlipMember(k, r, members)
            writeSlipMember(k, r, membersText)
            expectedMembers += `${JSON.stringify(k)}:${compactSlipJson(r)}`
          }
        expect(textOf(members)).toBe(expectedMembers)
        expect(membersText.text).toBe(expectedMembers)
        // Starting again writes over what was there.
        out.reset()
        out.raw('{}')
        expect(textOf(out)).toBe('{}')
      }),
      { numRuns: 500 },
    )
  })
})
