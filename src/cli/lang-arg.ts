// `--lang <tag>` (or `--lang=<tag>`): the language of the Markdown report. Without it the locale
// environment decides as POSIX orders it (LC_ALL, then LC_MESSAGES, then LANG: the first one set
// and not empty), and a language without a catalogue (C, POSIX, fr_FR…) is English. Taken out of
// the arguments before the other options are parsed, like --stack (value-option.ts).
import type { Catalogue } from '../core/report/index.ts';
import { LOCALE_TAGS, LOCALES, localeOf } from '../core/report/index.ts';
import { valueOption } from './value-option.ts';
import { cliWords, type CliWords } from './words.ts';

/** The --lang line of a command's help. */
export const langUsage = (w: CliWords): string => w.usage.lang(LOCALE_TAGS.join(w.or));

export type Env = Readonly<Record<string, string | undefined>>;

/** The language the locale environment asks for; English when none of its catalogues matches. */
function envCatalogue(env: Env): Catalogue {
  const tag = ['LC_ALL', 'LC_MESSAGES', 'LANG'].map((k) => env[k]).find((v) => v !== undefined && v !== '');
  return LOCALES[(tag === undefined ? null : localeOf(tag)) ?? 'en'];
}

export interface LangArg {
  readonly catalogue: Catalogue;
  /** The arguments without the --lang option and its value. */
  readonly rest: readonly string[];
}

/** The chosen catalogue; throws (one line for the user, made by `fail`) for a missing or unknown language. */
export function takeLang(argv: readonly string[], env: Env, fail: (say: (w: CliWords) => string) => Error): LangArg {
  const { values, rest } = valueOption(argv, 'lang');
  let chosen: Catalogue | undefined;
  for (const value of values) {
    if (value === undefined || value === '' || value.startsWith('-')) throw fail((w) => w.errors.langMissing(LOCALE_TAGS.join(w.or)));
    const tag = localeOf(value);
    if (tag === null) throw fail((w) => w.errors.langUnknown(value, LOCALE_TAGS.join(w.or)));
    if (chosen !== undefined && chosen !== LOCALES[tag]) throw fail((w) => w.errors.langTwice);
    chosen = LOCALES[tag];
  }
  return { catalogue: chosen ?? envCatalogue(env), rest };
}

/**
 * The words to speak in before the arguments are known to be right (an error in them is said in
 * the language asked for all the same): the first --lang value that names a language, else the
 * locale environment's. Never throws.
 */
export function wordsFor(argv: readonly string[], env: Env): CliWords {
  for (const value of valueOption(argv, 'lang').values) {
    const tag = value === undefined ? null : localeOf(value);
    if (tag !== null) return cliWords(tag);
  }
  return cliWords(envCatalogue(env).locale);
}
