// The user's server stack: picked once in the fix section, remembered in storage.local (it is
// a preference of the user, not of a tab), and shared by every open CORS panel: the fix shows
// that stack's snippet first and the Markdown export leads with it.
// Read back as untrusted data: a value that is not a known stack id is no choice.
import { createContext } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { isStackId, type StackId } from '../src/core/index.ts';

/** storage.local key of the choice. Apart from `settings`, which the background owns and merges. */
export const STACK_KEY = 'panelStack';
/** Until the user picks one. */
export const DEFAULT_STACK: StackId = 'express';

/** The part of `browser.storage` this needs (injected: unit tests pass a fake). */
export interface PrefsLike {
  local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  onChanged: {
    addListener(cb: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
    removeListener(cb: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
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
    const changed = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const v = area === 'local' ? changes[STACK_KEY]?.newValue : undefined;
      if (live && typeof v === 'string' && isStackId(v)) setStack(v);
    };
    prefs.onChanged.addListener(changed);
    return () => {
      live = false;
      prefs.onChanged.removeListener(changed);
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
