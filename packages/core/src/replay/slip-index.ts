/**
 * A replay's boletos by key, found from the key's text or straight from its bytes in a log line. A `Map`
 * keyed by the text needs the text made and hashed for every event; this is keyed by the key's FNV-1a hash
 * (a small integer, cheap to hash) and compares the candidate's key with the bytes, so a line's key becomes
 * a string once per boleto instead of once per event. Hash collisions share a bucket.
 */

/** Pure. FNV-1a, 32 bits, over UTF-16 code units (the replay's partition hash). */
export const keyHash = (key: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** Pure. `keyHash` of a key given as its ASCII bytes `bytes[start, end)` (the same code units). */
export const keyHashOfBytes = (bytes: Uint8Array, start: number, end: number): number => {
  let h = 0x811c9dc5
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  return h >>> 0
}

/** Pure. Whether `key` is the ASCII bytes `bytes[start, end)`. */
const sameKey = (key: string, bytes: Uint8Array, start: number, end: number): boolean => {
  if (key.length !== end - start) return false
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== bytes[start + i]) return false
  return true
}

/** What the index holds: anything with its key. */
export interface Keyed {
  readonly key: string
}

/** Not pure: an index. Iterates in insertion order, like a `Map`. */
export class SlipIndex<T extends Keyed> {
  private readonly buckets = new Map<number, T | T[]>()
  private count = 0

  get size(): number {
    return this.count
  }

  /** The item of `key` (its hash `hash`, `keyHash(key)`), or undefined. */
  get(key: string, hash: number = keyHash(key)): T | undefined {
    const bucket = this.buckets.get(hash)
    if (bucket === undefined) return undefined
    if (!Array.isArray(bucket)) return bucket.key === key ? bucket : undefined
    for (const item of bucket) if (item.key === key) return item
    return undefined
  }

  /** The item whose key is the ASCII bytes `bytes[start, end)` (hash `hash`), or undefined. */
  getBytes(bytes: Uint8Array, start: number, end: number, hash: number): T | undefined {
    const bucket = this.buckets.get(hash)
    if (bucket === undefined) return undefined
    if (!Array.isArray(bucket)) return sameKey(bucket.key, bytes, start, end) ? bucket : undefined
    for (const item of bucket) if (sameKey(item.key, bytes, start, end)) return item
    return undefined
  }

  /** Adds `item`, whose key is not in the index yet (hash `hash`). */
  add(item: T, hash: number = keyHash(item.key)): void {
    const bucket = this.buckets.get(hash)
    if (bucket === undefined) this.buckets.set(hash, item)
    else if (Array.isArray(bucket)) bucket.push(item)
    else this.buckets.set(hash, [bucket, item])
    this.count++
  }

  /** Removes the item of `key` (its hash `hash`), if any. */
  delete(key: string, hash: number = keyHash(key)): void {
    const bucket = this.buckets.get(hash)
    if (bucket === undefined) return
    if (!Array.isArray(bucket)) {
      if (bucket.key !== key) return
      this.buckets.delete(hash)
    } else {
      const at = bucket.findIndex((item) => item.key === key)
      if (at < 0) return
      bucket.splice(at, 1)
      if (bucket.length === 0) this.buckets.delete(hash)
    }
    this.count--
  }

  /** The items whose key hashes to `hash` (usually none or one). */
  withHash(hash: number): readonly T[] {
    const bucket = this.buckets.get(hash)
    if (bucket === undefined) return []
    return Array.isArray(bucket) ? bucket : [bucket]
  }

  /** The distinct hashes of the keys held, in no particular order. */
  hashes(): Uint32Array {
    const out = new Uint32Array(this.buckets.size)
    let i = 0
    for (const hash of this.buckets.keys()) out[i++] = hash
    return out
  }

  clear(): void {
    this.buckets.clear()
    this.count = 0
  }

  /** Every item (buckets in insertion order; colliding keys together). */
  *values(): IterableIterator<T> {
    for (const bucket of this.buckets.values())
      if (Array.isArray(bucket)) yield* bucket
      else yield bucket
  }
}
