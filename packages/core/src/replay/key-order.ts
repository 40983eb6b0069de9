/**
 * Sorting millions of boletos by key. A comparison sort calls back into JavaScript for each of ~20 comparisons
 * per boleto, each touching two objects scattered in memory. Instead each boleto gets a number, its key's
 * first characters above its position: the numbers are sorted natively, and only boletos whose first
 * characters tie are then compared by key, in runs of a few.
 */

/** Pure. Orders keys as `Array#sort` does by default (UTF-16 code units). */
export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Runs of equal prefixes up to this long are sorted by insertion. */
const SHORT_RUN = 16

/** Doubles hold integers exactly up to 2^53. */
const EXACT_BITS = 53
const CHAR_BITS = 7
/** Characters from here on share the largest code, and end the prefix: the key comparison orders them. */
const SATURATED = 2 ** CHAR_BITS - 1

/** Characters a key's prefix number holds: seven of seven bits, 49 bits, below the 53 a double holds exactly. */
const PREFIX_CHARS = 7

/**
 * Pure. A key's first characters as a number that never orders two keys against their string order: each
 * character `c` below 126 is `c + 1`, the end of the key is 0, and a character from 126 up is the largest
 * code and stops the prefix (keys that share it tie, and the key comparison decides). `codeAt(j)`: the key's
 * code unit `j`, for `j` below `length`.
 */
export const keyPrefix = (length: number, codeAt: (j: number) => number): number => {
  let prefix = 0
  let stopped = false
  for (let j = 0; j < PREFIX_CHARS; j++) {
    let code = 0
    if (!stopped && j < length) {
      const c = codeAt(j)
      if (c + 1 >= SATURATED) {
        code = SATURATED
        stopped = true
      } else code = c + 1
    } else stopped = true
    prefix = prefix * 2 ** CHAR_BITS + code
  }
  return prefix
}

/** Keys seen through their prefixes, so that keys held as bytes sort without becoming strings. */
export interface KeyPrefixes {
  /** `keyPrefix` of key `i`. */
  prefix(i: number): number
  /** `compareKeys` of keys `i` and `j`. */
  compare(i: number, j: number): number
}

/**
 * Pure. The order of keys `0..n-1` (a permutation), as a stable `Array#sort` with `compareKeys` would put
 * them: as many prefix characters as fit beside the index sorted natively, runs of equal prefixes by
 * `keys.compare`.
 */
export const keyOrder = (n: number, keys: KeyPrefixes): Int32Array => {
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)))
  const chars = Math.min(PREFIX_CHARS, Math.floor((EXACT_BITS - indexBits) / CHAR_BITS))
  // Dropping the last characters of a prefix: a division by a power of two, exact on doubles.
  const drop = 2 ** (CHAR_BITS * (PREFIX_CHARS - chars))
  const scale = 2 ** indexBits
  const codes = new Float64Array(n)
  for (let i = 0; i < n; i++) codes[i] = Math.floor(keys.prefix(i) / drop) * scale + i
  codes.sort()
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = codes[i]! % scale
  let runStart = 0
  for (let i = 1; i <= n; i++) {
    if (i < n && Math.floor(codes[i]! / scale) === Math.floor(codes[runStart]! / scale)) continue
    // A run of equal prefixes, in input order: the key decides, in a stable sort. Runs are mostly of two or
    // three: sorted in place, by insertion (an array and a sort's work space per run were most of what
    // sorting a million keys allocated); a long run (keys sharing their first characters) by Array#sort.
    if (i - runStart > SHORT_RUN)
      order.subarray(runStart, i).set(Array.from(order.subarray(runStart, i)).sort(keys.compare))
    else
      for (let j = runStart + 1; j < i; j++) {
        const item = order[j]!
        let k = j
        for (; k > runStart && keys.compare(order[k - 1]!, item) > 0; k--) order[k] = order[k - 1]!
        order[k] = item
      }
    runStart = i
  }
  return order
}

/** Pure. `items` in key order (a new array), as `[...items].sort((a, b) => compareKeys(keyOf(a), keyOf(b)))`. */
export const sortByKey = <T>(items: Iterable<T>, keyOf: (item: T) => string): T[] => {
  const list = Array.isArray(items) ? (items as T[]) : [...items]
  const keys = list.map(keyOf)
  const order = keyOrder(list.length, {
    prefix: (i) => keyPrefix(keys[i]!.length, (j) => keys[i]!.charCodeAt(j)),
    compare: (i, j) => compareKeys(keys[i]!, keys[j]!),
  })
  return Array.from(order, (i) => list[i]!)
}
