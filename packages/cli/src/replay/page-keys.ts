/** The keys of a merge page as they travel to the main thread (protocol.ts's `keyCodes`, `keyEnds`). */

/** Any UTF-16 code unit past Latin-1 (no `u` flag: lone surrogates are code units too). */
const PAST_LATIN1 = /[\u0100-\uffff]/

/**
 * Pure. The keys as one run of code units and where each ends (the page's `keyCodes`, `keyEnds`): one byte
 * each when every key is Latin-1 (QI's keys are UUIDs), encoded natively; two otherwise.
 */
export const keyCodes = (
  keys: readonly string[],
): { keyCodes: Uint8Array | Uint16Array; keyEnds: Uint32Array } => {
  const keyEnds = new Uint32Array(keys.length)
  let end = 0
  for (let i = 0; i < keys.length; i++) keyEnds[i] = end += keys[i]!.length
  const text = keys.join('')
  if (!PAST_LATIN1.test(text)) {
    // Not from Buffer's pool: the buffer is moved to the main thread.
    const bytes = Buffer.allocUnsafeSlow(text.length)
    bytes.write(text, 0, 'latin1')
    return { keyCodes: new Uint8Array(bytes.buffer, 0, text.length), keyEnds }
  }
  const codes = new Uint16Array(text.length)
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i)
  return { keyCodes: codes, keyEnds }
}
