/** What every benchmark suite returns: rows measured in one run, and the issue's claims checked on them. */
export interface BenchRow {
  readonly name: string
  /** operations (events, lines, requests) per second */
  readonly opsPerSec: number
  readonly unit?: string
  readonly extra?: Readonly<Record<string, string | number>>
}

export interface BenchClaim {
  readonly claim: string
  readonly ok: boolean
  readonly detail: string
}

export interface BenchReport {
  readonly suite: string
  readonly environment?: string
  readonly rows: readonly BenchRow[]
  readonly claims: readonly BenchClaim[]
}

const fmt = (n: number): string =>
  n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 })

/** Pure. A Markdown rendering, ready for docs/benchmarks.md and closing notes. */
export const renderReport = (report: BenchReport): string => {
  const extraKeys = [...new Set(report.rows.flatMap((r) => Object.keys(r.extra ?? {})))]
  const head = ['case', 'ops/s', ...extraKeys]
  const lines = [
    `### ${report.suite}`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...report.rows.map(
      (r) =>
        `| ${[r.name, `${fmt(r.opsPerSec)}${r.unit ? ` ${r.unit}` : ''}`, ...extraKeys.map((k) => String(r.extra?.[k] ?? ''))].join(' | ')} |`,
    ),
    '',
    ...report.claims.map((c) => `- ${c.ok ? 'PASS' : 'FAIL'}: ${c.claim} (${c.detail})`),
    '',
  ]
  return lines.join('\n')
}
