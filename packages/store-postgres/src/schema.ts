/** The schema a store lives in: one name, checked once, quoted everywhere. */
import { EventStoreError } from '@boleto/core'

export const DEFAULT_SCHEMA = 'boleto'

/** Pure. Lower-case identifiers only, so the name never needs escaping beyond double quotes. */
export const checkSchemaName = (schema: string): string => {
  if (typeof schema !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new EventStoreError(
      'INVALID_ARGUMENT',
      `schema must match [a-z_][a-z0-9_]{0,62}: ${String(schema)}`,
    )
  return schema
}

/** Pure. `"schema".name` */
export const qualified = (schema: string, name: string): string => `"${schema}".${name}`
