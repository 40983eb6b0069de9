/** The human report of a reconciliation, with the re-send query for each boleto. */
import { formatCount } from '../progress.js'
import type { Reconciliation } from './compare.js'

const LIMIT = 50

const more = (n: number): string[] =>
  n > LIMIT ? [`  … and ${formatCount(n - LIMIT)} more (--json lists all)`] : []

/** Pure. */
export const renderReconciliation = (r: Reconciliation, logName: string, providerName: string): string => {
  const c = r.counts
  const out = [
    `Reconciled ${logName} (${formatCount(c.log_boletos)} boletos) with ${providerName} (${formatCount(c.provider_boletos)} boletos)`,
    `  ${formatCount(c.matched)} agree, ${formatCount(c.mismatches)} mismatches, ${formatCount(c.missing_in_log)} missing in the log, ${formatCount(c.missing_in_provider)} missing in the provider export`,
  ]
  if (r.mismatches.length > 0) {
    out.push('', 'Mismatches (derived from the log vs provider)')
    for (const m of r.mismatches.slice(0, LIMIT)) {
      out.push(`  ${m.bank_slip_key}  derived ${m.derived}, provider ${m.provider}`)
      if (m.probably_missing.length > 0)
        out.push(
          `    probably missing: ${m.probably_missing.map((p) => `${p.occurrence_type} (${p.reason})`).join('; ')}`,
        )
      for (const q of m.resend_queries) out.push(`    GET ${q}`)
    }
    out.push(...more(r.mismatches.length))
  }
  if (r.missing_in_log.length > 0) {
    out.push('', 'Missing in the log (the provider knows them; ask for every event)')
    for (const m of r.missing_in_log.slice(0, LIMIT)) {
      out.push(`  ${m.bank_slip_key}  provider ${m.provider}`)
      for (const q of m.resend_queries) out.push(`    GET ${q}`)
    }
    out.push(...more(r.missing_in_log.length))
  }
  if (r.missing_in_provider.length > 0) {
    out.push('', 'Missing in the provider export')
    for (const m of r.missing_in_provider.slice(0, LIMIT))
      out.push(`  ${m.bank_slip_key}  derived ${m.derived}`)
    out.push(...more(r.missing_in_provider.length))
  }
  if (r.incomplete.length > 0) {
    out.push('', 'Statuses agree, but the history has gaps')
    for (const m of r.incomplete.slice(0, LIMIT)) {
      out.push(
        `  ${m.bank_slip_key}  ${m.status}; probably missing: ${m.probably_missing.map((p) => p.occurrence_type).join(', ')}`,
      )
      for (const q of m.resend_queries) out.push(`    GET ${q}`)
    }
    out.push(...more(r.incomplete.length))
  }
  if (r.undecodable_lines.length > 0) {
    out.push('', 'Undecodable log lines')
    for (const u of r.undecodable_lines.slice(0, LIMIT)) out.push(`  line ${u.line ?? '?'}: ${u.message}`)
    out.push(...more(r.undecodable_lines.length))
  }
  if (r.invalid_provider_lines.length > 0) {
    out.push('', 'Unreadable provider lines')
    for (const u of r.invalid_provider_lines.slice(0, LIMIT)) out.push(`  line ${u.line}: ${u.message}`)
    out.push(...more(r.invalid_provider_lines.length))
  }
  return `${out.join('\n')}\n`
}
