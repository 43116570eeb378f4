// Requests that went the same way are one finding: 6,000 requests to one misconfigured
// endpoint make one section with a count, not 6,000 sections. "The same way" is the same
// report kind, reason and reason parameters, the same warnings, method, page origin and
// endpoint: the URL without its query or fragment, with numbers and ids in the path taken
// as one route (/items/7 and /items/8 are /items/{id}).
import { reportKind, type ReportInput } from '../core/report/index.ts';

export interface ReportGroup {
  /** The first request of the group, reported in full. */
  readonly example: ReportInput;
  count: number;
  /** Distinct URLs (raw; never printed: only their number is). */
  readonly urls: Set<string>;
  /** Capture times of the earliest and latest requests (ms), when the HAR has them. */
  first: number | undefined;
  last: number | undefined;
}

// A path segment that names one resource rather than a route: a number, a UUID, a long hex or
// base64url token.
const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|[A-Za-z0-9_-]{32,})$/i;

/** The endpoint of a URL: no query, no fragment, ids in the path as `{id}`. */
export function endpointOf(url: string): string {
  const cut = url.search(/[?#]/);
  const bare = cut < 0 ? url : url.slice(0, cut);
  const scheme = bare.indexOf('://');
  const pathStart = scheme < 0 ? -1 : bare.indexOf('/', scheme + 3);
  if (pathStart < 0) return bare;
  const path = bare
    .slice(pathStart)
    .split('/')
    .map((s) => (ID_SEGMENT.test(s) ? '{id}' : s))
    .join('/');
  return `${bare.slice(0, pathStart)}${path}`;
}

/** What makes two reported requests the same finding. */
export function groupKey(i: ReportInput): string {
  const v = i.verdict;
  const initiator = i.exchange.initiator === undefined ? '(none)' : i.exchange.initiator === null ? '(opaque)' : i.exchange.initiator;
  return JSON.stringify([reportKind(v), v.reason, v.params, v.warnings.map((w) => w.code), i.exchange.request.method, endpointOf(i.exchange.url), initiator]);
}

/** Groups in the order their first request appears. */
export class ReportGroups {
  readonly #byKey = new Map<string, ReportGroup>();

  add(key: string, input: ReportInput): void {
    let g = this.#byKey.get(key);
    if (g === undefined) this.#byKey.set(key, (g = { example: input, count: 0, urls: new Set(), first: undefined, last: undefined }));
    g.count++;
    g.urls.add(input.exchange.url);
    const t = input.capturedAt;
    if (t !== undefined) {
      if (g.first === undefined || t < g.first) g.first = t;
      if (g.last === undefined || t > g.last) g.last = t;
    }
  }

  get size(): number {
    return this.#byKey.size;
  }

  list(): ReportGroup[] {
    return [...this.#byKey.values()];
  }
}
