// Small text helpers shared by the model builders.

/** Trimmed text, or null when nothing is left. */
export function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Code-unit order: the same on every machine, unlike locale collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `fn` with its results kept by argument, for a pure function asked about few distinct values many
 * times (tag and site slugs: thousands of articles share a few hundred tags, and a slug costs a
 * pinyin lookup).
 */
export function memoized<T>(fn: (arg: string) => T): (arg: string) => T {
  const known = new Map<string, T>();
  return (arg) => {
    if (known.has(arg)) return known.get(arg)!;
    const value = fn(arg);
    known.set(arg, value);
    return value;
  };
}
