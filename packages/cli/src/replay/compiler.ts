/**
 * Where a replay's worker threads compile their hot code. With as many workers as cores, V8's background
 * compiler threads find no idle core: they only add contention, and their jobs cost more CPU in all than
 * compiling on the worker itself (measured on a million events with two workers on two cores: 4 % less CPU,
 * 3 % less wall time). With fewer workers than cores they have cores to themselves and are left alone.
 */
import { availableParallelism } from 'node:os'
import { setFlagsFromString } from 'node:v8'

const FLAG = 'concurrent-recompilation'

/**
 * Pure. Whether `threads` workers should compile on their own thread: one per core or more, and the user
 * has not said otherwise (`node --concurrent-recompilation`, in the arguments or `NODE_OPTIONS`).
 */
export const compilesOnWorkers = (
  threads: number,
  cores: number,
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): boolean =>
  threads > 1 &&
  threads >= cores &&
  !execArgv.some((a) => a.includes(FLAG)) &&
  !(nodeOptions ?? '').includes(FLAG)

/**
 * Not pure: sets a process-wide V8 flag, which only isolates started afterwards (the workers) read. For the
 * `boleto` command, which owns its process: a program using the library decides its own flags.
 */
export const compileOnWorkers = (threads: number): void => {
  if (compilesOnWorkers(threads, availableParallelism(), process.execArgv, process.env.NODE_OPTIONS))
    setFlagsFromString(`--no-${FLAG}`)
}
