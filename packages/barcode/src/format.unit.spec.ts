import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decode, format, InvalidBoletoError, toBarcode, toDigitableLine } from './index.js'
import { barcodeArb, withSeparatorsArb } from './testing/arbitraries.js'
import { QI_WORKED_EXAMPLE, SANDBOX_CONVENIO_LINES } from './testing/sandbox.js'

const REF = { referenceDate: '2025-06-01' }
const BANK_MASK = /^\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$/
const CONVENIO_MASK = /^(\d{11}-\d ){3}\d{11}-\d$/

describe('format', () => {
  it('prints a bank boleto as AAAAA.AAAAX BBBBB.BBBBBY CCCCC.CCCCCZ K FFFFVVVVVVVVVV', () => {
    expect(format(QI_WORKED_EXAMPLE.digitableLine)).toBe(
      '31890.00502 50500.512137 00211.649462 3 83350000083548',
    )
    expect(format(QI_WORKED_EXAMPLE.barcode)).toBe('31890.00502 50500.512137 00211.649462 3 83350000083548')
  })

  it('prints a convênio as AAAAAAAAAAA-D BBBBBBBBBBB-D CCCCCCCCCCC-D DDDDDDDDDDD-D', () => {
    expect(format(SANDBOX_CONVENIO_LINES[0])).toBe('82830000000-7 41110097201-3 90508000154-6 76320190002-8')
  })

  it('prints every valid input in its mask, and the print decodes as the input did', () => {
    fc.assert(
      fc.property(barcodeArb(), (barcode) => {
        const printed = format(barcode)
        const decoded = decode(barcode, REF)
        expect(printed).toMatch(decoded.valid && decoded.kind === 'bank' ? BANK_MASK : CONVENIO_MASK)
        expect(decode(printed, REF)).toEqual({ ...decoded, form: 'digitableLine' })
      }),
      { numRuns: 2000 },
    )
  })
})

describe('toBarcode and toDigitableLine', () => {
  it('convert QI worked example both ways', () => {
    expect(toBarcode(QI_WORKED_EXAMPLE.digitableLine)).toBe(QI_WORKED_EXAMPLE.barcode)
    expect(toDigitableLine(QI_WORKED_EXAMPLE.barcode)).toBe(QI_WORKED_EXAMPLE.digitableLine)
    expect(toBarcode('31890.00502 50500.512137 00211.649462 3 83350000083548')).toBe(
      QI_WORKED_EXAMPLE.barcode,
    )
  })

  it('round-trip line ↔ barcode for both kinds, with or without separators', () => {
    fc.assert(
      fc.property(barcodeArb(), (barcode) => {
        const line = toDigitableLine(barcode)
        expect(line).toHaveLength(barcode.startsWith('8') ? 48 : 47)
        expect(toBarcode(line)).toBe(barcode)
        expect(toBarcode(barcode)).toBe(barcode)
        expect(toDigitableLine(line)).toBe(line)
      }),
      { numRuns: 3000 },
    )
    fc.assert(
      fc.property(withSeparatorsArb(barcodeArb()), (input) => {
        const barcode = input.replace(/[^0-9]/g, '')
        expect(toBarcode(toDigitableLine(input))).toBe(barcode)
      }),
      { numRuns: 2000 },
    )
  })

  it('do not depend on the day: a line outside the due-date window still converts', () => {
    expect(decode(QI_WORKED_EXAMPLE.digitableLine, { referenceDate: '2029-01-01' }).valid).toBe(false)
    expect(toBarcode(QI_WORKED_EXAMPLE.digitableLine)).toBe(QI_WORKED_EXAMPLE.barcode)
  })

  it('throw InvalidBoletoError carrying the same error decode gives', () => {
    const bad = `${QI_WORKED_EXAMPLE.digitableLine.slice(0, 32)}9${QI_WORKED_EXAMPLE.digitableLine.slice(33)}`
    const result = decode(bad, REF)
    try {
      toBarcode(bad)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidBoletoError)
      const error = e as InvalidBoletoError
      expect(result.valid).toBe(false)
      if (!result.valid) expect(error.error).toEqual(result.error)
      expect(error.code).toBe('GENERAL_CHECK_DIGIT')
      expect(error.field).toBe('generalCheckDigit')
      expect(error.message).toContain('General check digit (position 33)')
    }
    expect(() => toDigitableLine('')).toThrow(InvalidBoletoError)
    expect(() => format('abc')).toThrow(InvalidBoletoError)
  })
})
