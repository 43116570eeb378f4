// The same-origin redirect hops of a page's requests, held until a later hop leaves the page's
// origin. `fetch('/download')` answered with a 302 to a storage bucket is a CORS request from
// that hop on (Fetch #main-fetch: the redirect target is cross-origin, response tainting becomes
// "cors"), but its first events were of a same-origin request, which the capture drops. Without
// these hops its record would start at the bucket: the page's own call (what the witness saw)
// would not match its URL, and the trace could not say that the page's server redirected.
import type { HeaderEntry, RedirectHop } from '../core/index.ts';
import { trimOldest } from './bounded.ts';

/** Requests with same-origin hops held at once (a page rarely has more than a few in flight). */
const MAX_HELD = 256;

interface Held {
  /** The 3xx's headers, from onHeadersReceived (onBeforeRedirect is registered without them). */
  headers?: HeaderEntry[];
  hops: RedirectHop[];
  /** When the first hop's response came: the earliest event of the request that was kept. */
  startedAt: number;
  method: string;
}

/** The first hops of a redirected request, for the record that starts when it leaves the origin. */
export interface LocalStart {
  url: string;
  method: string;
  startedAt: number;
  hops: RedirectHop[];
}

export class LocalRedirects {
  private readonly held = new Map<string, Held>();

  /** A 3xx answered a same-origin request of a page: its headers, for the hop that follows. */
  response(requestId: string, method: string, at: number, headers: HeaderEntry[]): void {
    const h = this.held.get(requestId);
    if (h) h.headers = headers;
    else this.keep(requestId, { headers, hops: [], startedAt: at, method });
  }

  /** The same-origin request follows a redirect. */
  redirect(requestId: string, method: string, at: number, hop: { url: string; status: number; location: string }): void {
    let h = this.held.get(requestId);
    if (!h) h = this.keep(requestId, { hops: [], startedAt: at, method });
    h.hops.push({ ...hop, headers: h.headers ?? [] });
    delete h.headers;
  }

  /**
   * The hops that led to `url`, taken (null when none did): the request now leaves its page's
   * origin. Hops that lead elsewhere are of another request under a reused id: dropped.
   */
  take(requestId: string, url: string): LocalStart | null {
    if (this.held.size === 0) return null;
    const h = this.held.get(requestId);
    if (!h) return null;
    this.held.delete(requestId);
    const first = h.hops[0];
    if (!first || h.hops.at(-1)?.location !== url) return null;
    return { url: first.url, method: h.method, startedAt: h.startedAt, hops: h.hops };
  }

  /** The request ended on its page's origin: nothing to keep. */
  end(requestId: string): void {
    if (this.held.size > 0) this.held.delete(requestId);
  }

  private keep(requestId: string, h: Held): Held {
    this.held.set(requestId, h);
    trimOldest(this.held, MAX_HELD);
    return h;
  }
}
