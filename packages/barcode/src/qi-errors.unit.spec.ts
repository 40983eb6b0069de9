import { describe, expect, it } from 'vitest'
import { DECODE_ERROR_CODES, decode, QI_CODE_FOR, QI_ERRORS, qiErrorFor } from './index.js'
import { QI_WORKED_EXAMPLE, SANDBOX_CONVENIO_LINES, SANDBOX_IPP000014_LINE } from './testing/sandbox.js'

const REF = { referenceDate: '2025-06-01' }

describe('qiErrorFor', () => {
  it('answers a missing line with BLP000012, spelled as QI spells it', () => {
    expect(qiErrorFor(decode('', REF))).toEqual({
      code: 'BLP000012',
      title: 'Bad Request',
      http_status: 400,
      description: 'Missing mandatory parameter: digitable_line',
      translation: 'Parâmetro obrigatório ausente: digitable_line',
      extra_fields: {},
    })
  })

  it('answers a non-digit with BLP000141', () => {
    expect(qiErrorFor(decode('3189O', REF))).toEqual({
      code: 'BLP000141',
      title: 'Bad Request',
      http_status: 400,
      description: 'The given digitable_line must have only numbers.',
      translation: 'A linha digitável fornecida deve conter somente números.',
      extra_fields: {},
    })
  })

  it('answers a wrong length with BLP000142 (http_status 400, which the sample on QI page leaves out)', () => {
    expect(qiErrorFor(decode('123', REF))).toEqual({
      code: 'BLP000142',
      title: 'Bad Request',
      http_status: 400,
      description: 'This digitable line is out of minimum or maximum length.',
      translation: 'Esta linha digitável está fora do comprimento mínimo ou máximo.',
      extra_fields: {},
    })
  })

  it('answers every check-digit and layout failure with IPP000014', () => {
    const invalidBarcode = {
      code: 'IPP000014',
      title: 'Invalid Barcode',
      http_status: 422,
      description: 'Invalid barcode',
      translation: 'O Código de barras é inválido',
      extra_fields: {},
    }
    const line = QI_WORKED_EXAMPLE.digitableLine
    expect(qiErrorFor(decode(`${line.slice(0, 9)}0${line.slice(10)}`, REF))).toEqual(invalidBarcode)
    expect(qiErrorFor(decode(line, { referenceDate: '2029-01-01' }))).toEqual(invalidBarcode)
    expect(qiErrorFor(decode(`${SANDBOX_CONVENIO_LINES[0].slice(0, 47)}9`, REF))).toEqual(invalidBarcode)
  })

  it('maps every decode error code, and nothing else, to a documented QI code', () => {
    expect(Object.keys(QI_CODE_FOR).sort()).toEqual([...DECODE_ERROR_CODES].sort())
    for (const code of DECODE_ERROR_CODES) expect(QI_ERRORS[QI_CODE_FOR[code]].code).toBe(QI_CODE_FOR[code])
    expect(QI_CODE_FOR.EMPTY).toBe('BLP000012')
    expect(QI_CODE_FOR.INVALID_CHARACTERS).toBe('BLP000141')
    expect(QI_CODE_FOR.INVALID_LENGTH).toBe('BLP000142')
    const rest = DECODE_ERROR_CODES.filter(
      (c) => !['EMPTY', 'INVALID_CHARACTERS', 'INVALID_LENGTH'].includes(c),
    )
    for (const code of rest) expect(QI_CODE_FOR[code]).toBe('IPP000014')
  })

  it('answers null for a valid line, including the one the sandbox refuses for a business rule', () => {
    expect(qiErrorFor(decode(QI_WORKED_EXAMPLE.digitableLine, REF))).toBeNull()
    expect(qiErrorFor(decode(SANDBOX_IPP000014_LINE, REF))).toBeNull()
  })

  it('keeps the catalogue of the other payment-query errors as QI spells them', () => {
    expect(QI_ERRORS.IPP000022).toMatchObject({
      http_status: 422,
      description: 'Covenant not accepted',
      translation: 'Convênio não aceito',
    })
    expect(QI_ERRORS.IPP000023.description).toBe('Max retries exceeded, while trying to complete payment.')
    expect(QI_ERRORS.IPP000017).toMatchObject({
      title: 'Unprocessable Entity',
      translation: 'A arrecadação está vencida',
    })
  })

  it('hands out a fresh extra_fields object each time', () => {
    const first = qiErrorFor(decode('', REF))!
    first.extra_fields.detail = 'changed'
    expect(qiErrorFor(decode('', REF))!.extra_fields).toEqual({})
    expect(QI_ERRORS.BLP000012.extra_fields).toEqual({})
  })
})
