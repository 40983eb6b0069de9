/** The process streams a command talks to, passed in so the program can be driven in-process too. */
import type { Readable, Writable } from 'node:stream'

export interface Io {
  readonly stdout: Writable
  readonly stderr: Writable & { readonly isTTY?: boolean; readonly columns?: number }
  readonly stdin: Readable
  readonly env: NodeJS.ProcessEnv
}

export const processIo = (): Io => ({
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
})

/** Writes and waits for the stream to drain, so a large report never piles up in memory. */
export const write = (stream: Writable, text: string): Promise<void> =>
  stream.write(text) ? Promise.resolve() : drained(stream)

/**
 * Buffers small writes into larger ones (one syscall per ~64 KiB), honouring back-pressure. Takes text and
 * bytes: the workers of a replay send their JSON already encoded, and it is written without becoming a string.
 */
export class BufferedWriter {
  private parts: Array<string | Buffer> = []
  private bytes = false
  private size = 0
  constructor(
    private readonly stream: Writable,
    private readonly threshold = 64 * 1024,
  ) {}

  async push(part: string | Buffer): Promise<void> {
    if (typeof part !== 'string' && part.length >= this.threshold) {
      // Already one large write: no copy into a buffer of our own.
      await this.flush()
      if (!this.stream.write(part)) await drained(this.stream)
      return
    }
    this.parts.push(part)
    if (typeof part !== 'string') this.bytes = true
    this.size += part.length
    if (this.size >= this.threshold) await this.flush()
  }

  /**
   * Writes `part` (after what is buffered) and resolves once the stream is done with it: the caller may then
   * write over `part`'s bytes. A stream with a file descriptor (a file, a pipe, a terminal: stdout) is done
   * with a chunk when it calls back, its bytes handed to the kernel; any other may keep the chunk (a
   * PassThrough holds it until read), so it is given a copy.
   */
  async writeOut(part: Buffer): Promise<void> {
    await this.flush()
    const chunk = typeof (this.stream as { fd?: unknown }).fd === 'number' ? part : Buffer.from(part)
    await new Promise<void>((resolve, reject) => {
      this.stream.write(chunk, (error) => (error ? reject(error) : resolve()))
    })
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return
    const parts = this.parts
    const bytes = this.bytes
    this.parts = []
    this.bytes = false
    this.size = 0
    if (!bytes) {
      await write(this.stream, parts.join(''))
      return
    }
    const chunk = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))
    if (!this.stream.write(chunk)) await drained(this.stream)
  }
}

const drained = (stream: Writable): Promise<void> =>
  new Promise((resolve, reject) => {
    const onDrain = (): void => {
      stream.off('error', onError)
      resolve()
    }
    const onError = (error: Error): void => {
      stream.off('drain', onDrain)
      reject(error)
    }
    stream.once('drain', onDrain)
    stream.once('error', onError)
  })
