// The panel's language: the browser's UI language, unless the user picked one in the panel.
// The pick is remembered in storage.local (a preference of the user, not of a tab) and shared
// by every open CORS panel and the popup, as the server stack is (stack-choice.ts). Read back
// as untrusted data: a value that is not a language with a catalogue is no choice.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { LOCALE_TAGS, localeOf, type LocaleTag } from '../core/report/index.ts';
import type { LocalChanges, PrefsLike } from './stack-choice.ts';

/** storage.local key of the choice (apart from `settings`, which the background owns). */
export const LANGUAGE_KEY = 'panelLanguage';

/** Each language's name in itself: what a reader of that language looks for in a list. */
export const LANGUAGE_NAMES: Readonly<Record<LocaleTag, string>> = { en: 'English', es: 'Español' };

/** A stored value as a language, or null. */
export function storedLanguage(value: unknown): LocaleTag | null {
  return typeof value === 'string' && (LOCALE_TAGS as readonly string[]).includes(value) ? (value as LocaleTag) : null;
}

export interface LanguageChoice {
  language: LocaleTag;
  choose(language: LocaleTag): void;
}

/** `uiLanguage`: the browser's (i18n.getUILanguage()); a tag without a catalogue means English. */
export function useLanguageChoice(prefs: PrefsLike | undefined, uiLanguage: string | undefined): LanguageChoice {
  const [chosen, setChosen] = useState<LocaleTag | null>(null);
  useEffect(() => {
    if (!prefs) return undefined;
    let live = true;
    prefs.local.get(LANGUAGE_KEY).then(
      (items) => {
        const v = storedLanguage(items[LANGUAGE_KEY]);
        // A choice made meanwhile in this panel wins over what storage had.
        if (live && v !== null) setChosen((mine) => mine ?? v);
      },
      () => undefined,
    );
    const changed: LocalChanges = (changes) => {
      const v = storedLanguage(changes[LANGUAGE_KEY]?.newValue);
      if (live && v !== null) setChosen(v);
    };
    prefs.local.onChanged.addListener(changed);
    return () => {
      live = false;
      prefs.local.onChanged.removeListener(changed);
    };
  }, [prefs]);
  const choose = useCallback(
    (next: LocaleTag) => {
      setChosen(next);
      // Not remembered (storage refused): it still applies to this panel.
      prefs?.local.set({ [LANGUAGE_KEY]: next }).catch(() => undefined);
    },
    [prefs],
  );
  return { language: chosen ?? localeOf(uiLanguage ?? 'en') ?? 'en', choose };
}
