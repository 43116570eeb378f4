// Every catalogue the engine speaks. A new language is one catalogue file (typed `Catalogue`, so
// the compiler rejects a missing key) and one line here; docs/translating.md says how.
import type { Catalogue } from './catalogue.ts';
import { en } from './en.ts';
import { es } from './es.ts';

export const LOCALES = { en, es } as const satisfies Readonly<Record<string, Catalogue>>;
export type LocaleTag = keyof typeof LOCALES;
export const LOCALE_TAGS = Object.keys(LOCALES) as LocaleTag[];

/** The language of a tag: "es", "es-MX", "es_ES.UTF-8" → "es"; null when no catalogue matches. */
export function localeOf(tag: string): LocaleTag | null {
  const lang =
    tag
      .trim()
      .toLowerCase()
      .split(/[-_.@]/)[0] ?? '';
  return Object.hasOwn(LOCALES, lang) ? (lang as LocaleTag) : null;
}

/** The catalogue for a tag; English when no catalogue matches. */
export function catalogueFor(tag: string): Catalogue {
  return LOCALES[localeOf(tag) ?? 'en'];
}
