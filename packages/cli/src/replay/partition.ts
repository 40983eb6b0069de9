/** Which worker folds a boleto: a hash of its key, so every thread agrees without talking. */

/** Pure. FNV-1a, 32 bits, over the key's UTF-16 code units. */
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

/** Pure. The worker (0 to `workers - 1`) that owns boleto `key`. */
export const ownerOf = (key: string, workers: number): number => keyHash(key) % workers
