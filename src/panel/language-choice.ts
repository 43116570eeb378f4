// The panel's language: the browser's UI language, unless the user picked one in the panel.
// The pick is remembered in storage.local (a preference of the user, not of a tab) and shared
// by every open CORS panel and the popup, as the server stack is (stack-choice.ts). Read back
// as untrusted data: a value that is not a language with a catalogue is no choice.
import { LOCALE_TAGS, localeOf, type LocaleTag } from '../core/report/index.ts';
import { useRememberedChoice, type PrefsLike } from './remembered-choice.ts';

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
  // Not remembered (storage refused): the pick still applies to this panel.
  const { value, choose } = useRememberedChoice(prefs, LANGUAGE_KEY, storedLanguage);
  return { language: value ?? localeOf(uiLanguage ?? 'en') ?? 'en', choose };
}
