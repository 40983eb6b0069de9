/** Strings from ASCII bytes, for the replay's scanner and its packed events (no decoder call per string). */

const fromCharCode = String.fromCharCode

/**
 * Pure. The string of the ASCII bytes (below 0x80) `b[s, e)`. One `fromCharCode` call with every byte as an
 * argument gives a flat string at a fraction of the cost of `TextDecoder` (a call into C++) or `apply`; the
 * usual lengths (UUIDs, millisecond datetimes, dates) have their own call, the rest goes by pieces.
 */
export const ascii = (b: Uint8Array, s: number, e: number): string => {
  switch (e - s) {
    case 36:
      // biome-ignore format: one byte per argument, eight per line
      return fromCharCode(
        b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!,
        b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!,
        b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!, b[s + 22]!, b[s + 23]!,
        b[s + 24]!, b[s + 25]!, b[s + 26]!, b[s + 27]!, b[s + 28]!, b[s + 29]!, b[s + 30]!, b[s + 31]!,
        b[s + 32]!, b[s + 33]!, b[s + 34]!, b[s + 35]!,
      )
    case 24:
      // biome-ignore format: one byte per argument, eight per line
      return fromCharCode(
        b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!,
        b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!,
        b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!, b[s + 22]!, b[s + 23]!,
      )
    case 10:
      // biome-ignore format: one byte per argument
      return fromCharCode(
        b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!,
      )
  }
  let text = ''
  let i = s
  for (; i + 8 <= e; i += 8)
    text += fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!)
  for (; i < e; i++) text += fromCharCode(b[i]!)
  return text
}
