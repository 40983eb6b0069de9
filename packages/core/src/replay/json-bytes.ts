/**
 * JSON written as UTF-8 bytes, value by value, for reports of hundreds of MB: text built by concatenation is
 * a tree of pieces that has to be walked and copied again to become bytes (measured: that walk cost more
 * than building the text), while bytes written as they are made are ready to hand to a file. Not pure: a
 * growing buffer.
 */

/**
 * A fixed piece of JSON (punctuation and a field name, with a known value at times), ASCII, encoded once: a
 * report writes hundreds of bytes of these per boleto, and bytes copied four at a time cost a fifth of
 * characters read one by one (`raw`).
 */
export interface JsonPiece {
  readonly text: string
  /** Its bytes as little-endian 32-bit words, the last one padded with zeros. */
  readonly words: Int32Array
}

/** Pure. The piece of `json` (ASCII JSON text: punctuation, quoted names, literals). */
export const jsonPiece = (json: string): JsonPiece => {
  const words = new Int32Array(Math.ceil(json.length / 4))
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (c > 0x7e) throw new Error(`jsonPiece: not printable ASCII: ${JSON.stringify(json)}`)
    // Little-endian whatever the host's order: `JsonBytes.piece` writes the words little-endian.
    words[i >> 2]! |= c << (8 * (i & 3))
  }
  return { text: json, words }
}

/** Where JSON is written, one token at a time: text (compact-json.ts) or bytes (`JsonBytes`). */
export interface JsonWriter {
  /** Text that is already JSON and ASCII (punctuation, field names, `null`). */
  raw(json: string): void
  /** A piece made by `jsonPiece`: `raw(piece.text)`. */
  piece(piece: JsonPiece): void
  /** A string, quoted and escaped as `JSON.stringify` does. */
  string(text: string): void
  /** A number as `JSON.stringify` writes it inside an object (`null` if not finite). */
  number(value: number): void
  /** Any JSON value as `JSON.stringify` writes it inside an object or array (never `undefined`). */
  value(value: unknown): void
  /** How much is written: a position for `repeat`. */
  readonly length: number
  /** What was written between positions `start` and `end` (from `length`), written again. */
  repeat(start: number, end: number): void
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const MINUS = 0x2d
const ZERO = 0x30

const encoder = new TextEncoder()

/** Pure. Whether `text` needs no escape and is ASCII: JSON is then the text between quotes. */
const isPlainJsonText = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // Quote, backslash, control characters, and anything past ASCII (lone surrogates are escaped).
    if (c < 0x20 || c === QUOTE || c === BACKSLASH || c > 0x7e) return false
  }
  return true
}

/** Pure. `JSON.stringify(text)`, without the call for text with nothing to escape (keys, dates, codes). */
export const jsonString = (text: string): string =>
  isPlainJsonText(text) ? `"${text}"` : JSON.stringify(text)

/**
 * Writes JSON as UTF-8 into a buffer it owns from `length` on: a piece is written in whole words, so up to
 * three bytes past what was written may be written over (and a buffer grows when a piece's words do not
 * fit); only the first `length` bytes of `bytes` are the JSON.
 */
export class JsonBytes implements JsonWriter {
  private buffer: Uint8Array
  /** The buffer's view, for pieces. */
  private view: DataView
  private at = 0

  /** Writes into `buffer` (from its start), growing into a new one when it is full. */
  constructor(buffer: Uint8Array = new Uint8Array(64 * 1024)) {
    this.buffer = buffer
    this.view = viewOf(buffer)
  }

  /** Bytes written so far. */
  get length(): number {
    return this.at
  }

  /** The buffer written into: its first `length` bytes are the JSON (a new one if it grew). */
  get bytes(): Uint8Array {
    return this.buffer
  }

  /** Starts again at the beginning of `buffer` (the bytes written so far are left to their holder). */
  reset(buffer: Uint8Array = this.buffer): void {
    if (buffer !== this.buffer) {
      this.buffer = buffer
      this.view = viewOf(buffer)
    }
    this.at = 0
  }

  raw(json: string): void {
    if (this.at + json.length > this.buffer.length) this.grow(json.length)
    const b = this.buffer
    let at = this.at
    for (let i = 0; i < json.length; i++) b[at++] = json.charCodeAt(i)
    this.at = at
  }

  piece(piece: JsonPiece): void {
    const words = piece.words
    // Whole words: up to three bytes past the piece, which the next token writes over (or nobody reads).
    if (this.at + words.length * 4 > this.buffer.length) this.grow(words.length * 4)
    const view = this.view
    const at = this.at
    for (let i = 0; i < words.length; i++) view.setInt32(at + i * 4, words[i]!, true)
    this.at = at + piece.text.length
  }

  string(text: string): void {
    if (this.at + text.length + 2 > this.buffer.length) this.grow(text.length + 2)
    const b = this.buffer
    let at = this.at
    b[at++] = QUOTE
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c < 0x20 || c === QUOTE || c === BACKSLASH || c > 0x7e) {
        // Rare (escapes, accents): the standard quoting, encoded.
        this.json(JSON.stringify(text))
        return
      }
      b[at++] = c
    }
    b[at++] = QUOTE
    this.at = at
  }

  number(value: number): void {
    if (value !== (value | 0)) {
      // Not a 32-bit integer: fractions, exponents, big amounts, NaN; all ASCII.
      this.raw(Number.isFinite(value) ? String(value) : 'null')
      return
    }
    if (this.at + 11 > this.buffer.length) this.grow(11)
    const b = this.buffer
    let n = value
    if (n < 0) {
      b[this.at++] = MINUS
      n = -n
    }
    let digits = 1
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++
    let at = this.at + digits
    this.at = at
    do {
      const next = Math.floor(n / 10)
      b[--at] = ZERO + (n - next * 10)
      n = next
    } while (n > 0)
  }

  value(value: unknown): void {
    if (typeof value === 'string') this.string(value)
    else if (typeof value === 'number') this.number(value)
    else if (value === null) this.raw('null')
    else if (typeof value === 'boolean') this.raw(value ? 'true' : 'false')
    else this.json(JSON.stringify(value) ?? 'null')
  }

  repeat(start: number, end: number): void {
    if (this.at + (end - start) > this.buffer.length) this.grow(end - start)
    this.buffer.copyWithin(this.at, start, end)
    this.at += end - start
  }

  /** Bytes that are already JSON as UTF-8 (written by another `JsonBytes`), copied. */
  append(bytes: Uint8Array): void {
    if (this.at + bytes.length > this.buffer.length) this.grow(bytes.length)
    this.buffer.set(bytes, this.at)
    this.at += bytes.length
  }

  /** Text that is already JSON, any characters, encoded as UTF-8 (JSON text has no lone surrogates). */
  json(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.at + text.length * 3 > this.buffer.length) this.grow(text.length * 3)
    this.at += encoder.encodeInto(text, this.buffer.subarray(this.at)).written
  }

  /** A buffer with room for `bytes` more (the check is at each call site: it runs for every token). */
  private grow(bytes: number): void {
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.at + bytes))
    grown.set(this.buffer.subarray(0, this.at))
    this.buffer = grown
    this.view = viewOf(grown)
  }
}

const viewOf = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/** The text twin of `JsonBytes`, for a report held as a string. Not pure: it accumulates. */
export class JsonText implements JsonWriter {
  text = ''

  get length(): number {
    return this.text.length
  }

  repeat(start: number, end: number): void {
    this.text += this.text.slice(start, end)
  }

  raw(json: string): void {
    this.text += json
  }

  piece(piece: JsonPiece): void {
    this.text += piece.text
  }

  string(text: string): void {
    this.text += jsonString(text)
  }

  number(value: number): void {
    this.text += Number.isFinite(value) ? String(value) : 'null'
  }

  value(value: unknown): void {
    if (typeof value === 'string') this.string(value)
    else if (typeof value === 'number') this.number(value)
    else this.text += JSON.stringify(value) ?? 'null'
  }
}
