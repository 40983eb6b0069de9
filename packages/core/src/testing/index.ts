export * from './arbitraries.js'
export * from './event-store-contract.js'
export * from './seeds.js'
export * from './writer.js'
