/** Consumer checkpoints, compare-and-set by conditional writes. */
import type Database from 'better-sqlite3'

export interface Checkpoints {
  read(consumer: string): number | null
  store(consumer: string, position: number, expected: number | null): boolean
}

export const prepareCheckpoints = (db: Database.Database): Checkpoints => {
  const select = db.prepare('SELECT position FROM checkpoints WHERE consumer = ?').pluck()
  const create = db.prepare(
    'INSERT INTO checkpoints (consumer, position, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  )
  const move = db.prepare(
    'UPDATE checkpoints SET position = ?, updated_at = ? WHERE consumer = ? AND position = ?',
  )
  return {
    read: (consumer) => (select.get(consumer) as number | undefined) ?? null,
    store: (consumer, position, expected) => {
      const now = new Date().toISOString()
      const info =
        expected === null ? create.run(consumer, position, now) : move.run(position, now, consumer, expected)
      return info.changes === 1
    },
  }
}
