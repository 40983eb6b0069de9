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

/** A file's bytes in chunks read into POOL buffers in turn (see `reuseBuffers`). */
export async function* pooledChunks(path: string): AsyncGenerator<Buffer> {
  const file = await openFile(path)
  try {
    // From the current position: a FIFO given by path cannot seek.
    yield* pooledReads(path, 0, Number.POSITIVE_INFINITY, async (buffer, length) => {
      return (await file.read(buffer, 0, length, null)).bytesRead
    })
  } finally {
    await file.close()
  }
}

/**
 * The bytes `[start, end)` of the open file `fd` (to its end, if shorter), read with `readSync` into POOL
 * buffers in turn: for a worker thread, which only blocks itself (an asynchronous read would wait for one of
 * libuv's pool threads to get a core when every core is busy). `name` is for messages.
 */
export const rangeChunks = (fd: number, name: string, start: number, end: number): AsyncGenerator<Buffer> =>
  pooledReads(name, start, end, async (buffer, length, position) => readSync(fd, buffer, 0, length, position))

/** Opens `path` for reading; a CliError (exit 2) when it cannot. */
export const openFile = async (path: string): Promise<FileHandle> => {
  try {
    return await open(path, 'r')
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${describeError(error)}`)
  }
}

/** The reading loop: `read(buffer, length, position)` fills the next chunk, from `start` up to `end`. */
async function* pooledReads(
  name: string,
  start: number,
  end: number,
  read: (buffer: Buffer, length: number, position: number) => Promise<number>,
): AsyncGenerator<Buffer> {
  const pool = Array.from({ length: POOL }, () => Buffer.allocUnsafeSlow(CHUNK))
  for (let turn = 0, at = start; at < end; turn++) {
    const buffer = pool[turn % POOL]!
    let bytesRead: number
    try {
      bytesRead = await read(buffer, Math.min(buffer.length, end - at), at)
    } catch (error) {
      throw new CliError(`cannot read ${name}: ${describeError(error)}`)
    }
    if (bytesRead === 0) return
    at += bytesRead
    yield buffer.subarray(0, bytesRead)
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
