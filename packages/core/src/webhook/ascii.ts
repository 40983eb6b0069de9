/** Strings from ASCII bytes, for the replay's scanner and its packed events (no decoder call per string). */

const fromCharCode = String.fromCharCode

/**
 * Node's Latin-1 decoder (`Buffer#latin1Slice`), which reads ASCII as ASCII, when the runtime has one: for the
 * usual lengths (UUIDs, datetimes) it makes the string in ~45 ns where building it in JavaScript takes ~60,
 * and it keeps the optimised code that calls it small (a 36-argument `fromCharCode` inlined wherever a string
 * is read made V8's compiler threads busier). Elsewhere, strings are built here.
 */
const nodeLatin1Slice = (
  globalThis as {
    Buffer?: { prototype: { latin1Slice?: (this: Uint8Array, start: number, end: number) => string } }
  }
).Buffer?.prototype.latin1Slice

/** Node's decoder when it reads a plain `Uint8Array` as expected (it is not a documented API), else none. */
const latin1Slice = (() => {
  try {
    return nodeLatin1Slice?.call(new Uint8Array([0x41, 0x42, 0xe9]), 0, 3) === 'AB\u00e9'
      ? nodeLatin1Slice
      : undefined
  } catch {
    return undefined
  }
})()

/** Shorter strings are built here: a native call costs more than a few bytes. */
const NATIVE_FROM = 8

/**
 * Pure. The string of the ASCII bytes (below 0x80) `b[s, e)` (each byte one character, as in Latin-1).
 * Without Node's decoder: eight bytes per `fromCharCode` call (not `TextDecoder`, a call into C++ per
 * string, nor `apply`).
 */
export const ascii = (b: Uint8Array, s: number, e: number): string => {
  if (latin1Slice !== undefined && e - s >= NATIVE_FROM) return latin1Slice.call(b, s, e)
  return built(b, s, e)
}

/** Pure. `ascii` without the native decoder (exported for its test against it). */
export const built = (b: Uint8Array, s: number, e: number): string => {
  let text = ''
  let i = s
  for (; i + 8 <= e; i += 8)
    text += fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!)
  for (; i < e; i++) text += fromCharCode(b[i]!)
  return text
}
