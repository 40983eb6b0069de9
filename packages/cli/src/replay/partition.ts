/** Which worker folds a boleto: a hash of its key, so every thread agrees without talking. */
import { keyHash, keyHashOfBytes } from '@boleto/core/replay'

/** FNV-1a, 32 bits, over the key's UTF-16 code units (or its ASCII bytes): core's, which indexes boletos by it. */
export { keyHash, keyHashOfBytes }

/** Pure. The worker (0 to `workers - 1`) that owns the boletos whose key hashes (`keyHash`) to `hash`. */
export const ownerOfHash = (hash: number, workers: number): number => hash % workers

/** Pure. The worker (0 to `workers - 1`) that owns boleto `key`. */
export const ownerOf = (key: string, workers: number): number => ownerOfHash(keyHash(key), workers)
