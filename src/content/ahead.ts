// Work on a list started a few items ahead of the item being used, used in order: reads and hashes
// of the next files overlap with what is done with this one, and results still come in order.
// And work put off until the current task has run (what can wait until a rebuild's pages are live).

/**
 * `start(i)` for each index not skipped, up to `limit` ahead of the index taken; results are taken
 * in order, each once, and a failure is thrown when its index is taken (not before: what was done
 * with the items before it stands).
 */
export function inOrderAhead<T>(count: number, limit: number, skip: (index: number) => boolean, start: (index: number) => Promise<T>): (index: number) => Promise<T> {
  const started = new Map<number, Promise<{ value: T } | { error: unknown }>>();
  let next = 0;
  return async (index) => {
    for (; next < count && next < index + limit; next++) {
      if (!skip(next)) started.set(next, start(next).then((value) => ({ value }), (error: unknown) => ({ error })));
    }
    const result = started.get(index);
    if (result === undefined) throw new Error(`inOrderAhead: item ${index} was skipped or already taken`);
    started.delete(index);
    const outcome = await result;
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
}

/** Resolves once the current task (and the promise callbacks it queued) has run. */
export function afterThisTask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
