import { describe, expect, it } from 'vitest'
import { pythonFloatRepr, pythonJsonDumps } from './python-json.js'

describe('pythonFloatRepr (Python repr of a float)', () => {
  it.each([
    [850, '850.0'],
    [835.48, '835.48'],
    [0.1, '0.1'],
    [0, '0.0'],
    [-0, '-0.0'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [123456789012345.6, '123456789012345.6'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [-2.5e-7, '-2.5e-07'],
    [1e100, '1e+100'],
  ])('%s → %s', (x, expected) => {
    expect(pythonFloatRepr(x)).toBe(expected)
  })
})

describe('pythonJsonDumps', () => {
  it('uses ", " and ": ", keeps key order and float spelling, escapes non-ASCII', () => {
    expect(pythonJsonDumps('{"a":1,"b":[1.50,2e3,true,null],"c":{},"d":"çã\\/\\n"}')).toBe(
      '{"a": 1, "b": [1.5, 2000.0, true, null], "c": {}, "d": "\\u00e7\\u00e3/\\n"}',
    )
  })

  it('keeps non-ASCII with ensure_ascii=False, and escapes astral characters as surrogate pairs', () => {
    expect(pythonJsonDumps('{"d":"çã"}', false)).toBe('{"d": "çã"}')
    expect(pythonJsonDumps('["😀"]')).toBe('["\\ud83d\\ude00"]')
  })

  it('is null for text it cannot read', () => {
    expect(pythonJsonDumps('{"a": nope}')).toBeNull()
    expect(pythonJsonDumps('{"a": "unterminated')).toBeNull()
  })
})
