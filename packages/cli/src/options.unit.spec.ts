import { InvalidArgumentError } from 'commander'
import { describe, expect, it } from 'vitest'
import { isoDate, port, positiveInt } from './options.js'
import { describeDb, isPostgresUrl } from './store.js'

describe('option parsers', () => {
  it('accept what they should and reject the rest', () => {
    expect(positiveInt('4')).toBe(4)
    expect(() => positiveInt('0')).toThrow(InvalidArgumentError)
    expect(() => positiveInt('1.5')).toThrow(InvalidArgumentError)
    expect(port('0')).toBe(0)
    expect(() => port('65536')).toThrow(InvalidArgumentError)
    expect(isoDate('2024-02-29')).toBe('2024-02-29')
    expect(() => isoDate('2023-02-29')).toThrow(InvalidArgumentError)
    expect(() => isoDate('2024-2-1')).toThrow(InvalidArgumentError)
  })

  it('tells PostgreSQL URLs from SQLite paths and hides passwords', () => {
    expect(isPostgresUrl('postgresql://u:p@h/db')).toBe(true)
    expect(isPostgresUrl('./boleto.db')).toBe(false)
    expect(describeDb('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db')
    expect(describeDb('./boleto.db')).toBe('./boleto.db')
  })
})
