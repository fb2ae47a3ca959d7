// Results of pure string functions kept for the process: builds in one process (folio watch) ask
// again about the same URLs and tags on every rebuild.

/**
 * `fn` with its results kept by argument, up to `limit` of them (then all are let go at once, so
 * a long session's memory stays bounded).
 */
export function memoizedUpTo<T>(fn: (arg: string) => T, limit: number): (arg: string) => T {
  const known = new Map<string, T>();
  return (arg) => {
    let value = known.get(arg);
    if (value === undefined && !known.has(arg)) {
      if (known.size >= limit) known.clear();
      value = fn(arg);
      known.set(arg, value);
    }
    return value as T;
  };
}

/** Two lists holding the same items (by identity) in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean = (x, y) => x === y): boolean {
  return a.length === b.length && a.every((item, i) => same(item, b[i]!));
}
