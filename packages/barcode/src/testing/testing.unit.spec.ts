import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decode } from '../index.js'
import { bankBarcodeArb, convenioBarcodeArb, digitableLineArb, withSeparatorsArb } from './arbitraries.js'
import {
  buildBankBarcode,
  buildConvenioBarcode,
  createRng,
  randomBankBarcode,
  randomConvenioBarcode,
  randomDigitableLine,
} from './generate.js'

describe('seeded generators', () => {
  it('createRng is deterministic and uniform-ish in [0, 1)', () => {
    const a = createRng(42)
    const b = createRng(42)
    const values = Array.from({ length: 1000 }, () => a())
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()))
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true)
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 1)
    expect(createRng(43)()).not.toBe(createRng(42)())
  })

  it('generate valid lines and barcodes of the kind asked for', () => {
    const rng = createRng(7)
    for (let i = 0; i < 2000; i++) {
      const bank = decode(randomBankBarcode(rng, { referenceDate: '2031-01-01' }), {
        referenceDate: '2031-01-01',
      })
      expect(bank).toMatchObject({ valid: true, kind: 'bank', form: 'barcode' })
      const convenio = decode(randomConvenioBarcode(rng), { referenceDate: '2031-01-01' })
      expect(convenio).toMatchObject({ valid: true, kind: 'convenio', form: 'barcode' })
      const line = randomDigitableLine(rng)
      expect(decode(line, { referenceDate: '2025-06-01' })).toMatchObject({
        valid: true,
        form: 'digitableLine',
      })
    }
  })

  it('honour their options', () => {
    const rng = createRng(1)
    const ref = { referenceDate: '2025-06-01' }
    const noDate = decode(randomBankBarcode(rng, { noDueDateRate: 1, openAmountRate: 1 }), ref)
    expect(noDate).toMatchObject({ valid: true, dueDate: null, amountCents: null, openAmount: true })
    const reference = decode(
      randomDigitableLine(rng, { kind: 'convenio', valueIdentifiers: [9], segments: [6] }),
      ref,
    )
    expect(reference).toMatchObject({ valid: true, valueIdentifier: 9, valueKind: 'reference', segment: 6 })
  })

  it('builders refuse malformed parts', () => {
    const bank = { bankCode: '341', dueDateFactor: 1000, amountCents: 1, freeField: '0'.repeat(25) }
    expect(() => buildBankBarcode({ ...bank, bankCode: '841' })).toThrow(RangeError)
    expect(() => buildBankBarcode({ ...bank, freeField: '1' })).toThrow(RangeError)
    expect(() => buildBankBarcode({ ...bank, dueDateFactor: 10000 })).toThrow(RangeError)
    expect(() => buildBankBarcode({ ...bank, amountCents: 1.5 })).toThrow(RangeError)
    const convenio = {
      segment: 1,
      valueIdentifier: 6,
      value: 0,
      companyId: '0000',
      freeField: '0'.repeat(25),
    } as const
    expect(() => buildConvenioBarcode({ ...convenio, segment: 6 })).toThrow(RangeError)
    expect(() => buildConvenioBarcode({ ...convenio, value: 1e11 })).toThrow(RangeError)
  })
})

describe('fast-check arbitraries', () => {
  it('bankBarcodeArb and convenioBarcodeArb give valid barcodes', () => {
    fc.assert(
      fc.property(bankBarcodeArb({ referenceDate: '2040-01-01' }), (b) => {
        expect(decode(b, { referenceDate: '2040-01-01' })).toMatchObject({ valid: true, kind: 'bank' })
      }),
      { numRuns: 2000 },
    )
    fc.assert(
      fc.property(convenioBarcodeArb({ valueIdentifiers: [6, 7] }), (b) => {
        expect(decode(b, { referenceDate: '2025-06-01' })).toMatchObject({
          valid: true,
          checkDigitModulus: 10,
        })
      }),
      { numRuns: 2000 },
    )
  })

  it('digitableLineArb gives lines of the kind asked for; withSeparatorsArb keeps the digits', () => {
    fc.assert(
      fc.property(digitableLineArb({ kind: 'convenio' }), (l) => {
        expect(l).toMatch(/^8\d{47}$/)
      }),
      { numRuns: 1000 },
    )
    fc.assert(
      fc.property(withSeparatorsArb(digitableLineArb({ kind: 'bank' })), (l) => {
        expect(l.replace(/[ .\t-]/g, '')).toMatch(/^\d{47}$/)
      }),
      { numRuns: 1000 },
    )
  })
})

describe('the testing/data entry point', () => {
  it('does not import fast-check, directly or through the modules it loads', () => {
    const here = dirname(fileURLToPath(import.meta.url))
    const seen = new Set<string>()
    const visit = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      const source = readFileSync(file, 'utf8')
      for (const [, spec] of source.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
        expect(spec).not.toBe('fast-check')
        if (spec!.startsWith('.')) visit(join(dirname(file), spec!.replace(/\.js$/, '.ts')))
      }
    }
    visit(join(here, 'data.ts'))
    expect(seen.size).toBeGreaterThan(5)
  })
})
