/** Exhaustiveness check for discriminated unions: a missing case is a compile error. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(x)}`);
}

/** Engine invariant. User input never reaches an assert: it is parsed into a Result first. */
export function invariant(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(`natlab engine invariant failed: ${message}`);
}
