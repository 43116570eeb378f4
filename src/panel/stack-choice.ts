// The user's server stack: picked once in the fix section, remembered in storage.local (it is
// a preference of the user, not of a tab), and shared by every open CORS panel: the fix shows
// that stack's snippet first and the Markdown export leads with it.
// Read back as untrusted data: a value that is not a known stack id is no choice.
import { createContext } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { isStackId, type StackId } from '../core/index.ts';

/** storage.local key of the choice. Apart from `settings`, which the background owns and merges. */
export const STACK_KEY = 'panelStack';
/** Until the user picks one. */
const DEFAULT_STACK: StackId = 'express';

/** A listener of storage.local's changes. */
export type LocalChanges = (changes: Record<string, { newValue?: unknown }>) => void;

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

export interface StackChoice {
  stack: StackId;
  /** False until the user picked one (the default is shown meanwhile). */
  chosen: boolean;
  choose(stack: StackId): void;
  /** The last failure to remember the choice (it still applies to this panel). */
  error: string | null;
}

export const StackChoiceContext = createContext<StackChoice>({ stack: DEFAULT_STACK, chosen: false, choose: () => undefined, error: null });

export function useStackChoice(prefs: PrefsLike | undefined): StackChoice {
  const [stack, setStack] = useState<StackId | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!prefs) return undefined;
    let live = true;
    prefs.local.get(STACK_KEY).then(
      (items) => {
        const v = items[STACK_KEY];
        // A choice made meanwhile in this panel wins over what storage had.
        if (live && typeof v === 'string' && isStackId(v)) setStack((mine) => mine ?? v);
      },
      () => undefined,
    );
    const changed: LocalChanges = (changes) => {
      const v = changes[STACK_KEY]?.newValue;
      if (live && typeof v === 'string' && isStackId(v)) setStack(v);
    };
    prefs.local.onChanged.addListener(changed);
    return () => {
      live = false;
      prefs.local.onChanged.removeListener(changed);
    };
  }, [prefs]);
  const choose = useCallback(
    (next: StackId) => {
      setStack(next);
      setError(null);
      prefs?.local.set({ [STACK_KEY]: next }).catch((e: unknown) => setError(String(e)));
    },
    [prefs],
  );
  return { stack: stack ?? DEFAULT_STACK, chosen: stack !== null, choose, error };
}
