/**
 * A plain timing loop: warm up, then run `work` (which returns how many operations it did) for at least
 * `seconds`, and report operations per second. Synchronous work only.
 */
export const measure = (work: () => number, seconds = 3): number => {
  const warmUntil = performance.now() + 500
  while (performance.now() < warmUntil) work()
  let operations = 0
  const start = performance.now()
  let elapsed = 0
  do {
    operations += work()
    elapsed = performance.now() - start
  } while (elapsed < seconds * 1000)
  return (operations * 1000) / elapsed
}
