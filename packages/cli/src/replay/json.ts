/**
 * Writes a replay result as one JSON report, `{"slips": {...}, "counts": {...}, "anomalies": [...]}`,
 * without ever building it as one string (a month of webhooks makes hundreds of MB): boleto by boleto
 * through a buffered writer that honours back-pressure, in two passes (slips, then their anomalies). For a
 * report whose keys are not integer-like, the bytes are exactly `JSON.stringify(report)` plus a newline;
 * integer-like keys are written in string order too, where `JSON.stringify` would put them first.
 */
import type { Writable } from 'node:stream'
import { BufferedWriter } from '../io.js'
import type { ReplayResult } from './result.js'

export const writeResultJson = async (result: ReplayResult, stream: Writable): Promise<void> => {
  const out = new BufferedWriter(stream)
  await out.push('{"slips":{')
  // Each piece's buffer is written over once the next is asked for: written out first.
  for await (const piece of result.slipMembers()) await out.writeOut(piece)
  const { counts } = await result.totals()
  await out.push(`},"counts":${JSON.stringify(counts)},"anomalies":[`)
  let first = true
  for (const a of result.undecodable) {
    await out.push(`${first ? '' : ','}${JSON.stringify(a)}`)
    first = false
  }
  // The pieces are one comma-separated list: a comma only between the undecodable lines and it.
  for await (const piece of result.anomaliesJson()) {
    if (!first) await out.push(',')
    first = true
    await out.writeOut(piece)
  }
  await out.push(']}\n')
  await out.flush()
}
