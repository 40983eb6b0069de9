/**
 * The provider's side of a reconciliation: an export of QI's statuses, as CSV with a header naming
 * `bank_slip_key` and `bank_slip_status` (other columns ignored, RFC 4180 quoting) or as JSONL objects with
 * those two fields. Chosen by extension (.csv; .jsonl/.ndjson/.json), else by the first character.
 */
import { CliError } from '../exit-codes.js'
import { forEachLine, wholeLineChunks } from '../jsonl/reader.js'
import type { InputSource } from '../jsonl/source.js'

export interface ProviderStatuses {
  /** key -> status, in file order */
  readonly statuses: ReadonlyMap<string, string>
  /** Rows that could not be read, by line number. */
  readonly invalid: ReadonlyArray<{ readonly line: number; readonly message: string }>
}

export type ProviderFormat = 'csv' | 'jsonl'

/** Pure. The format of a provider file, from its name or first non-blank character. */
export const providerFormat = (name: string, firstChar: string | undefined): ProviderFormat => {
  const lower = name.toLowerCase()
  if (lower.endsWith('.csv')) return 'csv'
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl'
  return firstChar === '{' ? 'jsonl' : 'csv'
}

/** Pure. One CSV record's fields (double quotes, doubled quotes inside). */
export const splitCsv = (line: string): string[] => {
  const fields: string[] = []
  let i = 0
  for (;;) {
    let field = ''
    if (line[i] === '"') {
      i++
      for (;;) {
        const q = line.indexOf('"', i)
        if (q === -1) {
          field += line.slice(i)
          i = line.length
          break
        }
        field += line.slice(i, q)
        if (line[q + 1] === '"') {
          field += '"'
          i = q + 2
        } else {
          i = q + 1
          break
        }
      }
      const comma = line.indexOf(',', i)
      i = comma === -1 ? line.length + 1 : comma + 1
    } else {
      const comma = line.indexOf(',', i)
      field = comma === -1 ? line.slice(i) : line.slice(i, comma)
      i = comma === -1 ? line.length + 1 : comma + 1
    }
    fields.push(field.trim())
    if (i > line.length) return fields
  }
}

interface Collector {
  readonly statuses: Map<string, string>
  readonly invalid: Array<{ line: number; message: string }>
}

const record = (into: Collector, line: number, key: unknown, status: unknown): void => {
  if (typeof key !== 'string' || key === '') {
    into.invalid.push({ line, message: 'bank_slip_key missing or not a string' })
    return
  }
  if (typeof status !== 'string' || status === '') {
    into.invalid.push({ line, message: `bank_slip_status missing for ${key}` })
    return
  }
  const before = into.statuses.get(key)
  if (before !== undefined && before !== status)
    into.invalid.push({
      line,
      message: `${key} listed again with another status (${before}, then ${status}); the last wins`,
    })
  into.statuses.set(key, status)
}

/** Reads the whole export (a status per boleto: small next to the log). */
export const readProviderStatuses = async (input: InputSource): Promise<ProviderStatuses> => {
  const into: Collector = { statuses: new Map(), invalid: [] }
  let format: ProviderFormat | null = null
  let columns: { key: number; status: number } | null = null
  let lineNumber = 0
  const onLine = (text: string): void => {
    lineNumber++
    format ??= providerFormat(input.name, text.trimStart()[0])
    if (format === 'jsonl') {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (error) {
        into.invalid.push({ line: lineNumber, message: `invalid JSON: ${(error as Error).message}` })
        return
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        into.invalid.push({ line: lineNumber, message: 'not a JSON object' })
        return
      }
      const o = value as Record<string, unknown>
      record(into, lineNumber, o.bank_slip_key, o.bank_slip_status)
      return
    }
    const fields = splitCsv(text)
    if (columns === null) {
      const names = fields.map((f) => f.replace(/^\uFEFF/, '').toLowerCase())
      const key = names.indexOf('bank_slip_key')
      const status = names.indexOf('bank_slip_status')
      if (key === -1 || status === -1)
        throw new CliError(
          `${input.name}: the CSV header must name bank_slip_key and bank_slip_status (found: ${fields.join(', ')})`,
        )
      columns = { key, status }
      return
    }
    record(into, lineNumber, fields[columns.key], fields[columns.status])
  }
  for await (const chunk of wholeLineChunks(input.stream)) {
    if (typeof chunk === 'number') {
      lineNumber++
      into.invalid.push({ line: lineNumber, message: 'line too long' })
      continue
    }
    forEachLine(
      chunk,
      (start, end) => onLine(chunk.toString('utf8', start, end)),
      () => {
        lineNumber++
      },
    )
  }
  if (format === 'csv' && columns === null) throw new CliError(`${input.name}: empty CSV (no header)`)
  return into
}
