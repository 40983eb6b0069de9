/**
 * Conversions between the two representations and the printed masks. They check layout and every check
 * digit, but not the due-date window (a property of the day one asks, not of the digits): a line that
 * `decode` rejects only for `DUE_DATE_OUT_OF_RANGE` still converts. Invalid input throws `InvalidBoletoError`.
 */
import { bankBarcodeText, bankLineText } from './bank.js'
import { convenioBarcodeText, convenioLineText } from './convenio.js'
import { InvalidBoletoError } from './errors.js'
import { parse, parsed } from './parse.js'

const parseOrThrow = (input: string): void => {
  const error = parse(input)
  if (error !== null) throw new InvalidBoletoError(error)
}

/** Pure. The 44-digit barcode of any accepted input. Throws `InvalidBoletoError`. */
export const toBarcode = (input: string): string => {
  parseOrThrow(input)
  const { form, kind, text } = parsed
  return form === 'barcode' ? text : kind === 'bank' ? bankBarcodeText(text) : convenioBarcodeText(text)
}

/** Pure. The digitable line (47 or 48 digits, no separators) of any accepted input. Throws `InvalidBoletoError`. */
export const toDigitableLine = (input: string): string => {
  parseOrThrow(input)
  const { form, kind, text } = parsed
  return form === 'digitableLine' ? text : kind === 'bank' ? bankLineText(text) : convenioLineText(text)
}

/**
 * Pure. The printed line: `AAAAA.AAAAX BBBBB.BBBBBY CCCCC.CCCCCZ K FFFFVVVVVVVVVV` for a bank boleto,
 * `AAAAAAAAAAA-D BBBBBBBBBBB-D CCCCCCCCCCC-D DDDDDDDDDDD-D` for a convênio. Throws `InvalidBoletoError`.
 */
export const format = (input: string): string => {
  const l = toDigitableLine(input)
  return parsed.kind === 'bank'
    ? `${l.slice(0, 5)}.${l.slice(5, 10)} ${l.slice(10, 15)}.${l.slice(15, 21)} ${l.slice(21, 26)}.${l.slice(26, 32)} ${l[32]} ${l.slice(33)}`
    : `${l.slice(0, 11)}-${l[11]} ${l.slice(12, 23)}-${l[23]} ${l.slice(24, 35)}-${l[35]} ${l.slice(36, 47)}-${l[47]}`
}
