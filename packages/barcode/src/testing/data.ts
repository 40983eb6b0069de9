/**
 * @boleto/barcode/testing/data: the seeded generators and QI's examples, without the fast-check arbitraries,
 * so a benchmark or a seed script can import them where fast-check is not installed.
 */
export * from './generate.js'
export * from './sandbox.js'
