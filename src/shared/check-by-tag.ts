// A check of a tagged union that came from elsewhere (a port, a page): one check per tag, in a
// table typed over the union's tags, so a member added to the union without its check does
// not compile (a switch with `default: return false` would reject the new member silently).

type Fields = Record<string, unknown>;

/** One check per tag of `U` (the value of its field `K`), given the value as an object. */
type TagChecks<U, K extends keyof U> = { readonly [T in U[K] & string]: (v: Fields) => boolean };

/**
 * A type guard for `U`: an object whose field `tag` is a string with a check in `checks`, and
 * that check holds. The tag is read once, before its check runs; a tag such as `toString`
 * finds no check (only the table's own keys count).
 */
export function checkByTag<U, K extends keyof U & string>(tag: K, checks: TagChecks<U, K>): (v: unknown) => v is U {
  return (v: unknown): v is U => {
    if (typeof v !== 'object' || v === null) return false;
    const t = (v as Fields)[tag];
    return typeof t === 'string' && Object.hasOwn(checks, t) && checks[t as U[K] & string](v as Fields);
  };
}
