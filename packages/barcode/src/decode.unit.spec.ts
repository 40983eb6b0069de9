import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DECODE_ERROR_CODES,
  type DecodedBank,
  type DecodedConvenio,
  type DecodeError,
  type DecodeErrorCode,
  type DecodeResult,
  decode,
  factorFromDueDate,
  format,
  mod10,
  toBarcode,
  toDigitableLine,
} from './index.js'
import { barcodeArb, digitableLineArb, withSeparatorsArb } from './testing/arbitraries.js'
import {
  type BankParts,
  buildBankBarcode,
  buildConvenioBarcode,
  type ConvenioParts,
} from './testing/generate.js'
import {
  QI_WORKED_EXAMPLE,
  SANDBOX_BANK_LINES,
  SANDBOX_CONVENIO_LINES,
  SANDBOX_IPP000014_LINE,
} from './testing/sandbox.js'

const REF = { referenceDate: '2025-06-01' }

const bankParts: BankParts = {
  bankCode: '341',
  dueDateFactor: factorFromDueDate('2025-07-10'),
  amountCents: 123456,
  freeField: '1090000000000319423780123',
}
const convenioParts: ConvenioParts = {
  segment: 2,
  valueIdentifier: 8,
  value: 4111,
  companyId: '0097',
  freeField: '2019050800015476320190002',
}
const bankLine = (parts: Partial<BankParts> = {}): string =>
  toDigitableLine(buildBankBarcode({ ...bankParts, ...parts }))
const convenioLine = (parts: Partial<ConvenioParts> = {}): string =>
  toDigitableLine(buildConvenioBarcode({ ...convenioParts, ...parts }))
/** A barcode built from parts, bypassing `toDigitableLine` (which refuses invalid ones). */
const rawBank = (parts: Partial<BankParts> = {}): string => buildBankBarcode({ ...bankParts, ...parts })
const rawConvenio = (parts: Partial<ConvenioParts>): string =>
  buildConvenioBarcode({ ...convenioParts, ...parts })

const put = (s: string, i: number, c: string): string => s.slice(0, i) + c + s.slice(i + 1)
const valid = (r: DecodeResult): DecodedBank | DecodedConvenio => {
  if (!r.valid) throw new Error(`expected valid, got ${JSON.stringify(r.error)}`)
  return r
}
const bank = (r: DecodeResult): DecodedBank => {
  const v = valid(r)
  if (v.kind !== 'bank') throw new Error('expected a bank boleto')
  return v
}
const convenio = (r: DecodeResult): DecodedConvenio => {
  const v = valid(r)
  if (v.kind !== 'convenio') throw new Error('expected a convênio')
  return v
}
const errorOf = (r: DecodeResult): DecodeError => {
  if (r.valid) throw new Error(`expected an error, got a valid ${r.kind}`)
  return r.error
}

describe('QI examples', () => {
  it("decodes QI's worked example: bank 318, 835.48, due 2020-08-02", () => {
    const r = bank(decode(QI_WORKED_EXAMPLE.digitableLine, { referenceDate: '2020-08-05' }))
    expect(r).toEqual({
      valid: true,
      kind: 'bank',
      form: 'digitableLine',
      barcode: '31893833500000835480005050500512130021164946',
      digitableLine: '31890005025050051213700211649462383350000083548',
      amountCents: 83548,
      openAmount: false,
      dueDate: '2020-08-02',
      generalCheckDigit: 3,
      bankCode: '318',
      currencyCode: '9',
      dueDateFactor: 8335,
      freeField: '0005050500512130021164946',
    })
    expect(decode(QI_WORKED_EXAMPLE.barcode, { referenceDate: '2020-08-01' })).toEqual({
      ...r,
      form: 'barcode',
    })
  })

  it.each(SANDBOX_BANK_LINES)('decodes sandbox bank line %s', (line) => {
    const r = bank(decode(line, { referenceDate: '2024-01-01' }))
    expect(r.bankCode).toBe('329')
    expect(r.digitableLine).toBe(line)
    expect(decode(r.barcode, { referenceDate: '2024-01-01' })).toEqual({ ...r, form: 'barcode' })
  })

  it('reads the sandbox bank lines field by field', () => {
    const [first] = SANDBOX_BANK_LINES
    expect(bank(decode(first, { referenceDate: '2024-01-01' }))).toMatchObject({
      amountCents: 63958,
      dueDateFactor: 9509,
      dueDate: '2023-10-20',
      barcode: '32995950900000639580001090002109870286498210',
    })
    expect(bank(decode(SANDBOX_BANK_LINES[3], { referenceDate: '2024-01-01' })).amountCents).toBe(1_000_000)
  })

  it.each(SANDBOX_CONVENIO_LINES)('decodes sandbox convênio line %s', (line) => {
    const r = convenio(decode(line, REF))
    expect(r.digitableLine).toBe(line)
    expect(r.valueIdentifier).toBe(8)
    expect(r.checkDigitModulus).toBe(11)
    expect(decode(r.barcode, REF)).toEqual({ ...r, form: 'barcode' })
  })

  it('reads the sandbox convênio lines field by field', () => {
    expect(convenio(decode(SANDBOX_CONVENIO_LINES[0], REF))).toMatchObject({
      barcode: '82830000000411100972019050800015476320190002',
      segment: 2,
      segmentName: 'sanitation',
      valueKind: 'effective',
      amountCents: 4111,
      value: 4111,
      companyId: '0097',
      freeField: '2019050800015476320190002',
      dueDate: null,
    })
    // General DV 0 from remainder 0 or 1 under the convênio rule: the bank rule would demand 1 and reject it.
    expect(convenio(decode(SANDBOX_CONVENIO_LINES[1], REF))).toMatchObject({
      generalCheckDigit: 0,
      segment: 3,
    })
  })

  it('decodes the line the sandbox answers with IPP000014 as valid: that answer is a sandbox business rule', () => {
    const r = convenio(decode(SANDBOX_IPP000014_LINE, REF))
    expect(r).toMatchObject({ segment: 5, segmentName: 'government', amountCents: 33500, companyId: '0064' })
  })

  it('agrees with examples from other libraries', () => {
    // brazilian-utils' documentation: a telecom convênio with modulo-10 check digits, and a Banco do Brasil line.
    expect(convenio(decode('846100000005246100291102005460339004695895061080', REF))).toMatchObject({
      segment: 4,
      valueIdentifier: 6,
      checkDigitModulus: 10,
      amountCents: 2461,
    })
    expect(
      bank(decode('0019000009 01149.718601 68524.522114 6 75860000102656', { referenceDate: '2025-06-15' })),
    ).toMatchObject({
      bankCode: '001',
      amountCents: 102656,
      dueDate: '2018-07-15',
    })
  })
})

describe('input forms and separators', () => {
  it('accepts the printed masks, spaces, dots, hyphens and surrounding whitespace', () => {
    const line = QI_WORKED_EXAMPLE.digitableLine
    const expected = decode(line, REF)
    for (const input of [
      '31890.00502 50500.512137 00211.649462 3 83350000083548',
      '31890.00502  50500.512137  00211.649462  3  83350000083548',
      '31890-00502 50500-512137 00211-649462-3-83350000083548',
      ` \t${line}\r\n`,
      `${line.slice(0, 20)}\u00a0${line.slice(20)}`,
    ]) {
      expect(decode(input, REF)).toEqual(expected)
    }
    const printed = '82830000000-7 41110097201-3 90508000154-6 76320190002-8'
    expect(decode(printed, REF)).toEqual(decode(SANDBOX_CONVENIO_LINES[0], REF))
  })

  it('decodes any valid line or barcode with separators anywhere exactly as without them', () => {
    fc.assert(
      fc.property(withSeparatorsArb(fc.oneof(digitableLineArb(), barcodeArb())), (input) => {
        const digits = input.replace(/[^0-9]/g, '')
        expect(decode(input, { referenceDate: '2025-06-01' })).toEqual(decode(digits, REF))
      }),
      { numRuns: 2000 },
    )
  })

  it('tells the form it was given, and gives both forms back', () => {
    fc.assert(
      fc.property(barcodeArb(), (barcode) => {
        const fromBarcode = valid(decode(barcode, REF))
        const fromLine = valid(decode(fromBarcode.digitableLine, REF))
        expect(fromBarcode.form).toBe('barcode')
        expect(fromLine.form).toBe('digitableLine')
        expect(fromLine).toEqual({ ...fromBarcode, form: 'digitableLine' })
        expect(fromLine.barcode).toBe(barcode)
        expect(fromLine.digitableLine).toHaveLength(fromLine.kind === 'bank' ? 47 : 48)
      }),
      { numRuns: 3000 },
    )
  })
})

describe('bank boletos', () => {
  it('reads every part', () => {
    expect(bank(decode(bankLine(), REF))).toMatchObject({
      bankCode: '341',
      currencyCode: '9',
      dueDate: '2025-07-10',
      amountCents: 123456,
      openAmount: false,
      freeField: '1090000000000319423780123',
    })
  })

  it('zero amount is an open amount: amountCents null, openAmount true', () => {
    expect(bank(decode(bankLine({ amountCents: 0 }), REF))).toMatchObject({
      amountCents: null,
      openAmount: true,
    })
  })

  it('factor 0000 means no due date', () => {
    expect(bank(decode(bankLine({ dueDateFactor: 0 }), REF))).toMatchObject({
      dueDateFactor: 0,
      dueDate: null,
    })
    expect(bank(decode(bankLine({ dueDateFactor: 0 }), { referenceDate: '2099-01-01' })).dueDate).toBeNull()
  })

  it('resolves factors on both sides of the 2025-02-22 reset against reference dates before and after it', () => {
    const before = bankLine({ dueDateFactor: factorFromDueDate('2025-02-21') }) // factor 9999
    const reset = bankLine({ dueDateFactor: factorFromDueDate('2025-02-22') }) // factor 1000
    const after = bankLine({ dueDateFactor: factorFromDueDate('2025-03-10') }) // factor 1016
    for (const referenceDate of ['2024-11-01', '2025-02-21', '2025-02-22', '2025-09-01']) {
      expect(bank(decode(before, { referenceDate })).dueDate).toBe('2025-02-21')
      expect(bank(decode(reset, { referenceDate })).dueDate).toBe('2025-02-22')
      expect(bank(decode(after, { referenceDate })).dueDate).toBe('2025-03-10')
    }
    // The same factor 1000 named 2000-07-03 for a reference date in 2005.
    expect(bank(decode(reset, { referenceDate: '2005-01-01' })).dueDate).toBe('2000-07-03')
  })

  it('rejects a factor whose every date falls in the 500-day safety range', () => {
    // QI's example (factor 8335) in 2029: 2020-08-02 is 3074 days back, 2045-03-24 is 5925 ahead.
    const error = errorOf(decode(QI_WORKED_EXAMPLE.digitableLine, { referenceDate: '2029-01-01' }))
    expect(error).toMatchObject({
      code: 'DUE_DATE_OUT_OF_RANGE',
      field: 'dueDateFactor',
      position: 34,
      expected: 'a date from 2020-10-15 to 2044-01-23',
      actual: 'factor 8335: 2020-08-02 or 2045-03-24',
    })
    expect(errorOf(decode(QI_WORKED_EXAMPLE.barcode, { referenceDate: '2029-01-01' })).position).toBe(6)
    // The digits themselves are fine: conversions do not depend on the day.
    expect(toBarcode(QI_WORKED_EXAMPLE.digitableLine)).toBe(QI_WORKED_EXAMPLE.barcode)
  })

  it('rejects a first-cycle factor (1..999) once the window has left 1997-2000 behind', () => {
    const line = bankLine({ dueDateFactor: 500 })
    expect(bank(decode(line, { referenceDate: '2000-01-01' })).dueDate).toBe('1999-02-19')
    expect(errorOf(decode(line, REF)).code).toBe('DUE_DATE_OUT_OF_RANGE')
  })

  it('defaults the reference date to today', () => {
    const today = new Date().toISOString().slice(0, 10)
    expect(bank(decode(bankLine({ dueDateFactor: factorFromDueDate(today) }))).dueDate).toBe(today)
  })

  it('throws a RangeError for a malformed reference date (a caller bug, not bad input)', () => {
    expect(() => decode(bankLine(), { referenceDate: '2025-02-30' })).toThrow(RangeError)
  })
})

describe('convênios', () => {
  it('never presents a due date as certain; a date-looking free-field prefix is a flagged heuristic', () => {
    const r = convenio(decode(convenioLine({ freeField: '2025061000015476320190002' }), REF))
    expect(r.dueDate).toBeNull()
    expect(r.dueDateHeuristic).toEqual({ date: '2025-06-10', certain: false, source: 'freeFieldPrefix' })
    expect(
      convenio(decode(convenioLine({ freeField: '9999999900015476320190002' }), REF)).dueDateHeuristic,
    ).toBeNull()
    expect(
      convenio(decode(convenioLine({ freeField: '2025023000015476320190002' }), REF)).dueDateHeuristic,
    ).toBeNull()
    // A real date, but 75 years away from the reference date: not taken for a due date.
    expect(
      convenio(decode(convenioLine({ freeField: '2100010100015476320190002' }), REF)).dueDateHeuristic,
    ).toBeNull()
  })

  it('reads the 8-digit CNPJ root as the company of segment 6, and the heuristic after it', () => {
    const r = convenio(
      decode(convenioLine({ segment: 6, companyId: '12345678', freeField: '202507310000000000001' }), REF),
    )
    expect(r).toMatchObject({
      segment: 6,
      segmentName: 'others-cnpj',
      companyId: '12345678',
      freeField: '202507310000000000001',
      dueDateHeuristic: { date: '2025-07-31', certain: false },
    })
  })

  it('value identifiers 7 and 9 carry a reference quantity, not money', () => {
    for (const valueIdentifier of [7, 9] as const) {
      expect(convenio(decode(convenioLine({ valueIdentifier, value: 5000 }), REF))).toMatchObject({
        valueKind: 'reference',
        value: 5000,
        amountCents: null,
        openAmount: false,
        checkDigitModulus: valueIdentifier === 7 ? 10 : 11,
      })
    }
  })

  it('a zero effective value is an open amount', () => {
    for (const valueIdentifier of [6, 8] as const) {
      expect(convenio(decode(convenioLine({ valueIdentifier, value: 0 }), REF))).toMatchObject({
        valueKind: 'effective',
        amountCents: null,
        openAmount: true,
      })
    }
  })

  it('reads the largest value exactly', () => {
    expect(convenio(decode(convenioLine({ value: 99_999_999_999 }), REF)).amountCents).toBe(99_999_999_999)
  })

  it('names every assigned segment', () => {
    const names = [1, 2, 3, 4, 5, 6, 7, 9].map((segment) => {
      const companyId = segment === 6 ? '00000000' : '0000'
      const freeField = '0'.repeat(29 - companyId.length)
      return convenio(
        decode(convenioLine({ segment: segment as ConvenioParts['segment'], companyId, freeField }), REF),
      ).segmentName
    })
    expect(names).toEqual([
      'municipal',
      'sanitation',
      'electricity-and-gas',
      'telecom',
      'government',
      'others-cnpj',
      'traffic-fines',
      'bank-own-use',
    ])
  })
})

describe('errors', () => {
  const line = QI_WORKED_EXAMPLE.digitableLine

  it('EMPTY: nothing, or nothing but separators', () => {
    for (const input of ['', '   ', ' .-. ', '\n'])
      expect(errorOf(decode(input, REF))).toMatchObject({ code: 'EMPTY', field: 'input' })
    for (const input of [undefined, null]) {
      expect(errorOf(decode(input as unknown as string, REF)).code).toBe('EMPTY')
    }
  })

  it('INVALID_CHARACTERS: names the first offending character and its position', () => {
    expect(errorOf(decode(put(line, 10, 'O'), REF))).toEqual({
      code: 'INVALID_CHARACTERS',
      field: 'characters',
      message: expect.stringContaining('position 11'),
      expected: 'digits, dots, hyphens or spaces',
      actual: '"O" (U+004F)',
      position: 11,
    })
    expect(errorOf(decode('3189/0005', REF)).position).toBe(5)
    expect(errorOf(decode(`${line}💥`, REF)).actual).toBe('"💥" (U+1F4A5)')
    expect(errorOf(decode(47 as unknown as string, REF))).toMatchObject({
      code: 'INVALID_CHARACTERS',
      actual: 'number',
    })
  })

  it('INVALID_CHARACTERS wins over everything else, wherever the character is', () => {
    fc.assert(
      fc.property(
        digitableLineArb(),
        fc.nat(47),
        fc.constantFrom('a', 'O', 'l', '/', ',', '_', '+', 'é'),
        (l, at, c) => {
          const error = errorOf(decode(put(l, at % l.length, c), REF))
          expect(error).toMatchObject({ code: 'INVALID_CHARACTERS', position: (at % l.length) + 1 })
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('INVALID_LENGTH: anything but 44, 47 or 48 digits, and 47 digits starting with 8', () => {
    for (const n of [1, 43, 45, 46, 49, 60]) {
      expect(errorOf(decode('1'.repeat(n), REF))).toMatchObject({
        code: 'INVALID_LENGTH',
        field: 'length',
        actual: `${n}`,
      })
    }
    expect(errorOf(decode(line.slice(0, 46), REF)).code).toBe('INVALID_LENGTH')
    expect(errorOf(decode(SANDBOX_CONVENIO_LINES[0].slice(0, 47), REF))).toMatchObject({
      code: 'INVALID_LENGTH',
      expected: '48 (a line starting with 8 is a convênio line)',
      actual: '47',
    })
  })

  it('INVALID_PRODUCT: a 48-digit line must start with 8', () => {
    expect(errorOf(decode(`${line}0`, REF))).toMatchObject({
      code: 'INVALID_PRODUCT',
      field: 'product',
      expected: '8',
      actual: '3',
      position: 1,
    })
  })

  it('FIELD_CHECK_DIGIT: names the field, its DV position and the digit expected', () => {
    const cases = [
      { at: 9, field: 'field1', expected: '2' },
      { at: 20, field: 'field2', expected: '7' },
      { at: 31, field: 'field3', expected: '2' },
    ]
    for (const { at, field, expected } of cases) {
      expect(errorOf(decode(put(line, at, '5'), REF))).toEqual({
        code: 'FIELD_CHECK_DIGIT',
        field,
        message: `Check digit of ${field} (position ${at + 1}) is 5; modulo 10 gives ${expected}.`,
        expected,
        actual: '5',
        position: at + 1,
      })
    }
    // A data digit changed: the DV as printed is now the wrong one.
    expect(errorOf(decode(put(line, 12, '9'), REF))).toMatchObject({ field: 'field2', actual: '7' })
  })

  it('GENERAL_CHECK_DIGIT (bank): position 33 on a line, 5 on a barcode', () => {
    expect(errorOf(decode(put(line, 32, '4'), REF))).toMatchObject({
      code: 'GENERAL_CHECK_DIGIT',
      field: 'generalCheckDigit',
      expected: '3',
      actual: '4',
      position: 33,
    })
    expect(errorOf(decode(put(line, 46, '9'), REF))).toMatchObject({
      code: 'GENERAL_CHECK_DIGIT',
      actual: '3',
    })
    expect(errorOf(decode(put(QI_WORKED_EXAMPLE.barcode, 4, '0'), REF))).toMatchObject({
      code: 'GENERAL_CHECK_DIGIT',
      expected: '3',
      actual: '0',
      position: 5,
    })
  })

  it('GENERAL_CHECK_DIGIT (bank): a 0 is never valid, remainders 0, 1 and 10 all give 1', () => {
    fc.assert(
      fc.property(barcodeArb({ kind: 'bank', referenceDate: '2025-06-01' }), (barcode) => {
        expect(barcode[4]).not.toBe('0')
        expect(errorOf(decode(put(barcode, 4, '0'), REF))).toMatchObject({
          code: 'GENERAL_CHECK_DIGIT',
          actual: '0',
        })
      }),
      { numRuns: 500 },
    )
  })

  it('GENERAL_CHECK_DIGIT (convênio, both moduli): position 4 in either form', () => {
    for (const valueIdentifier of [6, 7, 8, 9] as const) {
      const barcode = rawConvenio({ valueIdentifier })
      const wrong = `${(Number(barcode[3]) + 1) % 10}`
      expect(errorOf(decode(put(barcode, 3, wrong), REF))).toMatchObject({
        code: 'GENERAL_CHECK_DIGIT',
        expected: barcode[3],
        actual: wrong,
        position: 4,
      })
    }
    // On a line, the general DV sits inside block 1, whose own DV would catch the change first; rebuild
    // block 1's DV so only the general DV is wrong.
    const l = convenioLine({ valueIdentifier: 6 })
    const bad = put(l, 3, `${(Number(l[3]) + 1) % 10}`)
    const withBlockDv = (s: string): string => {
      for (let d = 0; d < 10; d++) {
        const candidate = put(s, 11, `${d}`)
        const r = decode(candidate, REF)
        if (r.valid || r.error.field !== 'block1') return candidate
      }
      throw new Error('unreachable')
    }
    expect(errorOf(decode(withBlockDv(bad), REF))).toMatchObject({ code: 'GENERAL_CHECK_DIGIT', position: 4 })
  })

  it('GENERAL_CHECK_DIGIT (convênio modulo 11): a DV of 1 where the convênio rule gives 0 is rejected', () => {
    // The sandbox line with general DV 0: the bank rule would have computed 1.
    const barcode = convenio(decode(SANDBOX_CONVENIO_LINES[1], REF)).barcode
    expect(errorOf(decode(put(barcode, 3, '1'), REF))).toMatchObject({
      code: 'GENERAL_CHECK_DIGIT',
      expected: '0',
      actual: '1',
    })
  })

  it('BLOCK_CHECK_DIGIT: names the block, its DV position and the digit expected, under both moduli', () => {
    for (const valueIdentifier of [6, 8] as const) {
      const l = convenioLine({ valueIdentifier })
      for (let block = 0; block < 4; block++) {
        const at = block * 12 + 11
        const wrong = `${(Number(l[at]) + 1) % 10}`
        expect(errorOf(decode(put(l, at, wrong), REF))).toMatchObject({
          code: 'BLOCK_CHECK_DIGIT',
          field: `block${block + 1}`,
          expected: l[at],
          actual: wrong,
          position: at + 1,
          message: expect.stringContaining(`modulo ${valueIdentifier === 6 ? 10 : 11}`),
        })
      }
    }
  })

  it('INVALID_CURRENCY: a bank boleto in anything but reais', () => {
    const barcode = rawBank({ currencyCode: '0' })
    expect(errorOf(decode(barcode, REF))).toMatchObject({
      code: 'INVALID_CURRENCY',
      field: 'currencyCode',
      expected: '9',
      actual: '0',
      position: 4,
    })
    // The same on a line: its field DVs are right for currency 0, so only the currency is wrong.
    const f1 = barcode.slice(0, 4) + barcode.slice(19, 24)
    const f2 = barcode.slice(24, 34)
    const f3 = barcode.slice(34, 44)
    const l = `${f1}${mod10(f1)}${f2}${mod10(f2)}${f3}${mod10(f3)}${barcode.slice(4, 19)}`
    expect(errorOf(decode(l, REF))).toMatchObject({ code: 'INVALID_CURRENCY', position: 4 })
  })

  it('INVALID_VALUE_IDENTIFIER: a convênio whose third digit is not 6-9 has no modulus', () => {
    for (const c of ['0', '5']) {
      expect(errorOf(decode(put(SANDBOX_CONVENIO_LINES[0], 2, c), REF))).toMatchObject({
        code: 'INVALID_VALUE_IDENTIFIER',
        field: 'valueIdentifier',
        actual: c,
        position: 3,
      })
      expect(
        errorOf(decode(put(convenio(decode(SANDBOX_CONVENIO_LINES[0], REF)).barcode, 2, c), REF)).code,
      ).toBe('INVALID_VALUE_IDENTIFIER')
    }
  })

  it('INVALID_SEGMENT: segments 0 and 8 are not assigned', () => {
    for (const segment of [0, 8]) {
      const barcode = rawConvenio({ segment: segment as ConvenioParts['segment'] })
      expect(errorOf(decode(barcode, REF))).toMatchObject({
        code: 'INVALID_SEGMENT',
        field: 'segment',
        actual: `${segment}`,
        position: 2,
      })
    }
  })

  it('covers every error code', () => {
    const seen = new Set<DecodeErrorCode>([
      errorOf(decode('', REF)).code,
      errorOf(decode('x', REF)).code,
      errorOf(decode('1', REF)).code,
      errorOf(decode(`${line}0`, REF)).code,
      errorOf(decode(rawBank({ currencyCode: '0' }), REF)).code,
      errorOf(decode(put(SANDBOX_CONVENIO_LINES[0], 2, '0'), REF)).code,
      errorOf(decode(rawConvenio({ segment: 0 as ConvenioParts['segment'] }), REF)).code,
      errorOf(decode(put(line, 9, '0'), REF)).code,
      errorOf(decode(put(SANDBOX_CONVENIO_LINES[0], 11, '0'), REF)).code,
      errorOf(decode(put(line, 32, '0'), REF)).code,
      errorOf(decode(line, { referenceDate: '2029-01-01' })).code,
    ])
    expect([...seen].sort()).toEqual([...DECODE_ERROR_CODES].sort())
  })

  it('never throws, whatever the string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (input) => {
        const r = decode(input, REF)
        if (!r.valid) expect(DECODE_ERROR_CODES).toContain(r.error.code)
      }),
      { numRuns: 3000 },
    )
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789 .-'), maxLength: 60 }), (input) => {
        const r = decode(input, REF)
        if (!r.valid) expect(DECODE_ERROR_CODES).toContain(r.error.code)
      }),
      { numRuns: 3000 },
    )
  })

  it('format, toBarcode and toDigitableLine answer the same errors by throwing InvalidBoletoError', () => {
    for (const fn of [format, toBarcode, toDigitableLine]) {
      expect(() => fn(put(line, 9, '0'))).toThrow(
        expect.objectContaining({ name: 'InvalidBoletoError', code: 'FIELD_CHECK_DIGIT', field: 'field1' }),
      )
    }
  })
})
