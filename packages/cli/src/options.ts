/** Option parsers shared by commands: they throw commander's InvalidArgumentError (exit 2). */
import { InvalidArgumentError } from 'commander'

/** Pure. A positive integer option. */
export const positiveInt = (value: string): number => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer')
  return n
}

/** Pure. A TCP port (0 = any free port). */
export const port = (value: string): number => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port, 0-65535')
  return n
}

/** Pure. A calendar date YYYY-MM-DD. */
export const isoDate = (value: string): string => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  const date = match === null ? null : new Date(`${value}T00:00:00Z`)
  if (date === null || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw new InvalidArgumentError('expected a date YYYY-MM-DD')
  return value
}
