/**
 * Convênio / arrecadação layout (domain.md §4.2). Barcode: 1 product 8, 2 segment, 3 value identifier,
 * 4 general DV, 5–15 value, 16–19 company (16–23 CNPJ root for segment 6), rest free. Line: four blocks of
 * 11 barcode digits, each followed by its DV. The value identifier picks the modulus of every DV: 6/7 → 10,
 * 8/9 → 11 with the convênio rule (remainder 0 or 1 → 0, 10 → 1), not the bank rule. Positions are 0-based;
 * barcode position i sits at i + ⌊i / 11⌋ on a line.
 */

import { daysFromCivil, daysInMonth, isoFromDays } from './calendar.js'
import {
  convenioDvFromRemainder,
  mod10OfRanges,
  mod11RemainderOfRanges,
  type Ranges,
} from './check-digits.js'
import type { DecodeError } from './errors.js'
import type { BoletoForm, ConvenioSegmentName, DueDateHeuristic } from './result.js'

export const CONVENIO_LINE_LENGTH = 48
const BLOCK = 11

/** The four blocks of a line: the digits each DV protects, and where the DV sits. */
const BLOCKS = [
  { field: 'block1', line: [0, 11], dv: 11, barcode: [0, 11] },
  { field: 'block2', line: [12, 23], dv: 23, barcode: [11, 22] },
  { field: 'block3', line: [24, 35], dv: 35, barcode: [22, 33] },
  { field: 'block4', line: [36, 47], dv: 47, barcode: [33, 44] },
] as const

/** The 43 digits under the general DV (all but barcode position 4), on a barcode and spread over a line. */
const GENERAL: { readonly [F in BoletoForm]: Ranges } = {
  barcode: [0, 3, 4, 44],
  digitableLine: [0, 3, 4, 11, 12, 23, 24, 35, 36, 47],
}

/** Indexed by segment digit; `null` for 0 and 8, which FEBRABAN has not assigned. */
export const SEGMENT_NAMES: readonly (ConvenioSegmentName | null)[] = [
  null,
  'municipal',
  'sanitation',
  'electricity-and-gas',
  'telecom',
  'government',
  'others-cnpj',
  'traffic-fines',
  null,
  'bank-own-use',
]

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48

/** Pure. Barcode digit `i` of a convênio line or barcode. */
const barcodeDigit = (s: string, i: number, form: BoletoForm): number =>
  digit(s, form === 'barcode' ? i : i + ((i / BLOCK) | 0))

/** Pure. Modulo 11 when the value identifier (barcode position 3, the same on a line) is 8 or 9. */
const usesMod11 = (s: string): boolean => digit(s, 2) >= 8

/** Pure. The check digit of the digits at `ranges` under the modulus the value identifier picks. */
const convenioDv = (s: string, ranges: Ranges, mod11: boolean): number =>
  mod11 ? convenioDvFromRemainder(mod11RemainderOfRanges(s, ranges)) : mod10OfRanges(s, ranges)

/** Pure. Barcode digits `[start, end)` read out of a 48-digit line: slices between the block DVs. */
export const convenioBarcodeSlice = (line: string, start: number, end: number): string => {
  let out = ''
  for (let b = (start / BLOCK) | 0; b * BLOCK < end; b++) {
    out += line.slice(Math.max(start, b * BLOCK) + b, Math.min(end, b * BLOCK + BLOCK) + b)
  }
  return out
}

/** Pure. The barcode of a 48-digit line. */
export const convenioBarcodeText = (line: string): string => convenioBarcodeSlice(line, 0, 44)

/** Pure. The 48-digit line of a 44-digit convênio barcode: four blocks, each with its DV. */
export const convenioLineText = (barcode: string): string => {
  const mod11 = usesMod11(barcode)
  let out = ''
  for (const b of BLOCKS)
    out += barcode.slice(b.barcode[0], b.barcode[1]) + convenioDv(barcode, b.barcode, mod11)
  return out
}

/** Pure. `INVALID_VALUE_IDENTIFIER` unless barcode position 3 is 6..9 (it picks the modulus of every DV). */
export const checkValueIdentifier = (s: string): DecodeError | null => {
  const valueIdentifier = digit(s, 2)
  return valueIdentifier >= 6
    ? null
    : {
        code: 'INVALID_VALUE_IDENTIFIER',
        field: 'valueIdentifier',
        message: `Value identifier (position 3) is ${valueIdentifier}; a convênio uses 6 or 7 (modulo 10) or 8 or 9 (modulo 11).`,
        expected: '6, 7, 8 or 9',
        actual: `${valueIdentifier}`,
        position: 3,
      }
}

/** Pure. The first block of a 48-digit line whose check digit fails. */
export const checkConvenioBlocks = (line: string): DecodeError | null => {
  const mod11 = usesMod11(line)
  for (const b of BLOCKS) {
    const expected = convenioDv(line, b.line, mod11)
    const actual = digit(line, b.dv)
    if (expected !== actual) {
      return {
        code: 'BLOCK_CHECK_DIGIT',
        field: b.field,
        message: `Check digit of ${b.field} (position ${b.dv + 1}) is ${actual}; modulo ${mod11 ? 11 : 10} gives ${expected}.`,
        expected: `${expected}`,
        actual: `${actual}`,
        position: b.dv + 1,
      }
    }
  }
  return null
}

/** Pure. The general check digit (barcode position 4, over 1–3 and 5–44) and the segment, on a line or barcode. */
export const checkConvenioGeneral = (s: string, form: BoletoForm): DecodeError | null => {
  const mod11 = usesMod11(s)
  const expected = convenioDv(s, GENERAL[form], mod11)
  const actual = digit(s, 3)
  if (expected !== actual) {
    return {
      code: 'GENERAL_CHECK_DIGIT',
      field: 'generalCheckDigit',
      message: `General check digit (position 4) is ${actual}; modulo ${mod11 ? 11 : 10} gives ${expected}.`,
      expected: `${expected}`,
      actual: `${actual}`,
      position: 4,
    }
  }
  if (SEGMENT_NAMES[digit(s, 1)] === null) {
    return {
      code: 'INVALID_SEGMENT',
      field: 'segment',
      message: `Segment (position 2) is ${s[1]}, which FEBRABAN has not assigned.`,
      expected: '1-7 or 9',
      actual: s[1]!,
      position: 2,
    }
  }
  return null
}

/** Pure. The value field (barcode 5–15) as an integer. */
export const convenioValue = (s: string, form: BoletoForm): number => {
  // Barcode 5–15 is one run on a barcode; on a line, block 1's DV (line position 12) splits it after 7 digits.
  const split = form === 'barcode' ? 11 : 12
  let n = 0
  for (let i = 4; i < 11; i++) n = n * 10 + digit(s, i)
  for (let i = split; i < split + 4; i++) n = n * 10 + digit(s, i)
  return n
}

/** Pure. Barcode index where the free field starts: after the 4-digit company code, or the CNPJ root (segment 6). */
export const freeFieldStart = (segment: number): number => (segment === 6 ? 23 : 19)

/**
 * Pure. The free field's first 8 digits read as `YYYYMMDD`, when they name a real date within
 * `[referenceDay - past, referenceDay + future]`; otherwise `null`. A guess by construction (see
 * `DueDateHeuristic`): the window keeps arbitrary digits from passing for a date decades away.
 */
export const dueDateHeuristic = (
  s: string,
  form: BoletoForm,
  referenceDay: number,
  past: number,
  future: number,
): DueDateHeuristic | null => {
  const at = freeFieldStart(digit(s, 1))
  const d = (i: number): number => barcodeDigit(s, at + i, form)
  const month = d(4) * 10 + d(5)
  const day = d(6) * 10 + d(7)
  if (month < 1 || month > 12 || day < 1) return null
  const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)
  if (day > daysInMonth(year, month)) return null
  const days = daysFromCivil(year, month, day)
  if (days < referenceDay - past || days > referenceDay + future) return null
  return { date: isoFromDays(days), certain: false, source: 'freeFieldPrefix' }
}
