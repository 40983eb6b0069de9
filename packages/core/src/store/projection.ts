/**
 * The inline projection every store keeps in its `bank_slips` table: each boleto's current state from the
 * core fold, written in the same transaction as the events.
 */
import { evolve, fold, initialState } from '../fold/fold.js'
import type { BankSlipState } from '../lifecycle/state.js'
import { fromStoredEvent } from './events.js'
import { type BankSlipRow, bankSlipKeyOf, type InlineProjection, type StoredEvent } from './port.js'

/** Pure. */
export const bankSlipProjection: InlineProjection<BankSlipState> = {
  handles: (streamId) => bankSlipKeyOf(streamId) !== null,
  evolve: (previous, events) => {
    const first = events[0]
    if (first === undefined) {
      if (previous === null) throw new Error('bankSlipProjection: no events for a new row')
      return previous
    }
    let state: BankSlipState = previous?.state ?? initialState
    for (const stored of events) {
      const decoded = fromStoredEvent(stored)
      // Undecodable bodies never reach a stream (intake quarantines them); if one does, the row skips it.
      if (decoded.ok) state = evolve(state, decoded.event)
    }
    const last = events[events.length - 1]!
    return toRow(bankSlipKeyOf(first.streamId)!, first.streamId, state, last.streamVersion, last.recordedAt)
  },
}

/** Pure. */
export const toRow = (
  bankSlipKey: string,
  streamId: string,
  state: BankSlipState,
  version: number,
  updatedAt: string,
): BankSlipRow<BankSlipState> => ({
  bankSlipKey,
  streamId,
  status: state.status,
  reportedStatus: state.reportedStatus,
  version,
  anomalyCount: state.anomalies.length,
  updatedAt,
  state,
})

/** Pure. A row from a whole stream (for rebuilds). */
export const projectStream = (events: readonly StoredEvent[]): BankSlipRow<BankSlipState> | null => {
  const first = events[0]
  const last = events[events.length - 1]
  if (first === undefined || last === undefined) return null
  const decoded = events.flatMap((e) => {
    const r = fromStoredEvent(e)
    return r.ok ? [r.event] : []
  })
  return toRow(
    bankSlipKeyOf(first.streamId)!,
    first.streamId,
    fold(decoded),
    last.streamVersion,
    last.recordedAt,
  )
}
