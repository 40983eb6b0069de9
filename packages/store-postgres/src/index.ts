export { type BareEventRow, type BareInsert, createPostgresBareInsert } from './bare.js'
export { MIGRATIONS, type Migration, migrate } from './migrations.js'
export { DEFAULT_SCHEMA } from './schema.js'
export {
  createPostgresEventStore,
  type PostgresConnection,
  type PostgresEventStore,
  type PostgresEventStoreOptions,
} from './store.js'
