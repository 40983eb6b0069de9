import { describe, expect, it } from 'vitest'
import { compilesOnWorkers } from './compiler.js'

describe('compilesOnWorkers', () => {
  it('compiles on the workers when they take every core, unless the user chose', () => {
    expect(compilesOnWorkers(2, 2, [], undefined)).toBe(true)
    expect(compilesOnWorkers(8, 4, [], '')).toBe(true)
    // Idle cores left for V8's compiler threads; the main thread alone.
    expect(compilesOnWorkers(2, 4, [], undefined)).toBe(false)
    expect(compilesOnWorkers(1, 1, [], undefined)).toBe(false)
    // The user's own choice, either way.
    expect(compilesOnWorkers(2, 2, ['--concurrent-recompilation'], undefined)).toBe(false)
    expect(compilesOnWorkers(2, 2, [], '--max-old-space-size=512 --no-concurrent-recompilation')).toBe(false)
  })
})
