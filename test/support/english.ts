// The heuristic behind "no English left" (issue 16): English function words a Spanish text never
// needs; one of them in a translated text means an untranslated sentence. Code, header names,
// quoted values, placeholders and URLs are taken out first. A language where one of these is a
// word of its own (German "was") would drop it here.
const ENGLISH_WORDS = [
  'the',
  'and',
  'is',
  'are',
  'with',
  'not',
  'this',
  'that',
  'request',
  'response',
  'of',
  'to',
  'must',
  'only',
  'was',
  'it',
  'for',
  'from',
  'your',
  'click',
  'copy',
  'save',
] as const;

/** What a text reads as once code, header names, quoted values and URLs are taken out. */
function prose(s: string): string {
  return ` ${s} `
    .replace(/`[^`]*`/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/\{[a-zA-Z]+\}/g, ' ')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, ' ')
    .replace(/\b(Access-Control|Cross-Origin|Sec-Fetch|Content|Accept)(-[A-Za-z]+)+/g, ' ')
    .replace(/\b(Origin|Vary|Location|Cookie|Authorization|Range|Referer)\b/g, ' ')
    .replace(/[.,;:()!?'’]/g, ' ')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** The first English function word in `text` (after `prose`), if any. */
export function englishWordIn(text: string): string | undefined {
  const p = prose(text);
  return ENGLISH_WORDS.find((w) => p.includes(` ${w} `));
}
