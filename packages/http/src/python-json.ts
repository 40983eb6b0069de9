/**
 * QI's own signing samples hash `json.dumps(body)` (Python's defaults: `", "` and `": "` separators,
 * `ensure_ascii=True`, floats in `repr` form) rather than the bytes on the wire (domain.md §1.5). This
 * re-serialises the raw JSON text token by token, the way Python would after `json.loads`, so the md5 of
 * that variant can be compared too. It works on the text, not on `JSON.parse`'s result, because `850.0`
 * must stay `850.0` (a JavaScript number would print `850`).
 */

/** Pure. Python's `repr(float)` for a finite double. */
export const pythonFloatRepr = (x: number): string => {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity'
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0'
  // toExponential() without digits gives the shortest round-trip significand, as Python's repr does.
  const [mantissa, expText] = Math.abs(x).toExponential().split('e') as [string, string]
  const exp = Number(expText)
  const digits = mantissa.replace('.', '')
  const sign = x < 0 ? '-' : ''
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0')
    const frac = digits.slice(exp + 1)
    return `${sign}${intPart}.${frac === '' ? '0' : frac}`
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
  const e = Math.abs(exp).toString().padStart(2, '0')
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`
}

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  34: '\\"',
  92: '\\\\',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  8: '\\b',
  12: '\\f',
}

/** Pure. Python's `json.dumps` of a string (`ensureAscii` as its `ensure_ascii`). */
export const pythonString = (s: string, ensureAscii: boolean): string => {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const short = SHORT_ESCAPES[c]
    if (short !== undefined) out += short
    else if (c < 0x20 || (ensureAscii && c > 0x7e)) out += `\\u${c.toString(16).padStart(4, '0')}`
    else out += s[i]
  }
  return `${out}"`
}

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09

/**
 * Pure. The text Python's `json.dumps(json.loads(text), ensure_ascii=ensureAscii)` would produce, or null
 * when `text` is not JSON this tokenizer understands.
 */
export const pythonJsonDumps = (text: string, ensureAscii = true): string | null => {
  let out = ''
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (isWs(c)) {
      i++
      continue
    }
    switch (c) {
      case 0x7b: // {
      case 0x7d: // }
      case 0x5b: // [
      case 0x5d: // ]
        out += text[i]
        i++
        continue
      case 0x2c: // ,
        out += ', '
        i++
        continue
      case 0x3a: // :
        out += ': '
        i++
        continue
      case 0x22: {
        // "
        let j = i + 1
        while (j < n && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1
        if (j >= n) return null
        let value: unknown
        try {
          value = JSON.parse(text.slice(i, j + 1))
        } catch {
          return null
        }
        out += pythonString(value as string, ensureAscii)
        i = j + 1
        continue
      }
    }
    const literal = /^(?:true|false|null|NaN|-?Infinity|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    )
    if (literal === null) return null
    const token = literal[0]
    if (/^-?\d+$/.test(token)) out += BigInt(token).toString()
    else if (/^-?\d/.test(token)) out += pythonFloatRepr(Number(token))
    else out += token
    i += token.length
  }
  return out
}
