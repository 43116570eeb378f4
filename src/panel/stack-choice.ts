// The user's server stack: picked once in the fix section, remembered in storage.local (it is
// a preference of the user, not of a tab), and shared by every open CORS panel: the fix shows
// that stack's snippet first and the Markdown export leads with it.
// Read back as untrusted data: a value that is not a known stack id is no choice.
import { createContext } from 'preact';
import { isStackId, type StackId } from '../core/index.ts';
import { useRememberedChoice, type PrefsLike } from './remembered-choice.ts';

/** storage.local key of the choice. Apart from `settings`, which the background owns and merges. */
export const STACK_KEY = 'panelStack';
/** Until the user picks one. */
const DEFAULT_STACK: StackId = 'express';

export interface StackChoice {
  stack: StackId;
  /** False until the user picked one (the default is shown meanwhile). */
  chosen: boolean;
  choose(stack: StackId): void;
  /** The last failure to remember the choice (it still applies to this panel). */
  error: string | null;
}

export const StackChoiceContext = createContext<StackChoice>({ stack: DEFAULT_STACK, chosen: false, choose: () => undefined, error: null });

const parseStack = (v: unknown): StackId | null => (typeof v === 'string' && isStackId(v) ? v : null);

export function useStackChoice(prefs: PrefsLike | undefined): StackChoice {
  const { value, choose, error } = useRememberedChoice(prefs, STACK_KEY, parseStack);
  return { stack: value ?? DEFAULT_STACK, chosen: value !== null, choose, error };
}
