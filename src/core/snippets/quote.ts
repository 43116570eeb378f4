// String literals for each snippet language. The values are sanitised before (requirements.ts),
// but each quoter is safe on its own: whatever the text, the literal ends where it should and
// nothing in it is interpreted (no interpolation, no escape sequence, no line break).

const hex = (c: string, width: number): string => c.charCodeAt(0).toString(16).padStart(width, '0');

/** A C-family double-quoted literal; `special` maps the characters the language treats specially. */
function cLike(s: string, special: Readonly<Record<string, string>>, control: (c: string) => string): string {
  let out = '"';
  for (const c of s) {
    const mapped = special[c];
    if (mapped !== undefined) out += mapped;
    else if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(c)) out += control(c);
    else out += c;
  }
  return `${out}"`;
}

const BASIC: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** JavaScript / TypeScript (JSON is a subset). */
export const js = (s: string): string => JSON.stringify(s);

/** Python: a plain (not f-) string. */
export const py = (s: string): string => cLike(s, BASIC, (c) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));

/** Go: an interpreted string literal. */
export const go = (s: string): string => cLike(s, BASIC, (c) => `\\u${hex(c, 4)}`);

/** Ruby: double-quoted, `#` escaped so that `#{…}` cannot interpolate. */
export const rb = (s: string): string => cLike(s, { ...BASIC, '#': '\\#' }, (c) => `\\u${hex(c, 4)}`);

/**
 * Java: javac turns `\uXXXX` into the character before it parses (`\u000a` would end the line),
 * so ASCII and Latin-1 controls are written in octal; a backslash is doubled, so a `\u` in the
 * text is never an escape.
 */
export const java = (s: string): string =>
  cLike(s, BASIC, (c) => (c.charCodeAt(0) < 0x100 ? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}` : `\\u${hex(c, 4)}`));

/** C#: a regular (not verbatim, not interpolated) string. */
export const cs = (s: string): string => cLike(s, BASIC, (c) => `\\u${hex(c, 4)}`);

/**
 * nginx, Apache httpd and Caddy: double-quoted configuration strings. `$` (nginx variables),
 * `%` (Apache format specifiers) and `{`/`}` (Caddy placeholders) cannot be escaped in all three,
 * so a value holding one is not written at all: see `configSafe`.
 */
export const conf = (s: string): string => cLike(s, { '\\': '\\\\', '"': '\\"' }, () => '');

/** A value a configuration file can hold literally (no variable, placeholder or format syntax). */
export const configSafe = (s: string): boolean => !/[$%{}\\"\u0000-\u001f\u007f]/.test(s);

/** A regular expression matching the text literally (Python `re`, Ruby, JavaScript). */
export const regexLiteral = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** A list of literals joined by `, `. */
export const list = (items: readonly string[], quote: (s: string) => string): string => items.map(quote).join(', ');
