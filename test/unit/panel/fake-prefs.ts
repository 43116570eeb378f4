// storage.local in memory, as the panel's remembered choices (language, server stack) read and
// write it: values come back as stored, untrusted; every write is kept for the test to read.
import type { PrefsLike } from '../../../src/panel/remembered-choice.ts';

type Listener = (changes: Record<string, { newValue?: unknown }>) => void;

/** storage.local and its onChanged in memory; `failSet` makes writes reject. */
export function fakePrefs(initial: Record<string, unknown> = {}, failSet = false) {
  const data = { ...initial };
  const listeners = new Set<Listener>();
  const writes: Array<Record<string, unknown>> = [];
  const prefs: PrefsLike = {
    local: {
      get: async (key) => (key in data ? { [key]: data[key] } : {}),
      set: async (items) => {
        writes.push(items);
        if (failSet) throw new Error('QUOTA_BYTES quota exceeded');
        Object.assign(data, items);
        for (const l of listeners) l(Object.fromEntries(Object.entries(items).map(([k, v]) => [k, { newValue: v }])));
      },
      onChanged: { addListener: (l) => void listeners.add(l), removeListener: (l) => void listeners.delete(l) },
    },
  };
  /** Another panel (or the storage area itself) changing a key of storage.local. */
  const external = (key: string, value: unknown) => {
    for (const l of listeners) l({ [key]: { newValue: value } });
  };
  return { prefs, writes, listeners, external };
}
