// Results of pure string functions kept for the process (builds in one process, folio watch, ask
// again about the same URLs and tags on every rebuild), and the list helpers its rebuilds compare
// this build's lists with last time's by.

import { resolve } from 'node:path';

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

/**
 * In `items`, sorted so that `before` holds for a start of it and for none of the rest: the first
 * place where it does not hold (where an item looked for is, or goes).
 */
export function sortedIndex<T>(items: readonly T[], before: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (before(items[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Two lists holding the same items (by identity) in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean = (x, y) => x === y): boolean {
  return a.length === b.length && a.every((item, i) => same(item, b[i]!));
}

/**
 * The positions of a list given again (folio watch) to look at again: those looked at last time,
 * and those whose file's absolute path is in `changed` (FileStamps.changedSince).
 */
export function positionsToAsk<T>(items: readonly T[], fileOf: (item: T) => string, looked: readonly number[], changed: ReadonlySet<string>): Set<number> {
  const ask = new Set(looked);
  if (changed.size === 0) return ask;
  const positions = pathPositions(items, fileOf);
  for (const path of changed) {
    const at = positions.get(path);
    if (at !== undefined) ask.add(at);
  }
  return ask;
}

/** Each item's position, by the absolute path of its file; kept per list (a watch rebuild is given the last list again). */
function pathPositions<T>(items: readonly T[], fileOf: (item: T) => string): ReadonlyMap<string, number> {
  let positions = positionsOf.get(items);
  if (positions === undefined) positionsOf.set(items, (positions = new Map(items.map((item, i) => [resolve(fileOf(item)), i]))));
  return positions;
}

const positionsOf = new WeakMap<readonly unknown[], ReadonlyMap<string, number>>();

/** What walkLists found: the items added (with their places in the new list) and removed (places in the last), and each kept item's new place by its last (-1: removed). */
export interface ListChanges<T> {
  added: { item: T; at: number }[];
  removed: { item: T; at: number }[];
  moved: Int32Array;
}

/**
 * The items of `now` that are not in `last` and the other way round, found by walking the two
 * lists side by side: an item at the same step in both is the same object; at a difference, the
 * one whose `name` sorts first is taken as added or removed (both lists in `name` order, as a
 * folder's files are listed, give exactly the items that came and went). Each item paired is the
 * same object, so counts over `last`, less the removed and plus the added, are counts over `now`
 * whatever the order (lists in another order only give more differences). Null past `limit`
 * differences.
 */
export function walkLists<T>(now: readonly T[], last: readonly T[], name: (item: T) => string, limit = Infinity): ListChanges<T> | null {
  const changes: ListChanges<T> = { added: [], removed: [], moved: new Int32Array(last.length).fill(-1) };
  for (let i = 0, j = 0; i < now.length || j < last.length;) {
    if (i < now.length && j < last.length && now[i] === last[j]) {
      changes.moved[j++] = i++;
      continue;
    }
    if (changes.added.length + changes.removed.length >= limit) return null;
    if (j >= last.length || (i < now.length && name(now[i]!) <= name(last[j]!))) changes.added.push({ item: now[i]!, at: i++ });
    else changes.removed.push({ item: last[j]!, at: j++ });
  }
  return changes;
}

