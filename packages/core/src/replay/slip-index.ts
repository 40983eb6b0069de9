/**
 * A replay's boletos by key, found from the key's text or straight from its bytes in a log line. Each boleto
 * is a number (its id) into typed arrays: its key's hash, its newest packed record, its event count, and its
 * key, as bytes in one arena when it is ASCII (the usual case). A million boletos held as objects, strings
 * and `Map` entries are ~100 MB the collector copies and marks again and again while the log is read; held
 * this way they are ~30 MB it never looks inside, and a line's key becomes a string only when its boleto is
 * reported. Ids are found through an open-addressing table keyed by the FNV-1a hash; colliding keys are told
 * apart by comparing them.
 */
import { ascii } from '../webhook/ascii.js'
import { compareKeys, keyOrder, keyPrefix } from './key-order.js'
import { NO_RECORD, type RecordHandle } from './packed.js'

/** Pure. FNV-1a, 32 bits, over UTF-16 code units (the replay's partition hash). */
export const keyHash = (key: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** Pure. `keyHash` of a key given as its ASCII bytes `bytes[start, end)` (the same code units). */
export const keyHashOfBytes = (bytes: Uint8Array, start: number, end: number): number => {
  let h = 0x811c9dc5
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  return h >>> 0
}

/** What the lookups answer for a key the index does not hold. */
export const NO_SLIP = -1

/** `lengthOf` of a removed boleto: no key has it, so no lookup finds it. */
const REMOVED = -1

/** Pure. Whether every code unit of `key` is ASCII: its bytes are then its code units. */
const isAscii = (key: string): boolean => {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 0x7f) return false
  return true
}

/**
 * Boletos a table is sized for up front, at most (~400 MB of address space; pages are touched only as they
 * fill): a hint from a huge log sizes nothing beyond, and the tables grow from there.
 */
const MAX_PRESIZED = 4_000_000

/** Pure. Slots for `entries` ids at most half full: a power of two (the hash is masked), at least 32. */
const tableSize = (entries: number): number => {
  let size = 32
  while (size < 2 * (entries + 1)) size *= 2
  return size
}

/** `SlipIndex.fields`: numbers per id, and which is which. */
const FIELDS = 4
const NEWEST = 0
const KEY_AT = 1
const COUNT = 2
const LENGTH = 3

/** Not pure: an index. Ids are handed out in insertion order and never reused (until `clear`). */
export class SlipIndex {
  /** Ids handed out. */
  private next = 0
  private live = 0
  /** Slots in use: the ids held and the removed ones not yet dropped by a rehash. */
  private occupied = 0
  /** Two keys added shared a hash (then `hashes` leaves the repeats out). */
  private collided = false
  private hashOf: Uint32Array
  /**
   * Per id, `FIELDS` numbers side by side (what finding a boleto and adding an event to it read and write,
   * in one cache line rather than four arrays' worth): its newest record, where its key is (`KEY_AT`), its
   * event count, its key's length in code units (or `REMOVED`).
   */
  private fields: Float64Array
  /** `keyPrefix` of the key, found while it is at hand: sorting then reads no key. */
  private prefixOf: Float64Array
  private arena: Uint8Array
  private arenaUsed = 0
  /** Keys with a code unit past ASCII (any string QI sends is kept as sent): rare, kept as strings. */
  private wide: string[] = []
  /** Open addressing, linear probing: pairs (hash, id + 1); 0 is an empty slot. Never fuller than half. */
  private slots: Int32Array

  /**
   * `expected`: how many boletos it will probably hold, to size its arrays once (memory not written to is
   * not touched: an overestimate costs address space, not pages; growing copies everything and touches
   * fresh pages each time).
   */
  constructor(expected = 0) {
    // A hint only: nonsense sizes nothing, and beyond MAX_PRESIZED the tables grow as they fill.
    const hint = Number.isFinite(expected) && expected > 0 ? Math.min(Math.ceil(expected), MAX_PRESIZED) : 0
    const entries = Math.max(16, hint)
    this.hashOf = new Uint32Array(entries)
    this.fields = new Float64Array(entries * FIELDS)
    this.prefixOf = new Float64Array(entries)
    // UUIDs, QI's keys, take 36 bytes.
    this.arena = new Uint8Array(Math.max(1024, entries * 36))
    this.slots = new Int32Array(2 * tableSize(entries))
  }

  /** Boletos held. */
  get size(): number {
    return this.live
  }

  /** The id of `key` (its hash `hash`), or `NO_SLIP`. */
  find(key: string, hash: number = keyHash(key)): number {
    const slots = this.slots
    const mask = (slots.length >> 1) - 1
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const entry = slots[2 * s + 1]!
      if (entry === 0) return NO_SLIP
      if (slots[2 * s]! === (hash | 0) && this.isKey(entry - 1, key)) return entry - 1
    }
  }

  /** The id of the key whose ASCII bytes are `bytes[start, end)` (its hash `hash`), or `NO_SLIP`. */
  findBytes(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots
    const mask = (slots.length >> 1) - 1
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const entry = slots[2 * s + 1]!
      if (entry === 0) return NO_SLIP
      if (slots[2 * s]! === (hash | 0) && this.isKeyBytes(entry - 1, bytes, start, end)) return entry - 1
    }
  }

  /** Adds `key`, not held yet (its hash `hash`), with no record and no event; its id. */
  add(key: string, hash: number = keyHash(key)): number {
    const prefix = keyPrefix(key.length, (j) => key.charCodeAt(j))
    if (!isAscii(key)) {
      const id = this.allocate(hash, -1 - this.wide.length, key.length, prefix)
      this.wide.push(key)
      return id
    }
    const at = this.reserveKey(key.length)
    for (let i = 0; i < key.length; i++) this.arena[at + i] = key.charCodeAt(i)
    return this.allocate(hash, at, key.length, prefix)
  }

  /** `add` of the key whose ASCII bytes are `bytes[start, end)`, without making it a string. */
  addBytes(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const at = this.reserveKey(end - start)
    this.arena.set(bytes.subarray(start, end), at)
    return this.allocate(
      hash,
      at,
      end - start,
      keyPrefix(end - start, (j) => bytes[start + j]!),
    )
  }

  /** Boleto `id`'s key, as a new string. */
  key(id: number): string {
    const at = this.keyAt(id)
    return at < 0 ? this.wide[-1 - at]! : ascii(this.arena, at, at + this.lengthOf(id))
  }

  /**
   * Reads the first byte of the keys of `ids[from, to)` and nothing else, so that the cache misses of keys
   * read in key order (their bytes lie in arrival order) overlap instead of queueing, as `PackedEvents.warm`
   * does for records (measured: 65 ms for 167,000 keys made in key order, 20-28 ms warmed). Returns a sum
   * of the bytes read, so that the loads are not optimised away.
   */
  warmKeys(ids: Int32Array, from: number, to: number): number {
    let sum = 0
    for (let i = from; i < to; i++) {
      const at = this.keyAt(ids[i]!)
      if (at >= 0) sum += this.arena[at]!
    }
    return sum
  }

  /** Boleto `id`'s key hash. */
  hash(id: number): number {
    return this.hashOf[id]!
  }

  /** Boleto `id`'s newest packed record (`NO_RECORD` before its first). */
  newest(id: number): RecordHandle {
    return this.fields[id * FIELDS + NEWEST]!
  }

  setNewest(id: number, record: RecordHandle): void {
    this.fields[id * FIELDS + NEWEST] = record
  }

  /** How many events boleto `id` has. */
  count(id: number): number {
    return this.fields[id * FIELDS + COUNT]!
  }

  addCount(id: number, events: number): void {
    this.fields[id * FIELDS + COUNT] = this.fields[id * FIELDS + COUNT]! + events
  }

  /** Removes boleto `id` (its slot stays, found by no key: a tombstone until the table grows). */
  remove(id: number): void {
    if (!this.isHeld(id)) return
    this.fields[id * FIELDS + LENGTH] = REMOVED
    this.live--
  }

  /** The ids held, in insertion order. */
  ids(): Int32Array {
    const out = new Int32Array(this.live)
    let n = 0
    for (let id = 0; id < this.next; id++) if (this.isHeld(id)) out[n++] = id
    return out
  }

  /** The ids whose key hashes to `hash` (usually none or one). */
  withHash(hash: number): number[] {
    const out: number[] = []
    const slots = this.slots
    const mask = (slots.length >> 1) - 1
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const entry = slots[2 * s + 1]!
      if (entry === 0) return out
      if (slots[2 * s]! === (hash | 0) && this.isHeld(entry - 1)) out.push(entry - 1)
    }
  }

  /**
   * The hash of every key held, each once, in insertion order: a copy of one array while nothing was removed
   * and no two keys shared a hash (the usual case; otherwise the repeats are left out).
   */
  hashes(): Uint32Array {
    if (this.live === this.next && !this.collided) return this.hashOf.slice(0, this.next)
    const out = new Uint32Array(this.live)
    let n = 0
    for (let id = 0; id < this.next; id++)
      if (this.isHeld(id) && (!this.collided || this.firstWithHash(id))) out[n++] = this.hashOf[id]!
    return out.slice(0, n)
  }

  /** Whether `id` is the first id held (in the probe order) whose key hashes to its hash. */
  private firstWithHash(id: number): boolean {
    return this.firstHeld(this.hashOf[id]!) === id
  }

  /** Whether a key held hashes to `hash`. */
  holds(hash: number): boolean {
    return this.firstHeld(hash) !== NO_SLIP
  }

  /** The first id held (in the probe order) whose key hashes to `hash`, or `NO_SLIP`. */
  private firstHeld(hash: number): number {
    const slots = this.slots
    const mask = (slots.length >> 1) - 1
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const entry = slots[2 * s + 1]!
      if (entry === 0) return NO_SLIP
      if (slots[2 * s]! === (hash | 0) && this.isHeld(entry - 1)) return entry - 1
    }
  }

  /** The ids held, in key order (`compareKeys`), without making the keys strings. */
  sortedIds(): Int32Array {
    const ids = this.ids()
    const order = keyOrder(ids.length, {
      prefix: (i) => this.prefixOf[ids[i]!]!,
      compare: (i, j) => this.compare(ids[i]!, ids[j]!),
    })
    for (let i = 0; i < order.length; i++) order[i] = ids[order[i]!]!
    return order
  }

  /** Forgets every boleto; `release`: gives the memory back too. */
  clear(release = true): void {
    this.next = 0
    this.live = 0
    this.occupied = 0
    this.collided = false
    this.arenaUsed = 0
    this.wide = []
    if (!release) {
      this.slots.fill(0)
      return
    }
    Object.assign(this, new SlipIndex())
  }

  /** Where boleto `id`'s key is: in `arena` from there, or (below 0) `wide[-1 - at]`. */
  private keyAt(id: number): number {
    return this.fields[id * FIELDS + KEY_AT]!
  }

  /** Boleto `id`'s key length in code units, or `REMOVED`. */
  private lengthOf(id: number): number {
    return this.fields[id * FIELDS + LENGTH]!
  }

  private isHeld(id: number): boolean {
    return this.lengthOf(id) !== REMOVED
  }

  private compare(a: number, b: number): number {
    if (this.keyAt(a) < 0 || this.keyAt(b) < 0) return compareKeys(this.key(a), this.key(b))
    const la = this.lengthOf(a)
    const lb = this.lengthOf(b)
    const n = Math.min(la, lb)
    const arena = this.arena
    const ia = this.keyAt(a)
    const ib = this.keyAt(b)
    for (let i = 0; i < n; i++) {
      const d = arena[ia + i]! - arena[ib + i]!
      if (d !== 0) return d
    }
    return la - lb
  }

  private isKey(id: number, key: string): boolean {
    if (this.lengthOf(id) !== key.length) return false
    const at = this.keyAt(id)
    if (at < 0) return this.wide[-1 - at] === key
    const arena = this.arena
    for (let i = 0; i < key.length; i++) if (arena[at + i] !== key.charCodeAt(i)) return false
    return true
  }

  private isKeyBytes(id: number, bytes: Uint8Array, start: number, end: number): boolean {
    const length = end - start
    // A wide key is never equal to ASCII bytes.
    if (this.lengthOf(id) !== length || this.keyAt(id) < 0) return false
    const arena = this.arena
    const at = this.keyAt(id)
    for (let i = 0; i < length; i++) if (arena[at + i] !== bytes[start + i]) return false
    return true
  }

  private reserveKey(length: number): number {
    if (this.arenaUsed + length > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length))
      grown.set(this.arena.subarray(0, this.arenaUsed))
      this.arena = grown
    }
    const at = this.arenaUsed
    this.arenaUsed += length
    return at
  }

  private allocate(hash: number, keyAt: number, length: number, prefix: number): number {
    if (this.next === this.hashOf.length) this.growEntries()
    // At most half full, tombstones included: probes stay short.
    if (2 * (this.occupied + 1) > this.slots.length >> 1) this.rehash()
    const id = this.next++
    this.live++
    this.occupied++
    this.hashOf[id] = hash
    this.fields[id * FIELDS + NEWEST] = NO_RECORD
    this.fields[id * FIELDS + COUNT] = 0
    this.fields[id * FIELDS + KEY_AT] = keyAt
    this.fields[id * FIELDS + LENGTH] = length
    this.prefixOf[id] = prefix
    this.place(id)
    return id
  }

  private place(id: number): void {
    const slots = this.slots
    const mask = (slots.length >> 1) - 1
    const hash = this.hashOf[id]!
    let s = hash & mask
    while (slots[2 * s + 1] !== 0) {
      if (slots[2 * s] === (hash | 0)) this.collided = true
      s = (s + 1) & mask
    }
    slots[2 * s] = hash | 0
    slots[2 * s + 1] = id + 1
  }

  /** A table a quarter full of the ids held (tombstones dropped), for the one being added. */
  private rehash(): void {
    this.slots = new Int32Array(2 * tableSize(2 * (this.live + 1)))
    for (let id = 0; id < this.next; id++) if (this.isHeld(id)) this.place(id)
    this.occupied = this.live
  }

  private growEntries(): void {
    const size = Math.max(16, this.hashOf.length * 2)
    const grow = <A extends Uint32Array | Float64Array | Int32Array>(old: A, made: A): A => {
      made.set(old as never)
      return made
    }
    this.hashOf = grow(this.hashOf, new Uint32Array(size))
    this.fields = grow(this.fields, new Float64Array(size * FIELDS))
    this.prefixOf = grow(this.prefixOf, new Float64Array(size))
  }
}
