/**
 * Sorting millions of boletos by key. A comparison sort calls back into JavaScript for each of ~20 comparisons
 * per boleto, each touching two objects scattered in memory. Instead each boleto gets a number, its key's
 * first characters above its position: the numbers are sorted natively, and only boletos whose first
 * characters tie are then compared by key, in runs of a few.
 */

/** Pure. Orders keys as `Array#sort` does by default (UTF-16 code units). */
export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Doubles hold integers exactly up to 2^53. */
const EXACT_BITS = 53
const CHAR_BITS = 7
/** Characters from here on share the largest code, and end the prefix: the key comparison orders them. */
const SATURATED = 2 ** CHAR_BITS - 1

/**
 * Pure. The first `chars` characters of `key` as a number that never orders two keys against their string
 * order: each character `c` below 126 is `c + 1`, the end of the key is 0, and a character from 126 up is
 * the largest code and stops the prefix (keys that share it tie, and the key comparison decides).
 */
const prefixOf = (key: string, chars: number): number => {
  let prefix = 0
  let stopped = false
  for (let i = 0; i < chars; i++) {
    let code = 0
    if (!stopped && i < key.length) {
      const c = key.charCodeAt(i)
      if (c + 1 >= SATURATED) {
        code = SATURATED
        stopped = true
      } else code = c + 1
    } else stopped = true
    prefix = prefix * 2 ** CHAR_BITS + code
  }
  return prefix
}

/** Pure. `items` in key order (a new array), as `[...items].sort((a, b) => compareKeys(keyOf(a), keyOf(b)))`. */
export const sortByKey = <T>(items: Iterable<T>, keyOf: (item: T) => string): T[] => {
  const list = Array.isArray(items) ? (items as T[]) : [...items]
  const n = list.length
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)))
  const chars = Math.floor((EXACT_BITS - indexBits) / CHAR_BITS)
  const scale = 2 ** indexBits
  const codes = new Float64Array(n)
  for (let i = 0; i < n; i++) codes[i] = prefixOf(keyOf(list[i]!), chars) * scale + i
  codes.sort()
  const out = new Array<T>(n)
  const byKey = (x: T, y: T): number => compareKeys(keyOf(x), keyOf(y))
  let runStart = 0
  for (let i = 0; i <= n; i++) {
    const prefix = i < n ? Math.floor(codes[i]! / scale) : -1
    if (i > runStart && (i === n || prefix !== Math.floor(codes[runStart]! / scale))) {
      // A run of equal prefixes, in input order: the key decides (Array#sort is stable, as is the run).
      if (i - runStart === 1) out[runStart] = list[codes[runStart]! % scale]!
      else {
        const run: T[] = []
        for (let j = runStart; j < i; j++) run.push(list[codes[j]! % scale]!)
        run.sort(byKey)
        for (let j = 0; j < run.length; j++) out[runStart + j] = run[j]!
      }
      runStart = i
    }
  }
  return out
}
