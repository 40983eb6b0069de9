/**
 * Decoded webhooks packed as bytes, for replays that must hold millions of them until every boleto's events
 * are in. A decoded `WebhookEvent` costs ~300 B of heap (an object, its strings, a slot in an array) and,
 * kept alive, is copied and marked by every collection; packed, the usual event takes ~90 B of flat
 * `Uint8Array` the collector never looks inside. Events the packing does not cover (unknown enum values,
 * unknown fields, decode issues, non-ASCII or very long strings) are kept as objects beside it: they are
 * rare, and unpacking returns exactly what was packed either way.
 *
 * Each boleto's records form a chain (each points to the previous one of the same boleto), so a boleto is
 * one number (its newest record) and a count, whatever its length.
 */
import type { PaymentDetails, WebhookEvent } from '../domain/events.js'
import {
  BANK_SLIP_STATUSES,
  LEGACY_WEBHOOK_TYPE,
  OCCURRENCE_STATUSES,
  OCCURRENCE_TYPES,
  PAYMENT_METHODS,
  PAYMENT_ORIGINS,
  WEBHOOK_TYPES,
} from '../domain/vocabulary.js'
import { ascii } from '../webhook/ascii.js'
import {
  BANK_SLIP_STATUS_CODE,
  type CompactFields,
  eventOfFields,
  OCCURRENCE_STATUS_CODE,
  OCCURRENCE_TYPE_CODE,
  PAYMENT_METHOD_CODE,
  PAYMENT_ORIGIN_CODE,
  WEBHOOK_TYPE_CODE,
} from '../webhook/scan.js'

/** Where a record is: `chunk * CHUNK_BYTES + offset`. */
export type RecordHandle = number

/** No previous record: the boleto's first. */
export const NO_RECORD: RecordHandle = -1

const CHUNK_BYTES = 1 << 20
/** Longest string packed inline (its length + 1 fits a byte); longer ones send the event to the object side. */
const MAX_STRING = 254
/**
 * Upper bound of a packed record (header, three strings at their maximum, the fixed fields), so none spans
 * chunks and its length fits the header's u16.
 */
const MAX_RECORD = 1024

/** Record header: previous record (f64), input position (f64), record length in bytes (u16). */
const HEADER = 18

// Flags (one byte).
const OBJECT = 1
const HAS_PAYMENT = 2

// Payment presence bits (one byte): the five amounts, then credit date.
const CREDIT_DATE = 32

/** Code 0 is null; code i + 1 is `values[i]`. */
const codes = (values: readonly string[]): Map<string, number> => new Map(values.map((v, i) => [v, i + 1]))
const WEBHOOK_TYPE_VALUES: readonly string[] = [...WEBHOOK_TYPES, LEGACY_WEBHOOK_TYPE]
const webhookTypeCodes = codes(WEBHOOK_TYPE_VALUES)
const statusCodes = codes(BANK_SLIP_STATUSES)
const occurrenceTypeCodes = codes(OCCURRENCE_TYPES)
const occurrenceStatusCodes = codes(OCCURRENCE_STATUSES)
const methodCodes = codes(PAYMENT_METHODS)
const originCodes = codes(PAYMENT_ORIGINS)

/** Not packable: an unknown value (an object) or a string outside the tables. */
const UNPACKABLE = -1

const codeOf = (table: Map<string, number>, value: unknown): number => {
  if (value === null) return 0
  return typeof value === 'string' ? (table.get(value) ?? UNPACKABLE) : UNPACKABLE
}

/**
 * Pure. `code` when it is `value`'s code (`values[code - 1]`, or 0 for null), else `value`'s code looked up:
 * a scanned value's code is checked with one array read instead of found by a Map lookup. `value` is one of
 * `values` or null (a compact line's fields are known values).
 */
const checkedCode = (
  values: readonly string[],
  table: Map<string, number>,
  code: number,
  value: string | null,
): number => {
  if (code === 0 ? value === null : values[code - 1] === value) return code
  return value === null ? 0 : table.get(value)!
}

/** Whether `value` fits a length byte; whether it is ASCII is learnt while it is written (`putString`). */
const packableLength = (value: string | null): boolean => value === null || value.length <= MAX_STRING

/** `putString`'s answer for a string that is not ASCII: the event goes to the object side. */
const NOT_ASCII = -1

/** An append-only store of packed events. Not pure: it is a buffer. */
export class PackedEvents {
  private chunks: Uint8Array[] = []
  private views: DataView[] = []
  private chunk: Uint8Array | null = null
  private view: DataView | null = null
  private used = CHUNK_BYTES
  /** Events that are not packed, by position. */
  private objects: WebhookEvent[] = []
  /** Position shifts (`shiftPositions`), each for the records before the handle `before`. */
  private shifts: { readonly before: RecordHandle; readonly by: number }[] = []

  /** Bytes held (chunks allocated), for reports and tests. */
  get byteLength(): number {
    return this.chunks.length * CHUNK_BYTES
  }

  /** Events kept as objects (not packed). */
  get unpacked(): number {
    return this.objects.length
  }

  /**
   * Stores `event`, delivered at input position `index`, after `previous` (its boleto's newest record, or
   * `NO_RECORD`), and returns the new record's handle. The boleto key is not stored: the caller keeps it.
   */
  append(event: WebhookEvent, index: number, previous: RecordHandle): RecordHandle {
    if (this.used + MAX_RECORD > CHUNK_BYTES) this.grow()
    const handle = (this.chunks.length - 1) * CHUNK_BYTES + this.used
    const view = this.view!
    const start = this.used
    view.setFloat64(start, previous, true)
    view.setFloat64(start + 8, index, true)
    const at = start + HEADER
    this.used = this.appendBody(event, at)
    view.setUint16(start + 16, this.used - start, true)
    return handle
  }

  /**
   * `append(eventOfFields(line, fields), index, previous)`, written from the line's bytes: the same record,
   * without the event or its strings ever being made (webhook/scan.ts's `CompactFields`).
   */
  appendFields(fields: CompactFields, line: Uint8Array, index: number, previous: RecordHandle): RecordHandle {
    const f = fields
    if (
      f.datetimeEnd - f.datetimeStart > MAX_STRING ||
      f.occurrenceKeyEnd - f.occurrenceKeyStart > MAX_STRING ||
      f.creditDateEnd - f.creditDateStart > MAX_STRING
    )
      return this.append(eventOfFields(line, f), index, previous)
    if (this.used + MAX_RECORD > CHUNK_BYTES) this.grow()
    const handle = (this.chunks.length - 1) * CHUNK_BYTES + this.used
    const bytes = this.chunk!
    const view = this.view!
    const start = this.used
    view.setFloat64(start, previous, true)
    view.setFloat64(start + 8, index, true)
    let at = start + HEADER
    // The fields of a compact line are known values and printable ASCII: never the object side.
    // The scanner's codes are this table's (position in the vocabulary plus one: the test of appendFields
    // against append holds the records equal), each checked against its field's value with one array read
    // (fields filled or changed by hand are looked up).
    const codes = f.codes
    bytes[at] = f.payment ? HAS_PAYMENT : 0
    bytes[at + 1] = checkedCode(
      WEBHOOK_TYPE_VALUES,
      webhookTypeCodes,
      codes[WEBHOOK_TYPE_CODE]!,
      f.webhookType,
    )
    bytes[at + 2] = checkedCode(
      BANK_SLIP_STATUSES,
      statusCodes,
      codes[BANK_SLIP_STATUS_CODE]!,
      f.bankSlipStatus,
    )
    bytes[at + 3] = checkedCode(
      OCCURRENCE_TYPES,
      occurrenceTypeCodes,
      codes[OCCURRENCE_TYPE_CODE]!,
      f.occurrenceType,
    )
    bytes[at + 4] = checkedCode(
      OCCURRENCE_STATUSES,
      occurrenceStatusCodes,
      codes[OCCURRENCE_STATUS_CODE]!,
      f.occurrenceStatus,
    )
    view.setFloat64(at + 5, f.at, true)
    at = putBytes(bytes, view, at + 13, line, f.datetimeStart, f.datetimeEnd)
    at = putBytes(bytes, view, at, line, f.occurrenceKeyStart, f.occurrenceKeyEnd)
    if (f.payment) {
      const amounts = [
        f.paidAmount,
        f.paidRebateAmount,
        f.paidDiscountAmount,
        f.paidFineAmount,
        f.paidInterestAmount,
      ]
      const method = checkedCode(PAYMENT_METHODS, methodCodes, codes[PAYMENT_METHOD_CODE]!, f.paymentMethod)
      const origin = checkedCode(PAYMENT_ORIGINS, originCodes, codes[PAYMENT_ORIGIN_CODE]!, f.paymentOrigin)
      at = this.putPaymentHead(at, amounts, f.creditDateStart >= 0, method, origin)
      at = putBytes(bytes, view, at, line, f.creditDateStart, f.creditDateEnd)
    }
    this.used = at
    view.setUint16(start + 16, at - start, true)
    return handle
  }

  /** Writes the event's fields at `at` (after the header); returns where the record ends. */
  private appendBody(event: WebhookEvent, start: number): number {
    const view = this.view!
    let at = start
    const webhookType = codeOf(webhookTypeCodes, event.webhookType)
    const status = codeOf(statusCodes, event.bankSlipStatus)
    const occurrenceType = codeOf(occurrenceTypeCodes, event.occurrenceType)
    const occurrenceStatus = codeOf(occurrenceStatusCodes, event.occurrenceStatus)
    const payment = event.payment
    const method = payment === null ? 0 : codeOf(methodCodes, payment.paymentMethod)
    const origin = payment === null ? 0 : codeOf(originCodes, payment.paymentOrigin)
    if (
      webhookType <= 0 ||
      status < 0 ||
      occurrenceType < 0 ||
      occurrenceStatus < 0 ||
      method < 0 ||
      origin < 0 ||
      event.unknownFields !== null ||
      event.issues !== null ||
      !packableLength(event.webhookDatetime) ||
      !packableLength(event.occurrenceKey) ||
      (payment !== null && !packableLength(payment.paymentCreditDate))
    )
      return this.appendObject(event, at)
    const bytes = this.chunk!
    bytes[at] = payment === null ? 0 : HAS_PAYMENT
    bytes[at + 1] = webhookType
    bytes[at + 2] = status
    bytes[at + 3] = occurrenceType
    bytes[at + 4] = occurrenceStatus
    view.setFloat64(at + 5, event.at, true)
    at = this.putString(at + 13, event.webhookDatetime)
    if (at !== NOT_ASCII) at = this.putString(at, event.occurrenceKey)
    if (at !== NOT_ASCII && payment !== null) at = this.putPayment(at, payment, method, origin)
    // A string past ASCII: what was written is dropped, the event is kept as an object.
    return at === NOT_ASCII ? this.appendObject(event, start) : at
  }

  private appendObject(event: WebhookEvent, at: number): number {
    this.chunk![at] = OBJECT
    this.view!.setFloat64(at + 1, this.objects.length, true)
    this.objects.push(event)
    return at + 9
  }

  /**
   * The `count` events of the chain ending at `newest`, in the order they were appended, with their input
   * positions. `bankSlipKey` is put back into each unpacked event.
   */
  readChain(
    newest: RecordHandle,
    count: number,
    bankSlipKey: string,
  ): { events: WebhookEvent[]; indices: number[] } {
    const events = new Array<WebhookEvent>(count)
    const indices = new Array<number>(count)
    let handle = newest
    const shifted = this.shifts.length > 0
    for (let i = count - 1; i >= 0; i--) {
      const chunk = Math.floor(handle / CHUNK_BYTES)
      const at = handle - chunk * CHUNK_BYTES
      const view = this.views[chunk]!
      indices[i] = view.getFloat64(at + 8, true) + (shifted ? this.shiftOf(handle) : 0)
      events[i] = this.read(chunk, at + HEADER, bankSlipKey)
      handle = view.getFloat64(at, true)
    }
    return { events, indices }
  }

  /**
   * Reads the chains ending at `newest[0, n)` without unpacking anything, breadth first (every chain's
   * newest record, then every one's previous...), so that the memory loads of different chains overlap
   * instead of waiting for each other; `readChain` then finds them in the cache. Overwrites `newest`.
   * Returns how many records it touched.
   */
  warm(newest: Float64Array, n: number): number {
    let touched = 0
    let live = n
    while (live > 0) {
      live = 0
      for (let i = 0; i < n; i++) {
        const handle = newest[i]!
        if (handle === NO_RECORD) continue
        const chunk = Math.floor(handle / CHUNK_BYTES)
        newest[i] = this.views[chunk]!.getFloat64(handle - chunk * CHUNK_BYTES, true)
        touched++
        live++
      }
    }
    return touched
  }

  /**
   * Copies the `count` records of the chain ending at `newest` into `out`, oldest first, for another
   * instance to `importChain` (the records of worker threads that partition boletos between them).
   */
  exportChain(newest: RecordHandle, count: number, out: ChainExport): void {
    const handles = new Array<RecordHandle>(count)
    let handle = newest
    for (let i = count - 1; i >= 0; i--) {
      handles[i] = handle
      const chunk = Math.floor(handle / CHUNK_BYTES)
      handle = this.views[chunk]!.getFloat64(handle - chunk * CHUNK_BYTES, true)
    }
    for (const h of handles) {
      const chunk = Math.floor(h / CHUNK_BYTES)
      const at = h - chunk * CHUNK_BYTES
      const bytes = this.chunks[chunk]!
      const length = this.views[chunk]!.getUint16(at + 16, true)
      const record = out.reserve(length)
      copyBytes(bytes, at, record.bytes, record.at, length)
      // The copy carries its shifted position: the importer's own shifts are not for it.
      const by = this.shiftOf(h)
      if (by !== 0)
        record.view.setFloat64(record.at + 8, this.views[chunk]!.getFloat64(at + 8, true) + by, true)
      if (bytes[at + HEADER] === OBJECT) {
        // The object travels beside the bytes; the record points into the export's own list.
        const object = this.objects[this.views[chunk]!.getFloat64(at + HEADER + 1, true)]!
        record.view.setFloat64(record.at + HEADER + 1, out.objects.length, true)
        out.objects.push(object)
      }
    }
  }

  /**
   * Appends `count` records exported by `exportChain` (from `bytes` at `at`) after `previous`; returns the
   * new newest record and where the exported records end.
   */
  importChain(
    source: ChainImport,
    at: number,
    count: number,
    previous: RecordHandle,
  ): { newest: RecordHandle; end: number } {
    let newest = previous
    let from = at
    for (let i = 0; i < count; i++) {
      const length = source.view.getUint16(from + 16, true)
      if (this.used + length > CHUNK_BYTES) this.grow()
      const handle = (this.chunks.length - 1) * CHUNK_BYTES + this.used
      const to = this.used
      copyBytes(source.bytes, from, this.chunk!, to, length)
      this.view!.setFloat64(to, newest, true)
      if (source.bytes[from + HEADER] === OBJECT) {
        const object = source.objects[source.view.getFloat64(from + HEADER + 1, true)]!
        this.view!.setFloat64(to + HEADER + 1, this.objects.length, true)
        this.objects.push(object)
      }
      this.used += length
      newest = handle
      from += length
    }
    return { newest, end: from }
  }

  /**
   * Empties the store. `keepOne`: keep the first chunk for what comes next (a store emptied after every
   * batch would otherwise touch fresh memory each time, which costs more than the packing).
   */
  clear(keepOne = false): void {
    const first = keepOne ? this.chunks[0] : undefined
    this.chunks = []
    this.views = []
    this.chunk = null
    this.view = null
    this.used = CHUNK_BYTES
    this.objects = []
    this.shifts = []
    if (first === undefined) return
    this.chunks.push(first)
    this.views.push(new DataView(first.buffer))
    this.chunk = first
    this.view = this.views[0]!
    this.used = 0
  }

  /**
   * Adds `by` to the input position of every record: a thread that reads a later part of a log numbers its
   * lines from 1 and learns where its part starts only once every part is read.
   */
  shiftPositions(by: number): void {
    // Noted, not written into every record (a pass over all of them, while the other threads wait): the
    // records appended so far read `by` more from now on.
    if (by !== 0 && this.chunk !== null) this.shifts.push({ before: this.end(), by })
  }

  /** What `shiftPositions` adds to the position stored in record `handle`. */
  private shiftOf(handle: RecordHandle): number {
    let by = 0
    for (let i = 0; i < this.shifts.length; i++) if (handle < this.shifts[i]!.before) by += this.shifts[i]!.by
    return by
  }

  /** The handle the next record would have in the current chunk. */
  private end(): RecordHandle {
    return (this.chunks.length - 1) * CHUNK_BYTES + this.used
  }

  private grow(): void {
    const chunk = new Uint8Array(CHUNK_BYTES)
    this.chunks.push(chunk)
    this.views.push(new DataView(chunk.buffer))
    this.chunk = chunk
    this.view = this.views[this.views.length - 1]!
    this.used = 0
  }

  /** Length byte (0: null, n + 1: n ASCII characters) then the characters. */
  private putString(at: number, value: string | null): number {
    const bytes = this.chunk!
    if (value === null) {
      bytes[at] = 0
      return at + 1
    }
    bytes[at] = value.length + 1
    let any = 0
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i)
      any |= c
      bytes[at + 1 + i] = c
    }
    return any > 0x7f ? NOT_ASCII : at + 1 + value.length
  }

  private putPayment(start: number, payment: PaymentDetails, method: number, origin: number): number {
    const amounts = [
      payment.paidAmountCents,
      payment.paidRebateAmountCents,
      payment.paidDiscountAmountCents,
      payment.paidFineAmountCents,
      payment.paidInterestAmountCents,
    ]
    const at = this.putPaymentHead(start, amounts, payment.paymentCreditDate !== null, method, origin)
    return this.putString(at, payment.paymentCreditDate)
  }

  /**
   * A payment's presence bits (the five amounts, then the credit date), method and origin codes, and the
   * amounts present; returns where the credit date goes.
   */
  private putPaymentHead(
    start: number,
    amounts: readonly (number | null)[],
    creditDate: boolean,
    method: number,
    origin: number,
  ): number {
    const bytes = this.chunk!
    const view = this.view!
    let present = 0
    let at = start + 3
    for (let i = 0; i < amounts.length; i++) {
      const amount = amounts[i]!
      if (amount === null) continue
      present |= 1 << i
      view.setFloat64(at, amount, true)
      at += 8
    }
    if (creditDate) present |= CREDIT_DATE
    bytes[start] = present
    bytes[start + 1] = method
    bytes[start + 2] = origin
    return at
  }

  private getString(bytes: Uint8Array, at: number): string | null {
    const length = bytes[at]!
    // Packed strings are ASCII (putString): no decoder call.
    return length === 0 ? null : ascii(bytes, at + 1, at + length)
  }

  private read(chunk: number, start: number, bankSlipKey: string): WebhookEvent {
    const bytes = this.chunks[chunk]!
    const view = this.views[chunk]!
    const flags = bytes[start]!
    if (flags === OBJECT) return this.objects[view.getFloat64(start + 1, true)]!
    const datetimeAt = start + 13
    const webhookDatetime = this.getString(bytes, datetimeAt)
    const keyAt = datetimeAt + 1 + (webhookDatetime === null ? 0 : webhookDatetime.length)
    const occurrenceKey = this.getString(bytes, keyAt)
    const paymentAt = keyAt + 1 + (occurrenceKey === null ? 0 : occurrenceKey.length)
    // The decoder's field order, so that serialised events compare equal.
    return {
      kind: 'webhook',
      webhookType: WEBHOOK_TYPE_VALUES[bytes[start + 1]! - 1] as WebhookEvent['webhookType'],
      webhookDatetime,
      at: view.getFloat64(start + 5, true),
      bankSlipKey,
      bankSlipStatus: fromCode(BANK_SLIP_STATUSES, bytes[start + 2]!),
      occurrenceKey,
      occurrenceType: fromCode(OCCURRENCE_TYPES, bytes[start + 3]!),
      occurrenceStatus: fromCode(OCCURRENCE_STATUSES, bytes[start + 4]!),
      payment: (flags & HAS_PAYMENT) === 0 ? null : this.readPayment(bytes, view, paymentAt),
      unknownFields: null,
      issues: null,
    }
  }

  private readPayment(bytes: Uint8Array, view: DataView, start: number): PaymentDetails {
    const present = bytes[start]!
    // The amounts present follow the presence bits and the two codes, in order.
    const first = start + 3
    return {
      paidAmountCents: amountAt(view, first, present, 0),
      paidRebateAmountCents: amountAt(view, first, present, 1),
      paidDiscountAmountCents: amountAt(view, first, present, 2),
      paidFineAmountCents: amountAt(view, first, present, 3),
      paidInterestAmountCents: amountAt(view, first, present, 4),
      paymentMethod: fromCode(PAYMENT_METHODS, bytes[start + 1]!),
      paymentOrigin: fromCode(PAYMENT_ORIGINS, bytes[start + 2]!),
      paymentCreditDate:
        (present & CREDIT_DATE) === 0
          ? null
          : this.getString(bytes, first + 8 * AMOUNTS_BEFORE[present & 31]!),
    }
  }
}

/** How many of the five amounts are present, for each combination of their presence bits. */
const AMOUNTS_BEFORE = Uint8Array.from({ length: 32 }, (_, bits) => {
  let n = 0
  for (let b = bits; b > 0; b >>= 1) n += b & 1
  return n
})

/** Pure. Amount `bit` of a packed payment (presence bits `present`, amounts from `first`), or null. */
const amountAt = (view: DataView, first: number, present: number, bit: number): number | null =>
  (present & (1 << bit)) === 0
    ? null
    : view.getFloat64(first + 8 * AMOUNTS_BEFORE[present & ((1 << bit) - 1)]!, true)

/** `putString` of the ASCII bytes `from[s, e)` ((-1, -1): null) into `to` at `at`; returns the end. */
const putBytes = (
  to: Uint8Array,
  toView: DataView,
  at: number,
  from: Uint8Array,
  s: number,
  e: number,
): number => {
  if (s < 0) {
    to[at] = 0
    return at + 1
  }
  to[at] = e - s + 1
  // Four bytes at a time (the same bytes in the same order on both sides), then the rest.
  const fromView = viewOf(from)
  const into = at + 1
  let i = 0
  for (; i + 4 <= e - s; i += 4) toView.setUint32(into + i, fromView.getUint32(s + i))
  for (; i < e - s; i++) to[into + i] = from[s + i]!
  return into + e - s
}

/** The last line's DataView: a replay packs many lines of one buffer in a row. */
let viewedBytes: Uint8Array | null = null
let viewedView: DataView | null = null
const viewOf = (bytes: Uint8Array): DataView => {
  if (bytes !== viewedBytes) {
    viewedBytes = bytes
    viewedView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  return viewedView!
}

/** A short copy: a loop beats `set(subarray())`, which allocates a view per record. */
const copyBytes = (from: Uint8Array, at: number, to: Uint8Array, into: number, length: number): void => {
  for (let i = 0; i < length; i++) to[into + i] = from[at + i]!
}

/** Where exported records are written: a growing buffer plus the events that travel as objects. */
export interface ChainExport {
  /** Room for `length` bytes at `at` of `bytes`. */
  reserve(length: number): { bytes: Uint8Array; view: DataView; at: number }
  readonly objects: WebhookEvent[]
}

/** Exported records as received. */
export interface ChainImport {
  readonly bytes: Uint8Array
  readonly view: DataView
  readonly objects: readonly WebhookEvent[]
}

const fromCode = <T extends string>(values: readonly T[], code: number): T | null =>
  code === 0 ? null : values[code - 1]!
