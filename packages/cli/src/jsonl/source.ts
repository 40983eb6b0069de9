/**
 * Where a command reads a log from: a file path or `-` for stdin. Opening checks the path first so that a
 * missing or unreadable file is a clear usage error (exit 2) rather than a stream error half-way.
 */
import { createReadStream, fstatSync, readSync } from 'node:fs'
import { type FileHandle, open, stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { CliError } from '../exit-codes.js'

export interface InputSource {
  /** For messages: the path, or `stdin`. */
  readonly name: string
  /** Bytes to read, when known (a regular file, also as stdin). */
  readonly size: number | null
  /** The file, when it is a regular file given by path: threads can then each read a part of it. */
  readonly path: string | null
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
    return { name: 'stdin', size, path: null, stream: guard('stdin', stdin) }
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
    path: Number.isNaN(size) ? null : path,
    stream:
      options.reuseBuffers === true
        ? pooledChunks(path)
        : guard(path, createReadStream(path, { highWaterMark: CHUNK })),
  }
}

/** Buffers `pooledChunks` takes turns with: the chunk being read and the one its consumer still holds. */
const POOL = 2

export interface ChunkOptions {
  readonly start?: number
  readonly end?: number
  /**
   * Read with `readSync`, for a worker thread (only it waits): when every core is busy, an asynchronous
   * read waits for one of libuv's pool threads to get a core, and the reader with it.
   */
  readonly blocking?: boolean
}

/**
 * The bytes `[start, end)` of a file (to its end, if shorter) in chunks read into POOL buffers in turn
 * (see `reuseBuffers`: each chunk is valid until the next is asked for).
 */
export async function* pooledChunks(path: string, options: ChunkOptions = {}): AsyncGenerator<Buffer> {
  const { start = 0, end = Number.POSITIVE_INFINITY, blocking = false } = options
  let file: FileHandle
  try {
    file = await open(path, 'r')
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${describeError(error)}`)
  }
  try {
    const pool = Array.from({ length: POOL }, () => Buffer.allocUnsafeSlow(CHUNK))
    // A whole file is read from its current position: a FIFO given by path cannot seek.
    const whole = start === 0 && end === Number.POSITIVE_INFINITY
    for (let turn = 0, at = start; at < end; turn++) {
      const buffer = pool[turn % POOL]!
      let bytesRead: number
      try {
        const length = Math.min(buffer.length, end - at)
        const position = whole ? null : at
        bytesRead = blocking
          ? readSync(file.fd, buffer, 0, length, position)
          : (await file.read(buffer, 0, length, position)).bytesRead
      } catch (error) {
        throw new CliError(`cannot read ${path}: ${describeError(error)}`)
      }
      if (bytesRead === 0) return
      at += bytesRead
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
