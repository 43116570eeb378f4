// A URL split for display: the origin greyed, the path and query prominent.
export interface UrlParts {
  origin: string;
  rest: string;
}

export function splitUrl(url: string): UrlParts {
  try {
    const u = new URL(url);
    // Opaque origins ("null") have no meaningful prefix: show the whole URL as the path part.
    if (u.origin === 'null') return { origin: '', rest: url };
    return { origin: u.origin, rest: url.slice(u.origin.length) || '/' };
  } catch {
    return { origin: '', rest: url };
  }
}

/** A serialised origin as its scheme (`https://`) and host (with port). */
export function splitOrigin(origin: string): { scheme: string; host: string } {
  const at = origin.indexOf('://');
  return at < 0 ? { scheme: '', host: origin } : { scheme: origin.slice(0, at + 3), host: origin.slice(at + 3) };
}

/** The host (with port) of a serialised origin, for the narrow initiator column. */
export function shortOrigin(origin: string | null | undefined): string {
  if (origin === null) return 'null';
  if (origin === undefined) return '?';
  try {
    return new URL(origin).host || origin;
  } catch {
    return origin;
  }
}
