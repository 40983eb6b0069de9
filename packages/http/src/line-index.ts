/**
 * Which of our boletos a digitable line belongs to. When an issuance request carries the line (or barcode)
 * QI returned, an index event `line:<barcode>` is appended to the stream `bank_slip_lines` just before the
 * issuance itself; the payment query then finds the boleto with `getEvent` (one keyed read on every
 * store). The index is written first so a failed issuance can be retried; a lookup checks the boleto
 * exists and its registered amount and due date agree with the line, so a stale index entry is ignored.
 */
import type { BankSlipState, EventStore, NewEvent } from '@boleto/core'

export const LINE_INDEX_STREAM = 'bank_slip_lines'
export const LINE_INDEX_EVENT_TYPE = 'bank_slip.line_assigned'

export interface LineAssigned {
  readonly bankSlipKey: string
  readonly barcode: string
  readonly digitableLine: string
}

/** Pure. */
export const lineIndexId = (barcode: string): string => `line:${barcode}`

/** Pure. */
export const lineIndexEvent = (data: LineAssigned): NewEvent<LineAssigned> => ({
  id: lineIndexId(data.barcode),
  type: LINE_INDEX_EVENT_TYPE,
  data,
  metadata: null,
})

export const indexLine = async (store: EventStore, data: LineAssigned): Promise<void> => {
  await store.appendToStream(LINE_INDEX_STREAM, [lineIndexEvent(data)], { expectedVersion: 'any' })
}

/** Our boleto for a barcode, with its state, or null. */
export const findByBarcode = async (
  store: EventStore,
  barcode: string,
  line: { readonly amountCents: number | null; readonly dueDate: string | null },
): Promise<{ readonly bankSlipKey: string; readonly state: BankSlipState } | null> => {
  const indexed = await store.getEvent(lineIndexId(barcode))
  const key = (indexed?.data as Partial<LineAssigned> | undefined)?.bankSlipKey
  if (typeof key !== 'string') return null
  const row = await store.getBankSlip(key)
  if (row === null) return null
  const state = row.state as BankSlipState
  const issuance = state.issuance
  if (issuance == null) return null
  if (line.amountCents !== null && line.amountCents !== issuance.amountCents) return null
  if (line.dueDate !== null && line.dueDate !== issuance.dueDate) return null
  return { bankSlipKey: key, state }
}
