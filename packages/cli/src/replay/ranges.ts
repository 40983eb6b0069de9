/**
 * A file cut into byte ranges of whole lines, one per replay thread: each thread reads and parses its own
 * range, so no thread has to read everything and route it (which cost the main thread most of a core).
 */
import type { FileHandle } from 'node:fs/promises'

/**
 * Bytes `[start, end)` of a file: whole lines. The last range ends at the end of the file, whatever its
 * size by then (`end` infinite): lines appended since, or a size the file system did not know (/proc), are
 * read as one thread would read them.
 */
export interface FileRange {
  readonly start: number
  readonly end: number
}

/** Bytes read at a time while looking for the newline after a cut. */
const PROBE = 64 * 1024

/**
 * `parts` ranges of the open file of `size` bytes, covering it in order: each cut moves from an even share to
 * just after the next newline, so no line is split (a line longer than a share leaves a range empty). Not
 * pure: it reads around each cut.
 */
export const splitIntoRanges = async (
  file: FileHandle,
  size: number,
  parts: number,
): Promise<FileRange[]> => {
  const probe = Buffer.allocUnsafe(PROBE)
  const starts = [0]
  for (let part = 1; part < parts; part++) {
    let at = Math.max(starts[part - 1]!, Math.floor((size * part) / parts))
    let cut = size
    while (at < size) {
      const { bytesRead } = await file.read(probe, 0, PROBE, at)
      if (bytesRead === 0) break
      const newline = probe.subarray(0, bytesRead).indexOf(0x0a)
      if (newline >= 0) {
        cut = at + newline + 1
        break
      }
      at += bytesRead
    }
    starts.push(cut)
  }
  starts.push(Number.POSITIVE_INFINITY)
  return starts.slice(0, -1).map((start, part) => ({ start, end: starts[part + 1]! }))
}
