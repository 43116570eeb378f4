// The input model: one cross-origin exchange exactly as the capture layer (webRequest with
// `extraHeaders`) can observe it. Anything webRequest cannot see is optional or "unknown";
// the engine never assumes a value it was not given, it records which assumption it used.

/** One header line as observed; names keep their original case, lists keep order and duplicates. */
export interface HeaderEntry {
  readonly name: string;
  readonly value: string;
  /**
   * The capture cut this value at its bound (docs/lifecycle.md rule 9): `value` is only its
   * beginning. A rule that depends on it cannot be judged.
   */
  readonly truncated?: true;
}

/**
 * How much of a value that can decide a verdict (`Access-Control-*`, `Vary`, `Origin`,
 * `Location`) the capture keeps; longer values are cut here and marked `truncated`.
 */
export const MAX_DECIDING_VALUE = 32 * 1024;

/** Fetch #redirect-status: the statuses a Location makes a redirect. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** An ordered header list (duplicates allowed, as on the wire). */
export type HeaderList = readonly HeaderEntry[];

/** webRequest resource types (Chromium + Firefox); unknown ones are mapped to `other`. */
export const RESOURCE_TYPES = [
  'xmlhttprequest',
  'font',
  'script',
  'stylesheet',
  'image',
  'imageset',
  'media',
  'main_frame',
  'sub_frame',
  'object',
  'object_subrequest',
  'ping',
  'beacon',
  'csp_report',
  'websocket',
  'webtransport',
  'webbundle',
  'xslt',
  'xml_dtd',
  'web_manifest',
  'speculative',
  'other',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
const RESOURCE_TYPE_SET: ReadonlySet<string> = new Set(RESOURCE_TYPES);
/** A webRequest `type` as a ResourceType (`other` for one this version does not know). */
export function toResourceType(type: string): ResourceType {
  return RESOURCE_TYPE_SET.has(type) ? (type as ResourceType) : 'other';
}

/** Fetch request modes (`websocket` is what `Sec-Fetch-Mode` says for WebSocket handshakes). */
export const REQUEST_MODES = ['cors', 'no-cors', 'same-origin', 'navigate', 'websocket'] as const;
export type RequestMode = (typeof REQUEST_MODES)[number];

/** Fetch credentials modes. */
export const CREDENTIALS_MODES = ['include', 'same-origin', 'omit'] as const;
export type CredentialsMode = (typeof CREDENTIALS_MODES)[number];

/** Fetch redirect modes; webRequest cannot see it, so it is usually absent. */
export const REDIRECT_MODES = ['follow', 'error', 'manual'] as const;
export type RedirectMode = (typeof REDIRECT_MODES)[number];

/** A response as received: status plus the ordered header list. */
export interface ObservedResponse {
  readonly status: number;
  readonly headers: HeaderList;
}

/** A preflight that was seen on the wire: its request headers and how it ended. */
export interface ObservedPreflight {
  readonly requestHeaders: HeaderList;
  readonly result: ResponseObservation;
}

/** What happened to the preflight. */
export type PreflightObservation =
  | { readonly kind: 'none' }
  | ({ readonly kind: 'observed' } & ObservedPreflight)
  // The browser answered from its preflight cache; `earlier` is the preflight that filled it, if captured.
  | { readonly kind: 'cached'; readonly earlier?: ObservedPreflight }
  // A preflight may have gone out but was not observed: the capture missed part of the request
  // (ExchangeGaps). Never a claim that the preflight cache was used.
  | { readonly kind: 'unknown' };

/** What happened to a request on the network. */
export type ResponseObservation =
  | ({ readonly kind: 'response' } & ObservedResponse)
  | { readonly kind: 'network-error'; readonly error: string }
  // Never sent (e.g. the preflight failed) or not captured (yet).
  | { readonly kind: 'not-sent' };

/** One redirect: the URL that answered with a redirect status, its headers and Location. */
export interface RedirectHop {
  readonly url: string;
  readonly status: number;
  readonly headers: HeaderList;
  readonly location: string;
  /** The preflight the browser sent to `location` before following (a preflighted request redirected cross-origin). */
  readonly preflight?: ObservedPreflight;
}

/** What the browser itself reported for the actual request. */
export type ObservedOutcome =
  // `byPage`: the page itself saw it (the page witness), not the browser's network events.
  | { readonly kind: 'success'; readonly byPage?: true }
  // Chromium reports CORS blocks as `net::ERR_FAILED`; Firefox a failed preflight as NS_ERROR_DOM_BAD_URI.
  // `byPage`: the page's fetch/XHR failed although the network events show a response: a CORS block.
  | { readonly kind: 'failure'; readonly error: string; readonly byPage?: true }
  // Firefox completes a CORS-blocked simple request as an ordinary 200: the outcome is unknowable.
  | { readonly kind: 'not-observed' };

/** The request as sent. */
export interface ObservedRequest {
  /** Method as sent on the wire. */
  readonly method: string;
  /** Request headers as sent (browser-added ones included). */
  readonly headers: HeaderList;
  /**
   * False when the request's headers were not observed: in Chromium a request whose preflight
   * failed is never sent, so only its preflight's Access-Control-Request-Headers tell which
   * headers were unsafe. Default: seen.
   */
  readonly headersSeen?: boolean;
  readonly resourceType: ResourceType;
  /** Known only from the capture layer or `Sec-Fetch-Mode`; otherwise inferred and the basis recorded. */
  readonly mode?: RequestMode;
  /** Known only from the capture layer; a `Cookie` header proves `include`. */
  readonly credentials?: CredentialsMode;
  readonly redirectMode?: RedirectMode;
}

/** What the capture may have missed of an exchange (docs/lifecycle.md "Gaps"); absent = seen whole. */
export interface ExchangeGaps {
  /** Its first event was not seen (the capture's background restarted): request headers and preflight may be missing. */
  readonly missedStart?: boolean;
  /** The capture's background restarted while it was in flight: events in between may have been lost. */
  readonly restarted?: boolean;
  /**
   * Its last event never came and the capture ended it: after a restart (`timeout`), or after its
   * page was navigated away from (`navigated`). The browser's outcome was not observed.
   */
  readonly endedBy?: 'timeout' | 'navigated';
  /** No network event of it was seen at all: the page witness alone saw the page make it. */
  readonly networkUnseen?: boolean;
}

/**
 * What the page witness saw in the page (docs/browsers.md "The page witness"): how the page
 * made the request and what it got back. The page's word, not the network's: evaluate.ts uses
 * it only where the network events do not contradict it, and says so in the trace when they do.
 */
export interface PageObservation {
  readonly api: 'fetch' | 'xhr' | 'beacon' | 'eventsource';
  readonly mode: 'cors' | 'no-cors' | 'same-origin';
  readonly credentials: CredentialsMode;
  readonly redirectMode: RedirectMode;
  /** What the page got back; absent when it did not say (yet). */
  readonly outcome?: PageOutcome;
  /** Two calls that could each be this request made it differently: none of their facts is used. */
  readonly ambiguous?: boolean;
  /**
   * Response header names (lower-cased) the page asked its response for and did not get:
   * `headers.get()` gave null, `getResponseHeader()` null. The response tells why.
   */
  readonly unread?: readonly string[];
}

/** What the page got back from its call. */
export type PageOutcome =
  // fetch() resolved (an XHR's load): the response type the page got, and its status.
  | { readonly kind: 'resolved'; readonly type: 'basic' | 'cors' | 'opaque' | 'opaqueredirect'; readonly status: number }
  // fetch() rejected, an XHR's error event: what the page was told.
  | { readonly kind: 'rejected'; readonly error: string }
  // Aborted by the page (AbortController, xhr.abort(), a timeout): nothing was judged.
  | { readonly kind: 'aborted'; readonly error: string };

/**
 * The browser engines whose behaviour the engine knows (an exchange says which one captured it).
 * 'chromium', not 'chrome': the build target and the store are Chrome (scripts/manifest.ts), the
 * behaviour is Chromium's.
 */
export const BROWSER_ENGINES = ['chromium', 'firefox'] as const;
export type BrowserEngine = (typeof BROWSER_ENGINES)[number];

/** One observed exchange: the engine's whole input. */
export interface Exchange {
  /** Serialised initiator origin, `null` for an opaque origin, `undefined` when unknown. */
  readonly initiator: string | null | undefined;
  /** The URL first requested (before redirects). */
  readonly url: string;
  readonly request: ObservedRequest;
  readonly preflight: PreflightObservation;
  readonly redirects: readonly RedirectHop[];
  /** The final response (after redirects). */
  readonly response: ResponseObservation;
  readonly outcome: ObservedOutcome;
  /** Which browser captured it; only changes which browser caps and names are quoted. */
  readonly browser?: BrowserEngine;
  /** What the capture may have missed; absent = seen whole. */
  readonly capture?: ExchangeGaps;
  /** What the page witness saw; absent when it did not see this request. */
  readonly page?: PageObservation;
}
