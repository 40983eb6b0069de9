/** Consumer checkpoints, compare-and-set by conditional writes. */
import type { Pool } from 'pg'
import { qualified } from './schema.js'

export interface Checkpoints {
  read(consumer: string): Promise<number | null>
  store(consumer: string, position: number, expected: number | null): Promise<boolean>
}

export const createCheckpoints = (pool: Pool, schema: string): Checkpoints => {
  const table = qualified(schema, 'checkpoints')
  return {
    read: async (consumer) => {
      const row = (
        await pool.query<{ position: string }>({
          name: `${schema}.readCheckpoint`,
          text: `SELECT position FROM ${table} WHERE consumer = $1`,
          values: [consumer],
        })
      ).rows[0]
      return row === undefined ? null : Number(row.position)
    },
    store: async (consumer, position, expected) => {
      const result =
        expected === null
          ? await pool.query({
              name: `${schema}.createCheckpoint`,
              text: `INSERT INTO ${table} (consumer, position) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
              values: [consumer, position],
            })
          : await pool.query({
              name: `${schema}.moveCheckpoint`,
              text: `UPDATE ${table} SET position = $2, updated_at = now() WHERE consumer = $1 AND position = $3`,
              values: [consumer, position, expected],
            })
      return result.rowCount === 1
    },
  }
}
