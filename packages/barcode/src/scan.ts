/**
 * Input scanning: digits plus the separators seen in printed and pasted lines. Dots, hyphens and whitespace
 * (space, tab, CR, LF, no-break space) may appear anywhere, since real-world spacing varies; any other
 * character is an error, never skipped, because a stray letter usually means a mistyped digit.
 */
import type { DecodeError } from './errors.js'

const isSeparator = (c: number): boolean =>
  c === 32 || c === 46 || c === 45 || c === 9 || c === 10 || c === 13 || c === 160

/**
 * What the last successful `scan` read. A module-level scratch rather than a fresh object: decoding is
 * synchronous and not re-entrant, and the hot path then allocates only its result. Read it right after `scan`.
 */
export const scanned = {
  /** How many digits the input held. */
  count: 0,
  /** The input's digits without separators: the input itself when it had none. */
  text: '',
}

const describe = (input: string, i: number): string => {
  const cp = input.codePointAt(i)!
  const shown = cp >= 32 && cp !== 127 ? String.fromCodePoint(cp) : ''
  return `${JSON.stringify(shown)} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`
}

const EMPTY: DecodeError = {
  code: 'EMPTY',
  field: 'input',
  message: 'No digitable line or barcode was given.',
}

/**
 * Pure apart from filling `scanned`. Reads the digits of `input`; answers `EMPTY` when there are none and
 * `INVALID_CHARACTERS` at the first character that is neither a digit nor a separator.
 */
export const scan = (input: unknown): DecodeError | null => {
  if (input === null || input === undefined) return EMPTY
  if (typeof input !== 'string') {
    return {
      code: 'INVALID_CHARACTERS',
      field: 'characters',
      message: `Expected a string of digits, got a ${typeof input}.`,
      expected: 'string',
      actual: typeof input,
    }
  }
  let count = 0
  let text = ''
  let runStart = 0
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      count++
    } else if (isSeparator(c)) {
      text += input.slice(runStart, i)
      runStart = i + 1
    } else {
      return {
        code: 'INVALID_CHARACTERS',
        field: 'characters',
        message: `Character ${describe(input, i)} at position ${i + 1} is not a digit; only digits, dots, hyphens and spaces are accepted.`,
        expected: 'digits, dots, hyphens or spaces',
        actual: describe(input, i),
        position: i + 1,
      }
    }
  }
  if (count === 0) return EMPTY
  scanned.count = count
  scanned.text = runStart === 0 ? input : text + input.slice(runStart)
  return null
}
