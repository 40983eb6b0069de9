/**
 * Where a command reads a log from: a file path or `-` for stdin. Opening checks the path first so that a
 * missing or unreadable file is a clear usage error (exit 2) rather than a stream error half-way.
 */
import { createReadStream, fstatSync } from 'node:fs'
import { type FileHandle, open, stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { CliError } from '../exit-codes.js'

export interface InputSource {
  /** For messages: the path, or `stdin`. */
  readonly name: string
  /** Bytes to read, when known (a regular file, also as stdin). */
  readonly size: number | null
  readonly stream: AsyncIterable<Buffer | string>
}

const CHUNK = 1024 * 1024

const describeError = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES') return 'permission denied'
  if (code === 'EISDIR') return 'is a directory'
  return error instanceof Error ? error.message : String(error)
}

export interface OpenOptions {
  /**
   * Read a file into a few buffers used again and again instead of a fresh one per chunk (fresh memory
   * costs a page fault per 4 KiB here, and the collector's attention): each chunk is then valid only until
   * the next one is asked for, for a consumer that is done with a chunk before it asks for the next (the
   * replay's).
   */
  readonly reuseBuffers?: boolean
}

/** Opens `path` (or stdin for `-`). Throws CliError (exit 2) when it cannot be read. */
export const openInput = async (
  path: string,
  stdin: Readable,
  options: OpenOptions = {},
): Promise<InputSource> => {
  if (path === '-') {
    let size: number | null = null
    try {
      const s = fstatSync(0)
      if (s.isFile()) size = s.size
    } catch {
      // not a file descriptor we can stat: size unknown
    }
    return { name: 'stdin', size, stream: guard('stdin', stdin) }
  }
  let size: number
  try {
    const s = await stat(path)
    if (s.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
    size = s.isFile() ? s.size : Number.NaN
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${describeError(error)}`)
  }
  return {
    name: path,
    size: Number.isNaN(size) ? null : size,
    stream:
      options.reuseBuffers === true
        ? pooledChunks(path)
        : guard(path, createReadStream(path, { highWaterMark: CHUNK })),
  }
}

/** Buffers `pooledChunks` takes turns with: the chunk being read and the one its consumer still holds. */
const POOL = 2

/** A file's bytes in chunks read into POOL buffers in turn (see `reuseBuffers`). */
async function* pooledChunks(path: string): AsyncGenerator<Buffer> {
  let file: FileHandle
  try {
    file = await open(path, 'r')
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${describeError(error)}`)
  }
  try {
    const pool = Array.from({ length: POOL }, () => Buffer.allocUnsafeSlow(CHUNK))
    for (let turn = 0; ; turn++) {
      const buffer = pool[turn % POOL]!
      let bytesRead: number
      try {
        ;({ bytesRead } = await file.read(buffer, 0, buffer.length, null))
      } catch (error) {
        throw new CliError(`cannot read ${path}: ${describeError(error)}`)
      }
      if (bytesRead === 0) return
      yield buffer.subarray(0, bytesRead)
    }
  } finally {
    await file.close()
  }
}

/** Turns read errors into CliErrors (exit 2) with the file's name. */
async function* guard(name: string, stream: Readable): AsyncGenerator<Buffer | string> {
  try {
    for await (const chunk of stream) yield chunk as Buffer | string
  } catch (error) {
    throw new CliError(`cannot read ${name}: ${describeError(error)}`)
  }
}
