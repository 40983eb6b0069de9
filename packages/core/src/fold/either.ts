/**
 * The fold's results as fp-ts `Either` values, built without loading fp-ts at run time: the replay's worker
 * threads load only the fold, and fp-ts's CommonJS modules cost each of them ~50 ms at start-up. The
 * values are fp-ts's own shape (`{ _tag: 'Left', left }`, `{ _tag: 'Right', right }`), so callers use them
 * with fp-ts as before.
 */
import type { Either, Left, Right } from 'fp-ts/lib/Either.js'

export type { Either, Right }

/** Pure. fp-ts's `left`. */
export const left = <E, A = never>(value: E): Either<E, A> => ({ _tag: 'Left', left: value }) as Left<E>

/** Pure. fp-ts's `right`. */
export const right = <A, E = never>(value: A): Either<E, A> => ({ _tag: 'Right', right: value }) as Right<A>

/** Pure. fp-ts's `isLeft`. */
export const isLeft = <E, A>(value: Either<E, A>): value is Left<E> => value._tag === 'Left'

/** Pure. fp-ts's `isRight`. */
export const isRight = <E, A>(value: Either<E, A>): value is Right<A> => value._tag === 'Right'
