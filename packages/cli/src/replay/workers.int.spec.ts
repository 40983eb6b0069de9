import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { assertBuilt, runProcess } from '../__fixtures__/harness.js'

const dir = mkdtempSync(join(tmpdir(), 'boleto-workers-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('replayWithWorkers', () => {
  it("fails with the worker's CliError, its message alone, when a range cannot be read", async () => {
    assertBuilt()
    // In a plain node process (vitest's loader would follow the workers), with a directory as the file:
    // every read of it fails.
    const built = new URL('../../dist/replay/workers.js', import.meta.url).href
    const script = `
      import { openSync } from 'node:fs'
      const { replayWithWorkers } = await import(${JSON.stringify(built)})
      const ranges = [{ start: 0, end: Number.POSITIVE_INFINITY }]
      const input = { kind: 'ranges', fd: openSync(${JSON.stringify(dir)}, 'r'), name: 'the-log.jsonl', ranges }
      await replayWithWorkers(input, {}, { onLines() {}, onBytes() {} }).then(
        () => console.log('no error'),
        (e) => console.log(JSON.stringify({ name: e.name, message: e.message })),
      )
    `
    // A file, not --eval: worker threads inherit the process's flags.
    const file = join(dir, 'fail.mjs')
    writeFileSync(file, script)
    const run = await runProcess(process.execPath, [file])
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual({
      name: 'CliError',
      message: 'cannot read the-log.jsonl: is a directory',
    })
  })
})
