/**
 * @boleto/barcode/testing: fast-check arbitraries (fast-check is an optional peer) plus everything in
 * `@boleto/barcode/testing/data` (seeded generators and QI's examples, which need no fast-check).
 */
export {
  bankBarcodeArb,
  barcodeArb,
  convenioBarcodeArb,
  digitableLineArb,
  digitsArb,
  type LineArbOptions,
  withSeparatorsArb,
} from './arbitraries.js'
export * from './data.js'
