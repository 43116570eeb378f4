// A preference of the user remembered in storage.local (not of a tab): shared by every open
// CORS panel and the popup, heard again when another panel changes it, and read back as
// untrusted data (`parse` says what is a value; anything else is no choice). The server stack
// (stack-choice.ts) and the panel's language (language-choice.ts) are such choices.
import { useCallback, useEffect, useState } from 'preact/hooks';

/** A listener of storage.local's changes. */
type LocalChanges = (changes: Record<string, { newValue?: unknown }>) => void;

/**
 * The part of `browser.storage` this needs (injected: unit tests pass a fake). Changes are
 * heard on `storage.local.onChanged`, never on `storage.onChanged`: a listener there is sent
 * every storage.session write too, old and new value (the capture writes a record several
 * times per request: ~400 KB of events per 50 requests reached an open panel that way).
 */
export interface PrefsLike {
  local: {
    get(key: string): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
    onChanged: { addListener(cb: LocalChanges): void; removeListener(cb: LocalChanges): void };
  };
}

export interface RememberedChoice<T> {
  /** Null until the user picked one (here, or in another panel before). */
  value: T | null;
  choose(next: T): void;
  /** The last failure to remember the choice (it still applies to this panel). */
  error: string | null;
}

export function useRememberedChoice<T>(prefs: PrefsLike | undefined, key: string, parse: (stored: unknown) => T | null): RememberedChoice<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `parse` is a fixed reader of one key's values
  useEffect(() => {
    if (!prefs) return undefined;
    let live = true;
    prefs.local.get(key).then(
      (items) => {
        const v = parse(items[key]);
        // A choice made meanwhile in this panel wins over what storage had.
        if (live && v !== null) setValue((mine) => mine ?? v);
      },
      () => undefined,
    );
    const changed: LocalChanges = (changes) => {
      const v = parse(changes[key]?.newValue);
      if (live && v !== null) setValue(() => v);
    };
    prefs.local.onChanged.addListener(changed);
    return () => {
      live = false;
      prefs.local.onChanged.removeListener(changed);
    };
  }, [prefs, key]);
  const choose = useCallback(
    (next: T) => {
      setValue(() => next);
      setError(null);
      prefs?.local.set({ [key]: next }).catch((e: unknown) => setError(String(e)));
    },
    [prefs, key],
  );
  return { value, choose, error };
}
