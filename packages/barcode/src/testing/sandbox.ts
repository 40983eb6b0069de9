/** QI's published examples (domain.md §3), shared by tests and the bench. */

/** Bank lines QI's sandbox accepts for a successful payment simulation. */
export const SANDBOX_BANK_LINES = [
  '32990001039000210987502864982109595090000063958',
  '32990001039000000006836762871105695090000010000',
  '32990001031000699960099000000200195070000025527',
  '32990001039000000000103194237800895060001000000',
  '32990001031000699960095000000208497790000030990',
] as const

/** Convênio lines QI's sandbox accepts. */
export const SANDBOX_CONVENIO_LINES = [
  '828300000007411100972013905080001546763201900028',
  '838000000009235700481007241345219112001474229880',
  '848000000006308600802021201071261517689002201070',
  '858200000015000000643025703477209504800448091020',
] as const

/**
 * The sandbox answers `IPP000014` (invalid barcode) for this line although every check digit is right: a
 * business rule of the sandbox, not a checksum failure. `decode` calls it valid.
 */
export const SANDBOX_IPP000014_LINE = '858500000037350000643217212883260006147448091022'

/** QI's worked example of the payment query: nominal 835.48, due 2020-08-02 (factor 8335), bank 318. */
export const QI_WORKED_EXAMPLE = {
  digitableLine: '31890005025050051213700211649462383350000083548',
  barcode: '31893833500000835480005050500512130021164946',
  bankCode: '318',
  dueDateFactor: 8335,
  amountCents: 83548,
  dueDate: '2020-08-02',
  /** `calculation_date` of the example. */
  referenceDate: '2020-08-05',
} as const
