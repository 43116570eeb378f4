// MIME Sniffing Standard #parse-a-mime-type, reduced to what the Content-Type safelist
// needs: the essence (type/subtype, lowercased) or failure. Parameters are skipped, not kept,
// because the safelist only looks at the essence.

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Essence of a MIME type (`text/plain`), or null when the value does not parse. */
export function mimeEssence(value: string): string | null {
  // Step 1: strip leading and trailing HTTP whitespace.
  const input = value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  const slash = input.indexOf('/');
  // Steps 3–5: the type is everything up to "/", must be a non-empty token.
  if (slash <= 0) return null;
  const type = input.slice(0, slash);
  if (!TOKEN.test(type)) return null;
  // Steps 7–9: the subtype runs to ";" with trailing whitespace removed; non-empty token.
  const semi = input.indexOf(';', slash + 1);
  const rawSub = semi === -1 ? input.slice(slash + 1) : input.slice(slash + 1, semi);
  const subtype = rawSub.replace(/[\t\n\r ]+$/, '');
  if (subtype === '' || !TOKEN.test(subtype)) return null;
  // Parameters never make the parse fail (invalid ones are ignored), so the essence is final.
  return `${type.toLowerCase()}/${subtype.toLowerCase()}`;
}
