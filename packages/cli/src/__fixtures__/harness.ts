/**
 * Test harness: runs the BUILT `boleto` binary as a user would (`node packages/cli/dist/bin.js ...`), with
 * real files in a temporary directory. Build first (`pnpm test` runs `turbo run build` before vitest).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url))

export const assertBuilt = (): void => {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: build first (npx turbo run build --filter=@boleto/cli...)`)
}

export interface CliRun {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  readonly cwd?: string
  readonly input?: string | Buffer
  readonly env?: Readonly<Record<string, string>>
  readonly timeoutMs?: number
}

/** Spawns `node dist/bin.js ...args` and collects its output. */
export const runCli = (args: readonly string[], options: RunOptions = {}): Promise<CliRun> =>
  runProcess(process.execPath, [BIN, ...args], options)

export const runProcess = (
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      })
    })
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
  })

/** A temporary directory, removed by the returned cleanup. */
export const tempDir = (): {
  readonly dir: string
  readonly file: (name: string, content?: string) => string
  readonly cleanup: () => void
} => {
  const dir = mkdtempSync(join(tmpdir(), 'boleto-cli-'))
  return {
    dir,
    file: (name, content) => {
      const path = join(dir, name)
      if (content !== undefined) writeFileSync(path, content)
      return path
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** A webhook body as QI sends it. */
export const webhook = (
  key: string,
  occurrenceKey: string,
  occurrenceType: string,
  status: string,
  datetime: string,
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> => {
  const webhookType =
    occurrenceType === 'payment'
      ? 'baas.bank_slip.payment'
      : occurrenceType === 'payment_notice'
        ? 'baas.bank_slip.payment_notice'
        : 'baas.bank_slip.occurrence'
  return {
    webhook_type: webhookType,
    webhook_datetime: datetime,
    data: {
      bank_slip_key: key,
      bank_slip_status: status,
      occurrence_key: occurrenceKey,
      occurrence_type: occurrenceType,
      occurrence_status: status === 'rejected' ? 'rejected' : 'confirmed',
      ...extra,
    },
  }
}

export const jsonl = (values: readonly unknown[]): string =>
  `${values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n')}\n`
