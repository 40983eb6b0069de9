/** Which worker folds a boleto: a hash of its key, so every thread agrees without talking. */
import { keyHash, keyHashOfBytes } from '@boleto/core/replay'

/** FNV-1a, 32 bits, over the key's UTF-16 code units (or its ASCII bytes): core's, which indexes boletos by it. */
export { keyHash, keyHashOfBytes }

/** Pure. The worker (0 to `workers - 1`) that owns the boletos whose key hashes (`keyHash`) to `hash`. */
export const ownerOfHash = (hash: number, workers: number): number => hash % workers

/** Pure. The worker (0 to `workers - 1`) that owns boleto `key`. */
export const ownerOf = (key: string, workers: number): number => ownerOfHash(keyHash(key), workers)

/**
 * Pure. The hashes of `mine` also found in any of `others`, each once, ascending: the boletos a worker shares
 * with other ranges. Every list is ascending and distinct (core's `keyHashes`), so this is a merge walk, not a
 * set of a million numbers (hashes past 2^31 are heap numbers: building such a set took ~0.1 s per worker).
 */
export const sharedHashes = (mine: Uint32Array, others: readonly Uint32Array[]): number[] => {
  const shared = new Uint8Array(mine.length)
  for (const theirs of others) {
    let i = 0
    let j = 0
    while (i < mine.length && j < theirs.length) {
      if (mine[i]! < theirs[j]!) i++
      else if (mine[i]! > theirs[j]!) j++
      else {
        shared[i++] = 1
        j++
      }
    }
  }
  const out: number[] = []
  for (let i = 0; i < mine.length; i++) if (shared[i] === 1) out.push(mine[i]!)
  return out
}
