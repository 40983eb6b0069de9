/**
 * fast-check arbitraries of valid boletos. They choose the same parts as the seeded generators
 * (generate.ts) and build them with the same builders, so both produce the same population.
 */
import * as fc from 'fast-check'
import { toDigitableLine } from '../format.js'
import {
  type BankGenOptions,
  buildBankBarcode,
  buildConvenioBarcode,
  CONVENIO_SEGMENTS,
  type ConvenioGenOptions,
  DEFAULT_REFERENCE_DATE,
  dueOffsetRange,
  factorAtOffset,
  VALUE_IDENTIFIERS,
} from './generate.js'

/** `length` decimal digits. */
export const digitsArb = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length })

/** `rare` with probability `rate` (0..1), `usual` otherwise. */
const sometimes = <T>(rate: number, rare: fc.Arbitrary<T>, usual: fc.Arbitrary<T>): fc.Arbitrary<T> => {
  const weight = Math.round(rate * 100)
  if (weight <= 0) return usual
  if (weight >= 100) return rare
  return fc.oneof({ weight, arbitrary: rare }, { weight: 100 - weight, arbitrary: usual })
}

/** Valid 44-digit bank barcodes whose due date (if any) lies in `decode`'s window around `referenceDate`. */
export const bankBarcodeArb = (options: BankGenOptions = {}): fc.Arbitrary<string> => {
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE
  const { min, max } = dueOffsetRange(referenceDate)
  return fc
    .record({
      bankCode: fc
        .tuple(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '9'), digitsArb(2))
        .map(([first, rest]) => first + rest),
      dueDateFactor: sometimes(
        options.noDueDateRate ?? 0.1,
        fc.constant(0),
        fc.integer({ min, max }).map((offset) => factorAtOffset(referenceDate, offset)),
      ),
      amountCents: sometimes(
        options.openAmountRate ?? 0.1,
        fc.constant(0),
        fc.bigInt({ min: 1n, max: 9_999_999_999n }).map(Number),
      ),
      freeField: digitsArb(25),
    })
    .map(buildBankBarcode)
}

/** Valid 44-digit convênio barcodes. */
export const convenioBarcodeArb = (options: ConvenioGenOptions = {}): fc.Arbitrary<string> =>
  fc
    .record({
      segment: fc.constantFrom(...(options.segments ?? CONVENIO_SEGMENTS)),
      valueIdentifier: fc.constantFrom(...(options.valueIdentifiers ?? VALUE_IDENTIFIERS)),
      value: sometimes(
        options.zeroValueRate ?? 0.1,
        fc.constant(0),
        fc.bigInt({ min: 1n, max: 99_999_999_999n }).map(Number),
      ),
      // Company id and free field share 29 digits; segment 6 takes 8 of them for the CNPJ root.
      rest: digitsArb(29),
    })
    .map(({ segment, valueIdentifier, value, rest }) => {
      const idLength = segment === 6 ? 8 : 4
      return buildConvenioBarcode({
        segment,
        valueIdentifier,
        value,
        companyId: rest.slice(0, idLength),
        freeField: rest.slice(idLength),
      })
    })

export type LineArbOptions = BankGenOptions & ConvenioGenOptions & { readonly kind?: 'bank' | 'convenio' }

/** Valid 44-digit barcodes of the kind asked for (default: either). */
export const barcodeArb = (options: LineArbOptions = {}): fc.Arbitrary<string> =>
  options.kind === 'bank'
    ? bankBarcodeArb(options)
    : options.kind === 'convenio'
      ? convenioBarcodeArb(options)
      : fc.oneof(bankBarcodeArb(options), convenioBarcodeArb(options))

/** Valid digitable lines without separators: 47 digits (bank) or 48 (convênio). */
export const digitableLineArb = (options: LineArbOptions = {}): fc.Arbitrary<string> =>
  barcodeArb(options).map(toDigitableLine)

/** Separators as they appear in the wild: none, dots, hyphens, spaces, tabs. */
const separatorArb = fc.constantFrom('', '', '', '.', '-', ' ', '  ', '\t', ' - ', '. ')

/**
 * `digits` (a line or barcode) with random separators between any two digits and around it: every result must
 * decode exactly like `digits`.
 */
export const withSeparatorsArb = (digits: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  digits.chain((d) =>
    fc
      .array(separatorArb, { minLength: d.length + 1, maxLength: d.length + 1 })
      .map((seps) => seps.map((s, i) => s + (d[i] ?? '')).join('')),
  )
