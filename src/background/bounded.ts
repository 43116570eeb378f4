// Insertion-ordered Maps and Sets used as bounded memories (tombstones, orphans, discards):
// the oldest entries go first.

/** Keeps the newest `max` entries of an insertion-ordered Map or Set. */
export function trimOldest<K>(collection: { readonly size: number; keys(): IterableIterator<K>; delete(key: K): boolean }, max: number): void {
  for (const key of collection.keys()) {
    if (collection.size <= max) return;
    collection.delete(key);
  }
}
