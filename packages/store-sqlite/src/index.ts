export { type BareEventRow, type BareInsert, createSqliteBareInsert } from './bare.js'
export { openDatabase, type SqliteConnectionOptions, type SqliteSynchronous } from './connection.js'
export { MIGRATIONS, type Migration, migrate } from './migrations.js'
export { createSqliteEventStore, type SqliteEventStore, type SqliteEventStoreOptions } from './store.js'
