/**
 * Sorting millions of boletos by key. A comparison sort over objects scattered in memory misses the cache
 * on nearly every comparison; bucketing by the first two characters first (one pass, in memory order) and
 * then sorting each small bucket, which fits in the cache, gives the same order in about two thirds of the
 * time on UUID keys.
 */

/** Pure. Orders keys as `Array#sort` does by default (UTF-16 code units). */
export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Characters below this get a bucket per (first, second) pair; the rest share buckets in order. */
const SPAN = 128
/** Per first character: keys of length 1, then one bucket per second character, then the others. */
const PER_FIRST = SPAN + 2
/** The empty key, then the first-character groups, then every key whose first character is past SPAN. */
const BUCKETS = 1 + SPAN * PER_FIRST + 1

/** Pure. The bucket of `key`: buckets in increasing order hold keys in increasing order. */
const bucketOf = (key: string): number => {
  if (key.length === 0) return 0
  const first = key.charCodeAt(0)
  if (first >= SPAN) return BUCKETS - 1
  if (key.length === 1) return 1 + first * PER_FIRST
  const second = key.charCodeAt(1)
  return 1 + first * PER_FIRST + (second < SPAN ? 1 + second : SPAN + 1)
}

/** Pure. `items` in key order (a new array), as `[...items].sort((a, b) => compareKeys(keyOf(a), keyOf(b)))`. */
export const sortByKey = <T>(items: Iterable<T>, keyOf: (item: T) => string): T[] => {
  const buckets: Array<T[] | undefined> = new Array(BUCKETS)
  for (const item of items) {
    const b = bucketOf(keyOf(item))
    const bucket = buckets[b]
    if (bucket === undefined) buckets[b] = [item]
    else bucket.push(item)
  }
  const out: T[] = []
  const byKey = (x: T, y: T): number => compareKeys(keyOf(x), keyOf(y))
  for (const bucket of buckets) {
    if (bucket === undefined) continue
    if (bucket.length > 1) bucket.sort(byKey)
    for (const item of bucket) out.push(item)
  }
  return out
}
