// What the background keeps for one cross-origin exchange of a tab, and what the panel shows.
// Plain JSON (it lives in storage.session and crosses the panel port), compact on purpose:
// one record per request, headers trimmed to what CORS and the developer need.
import type { BrowserEngine, HeaderEntry, RedirectHop, ResourceType } from '../core/index.ts';
import type { Verdict } from '../core/index.ts';
import type { WitnessApi, WitnessCredentials, WitnessMode, WitnessOutcome, WitnessRedirect } from './witness-protocol.ts';

/** The preflight OPTIONS request as captured (its own requestId, paired by the tracker). */
export interface PreflightCapture {
  requestId: string;
  startedAt: number;
  endedAt?: number;
  requestHeaders?: HeaderEntry[];
  status?: number;
  responseHeaders?: HeaderEntry[];
  /** Network error string (net::… / NS_…) when the preflight itself failed. */
  error?: string;
}

/** Where the browser's own outcome came from, so the panel can say how sure we are. */
type ObservedBy =
  | 'browser' // Chromium: ERR_FAILED / onCompleted tell us what the page saw
  | 'headers-only'; // Firefox: a blocked simple request completes like any other; headers decide

export interface CaptureRecord {
  /** Unique within a browser session: the browser's requestId of the actual request. */
  id: string;
  tabId: number;
  /** Capture order within the tab (monotonic): list order and "dropped" accounting. */
  seq: number;
  startedAt: number;
  endedAt?: number;
  /** The URL first requested (redirects are in `redirects`). */
  url: string;
  method: string;
  type: ResourceType;
  /** Serialised initiator origin; null = opaque origin; absent = unknown. */
  initiator?: string | null;
  /** The page URL (Firefox documentUrl / Chromium frame) when known. */
  documentUrl?: string;
  /** Absent when the request was never sent (its preflight failed) or its headers were missed. */
  requestHeaders?: HeaderEntry[];
  preflight?: PreflightCapture;
  /**
   * Preflights sent again after a redirect (Fetch #http-redirect-fetch: a preflighted request
   * redirected to another origin is preflighted there, with the origin as it then stands):
   * `hop` is the 0-based index of the redirect in `redirects` it followed.
   */
  hopPreflights?: Array<PreflightCapture & { hop: number }>;
  /** True when a preflight was needed but none went out: the browser used its preflight cache. */
  preflightCached?: boolean;
  /** id of the earlier record whose preflight filled the cache, when still in the log. */
  cachedFrom?: string;
  /** That earlier preflight itself, so the verdict can be derived again from this record alone. */
  cachedPreflight?: PreflightCapture;
  redirects: RedirectHop[];
  status?: number;
  responseHeaders?: HeaderEntry[];
  /** Network error of the actual request (net::ERR_FAILED is how Chromium reports a CORS block). */
  error?: string;
  /** Served from the HTTP cache (no network round trip). */
  fromCache?: boolean;
  complete: boolean;
  /** The browser that captured it: which browser's names, caps and quirks the engine applies. */
  browser: BrowserEngine;
  observedBy: ObservedBy;
  /** What the capture may have missed of this request (docs/lifecycle.md); absent = whole. */
  gaps?: CaptureGaps;
  verdict?: Verdict;
  /** Added when DevTools is open on the tab: the script location that made the request. */
  source?: RequestSource;
  /** webRequest's frame id (0: the top frame): joins the page witness's reports of that frame. */
  frameId?: number;
  /** What the page witness saw of this request in the page (background/witness-join.ts). */
  witness?: PageWitness;
  /**
   * In flight only: when its page was navigated away from (Preserve log on) with nothing of it
   * heard since. Kept with the record so that a worker restart does not restart its wait
   * (docs/lifecycle.md rule 8); gone once it is heard from or ends.
   */
  leftAt?: number;
}

/**
 * What the page witness saw: how the page made the request and what it got back. The page's
 * word (it can forge it), validated and bounded; the engine weighs it against the network.
 */
export interface PageWitness {
  api: WitnessApi;
  mode: WitnessMode;
  credentials: WitnessCredentials;
  redirect: WitnessRedirect;
  /** The calling script location, as the page reported it (text, never markup). */
  site?: string;
  /** What the page got back; absent until it came (or if it never did). */
  outcome?: WitnessOutcome;
  /**
   * Response headers the page asked for and did not get (lower-cased, the first
   * WITNESS_LIMITS.unreadPerCall): the engine says which of them the response sent unexposed.
   */
  unread?: string[];
  /** Identical requests were in flight with different settings: which is which is not known. */
  ambiguous?: true;
  /**
   * The calling frame's URL (without fragment) as the BROWSER named the sender of the witness
   * message (runtime.onMessage's sender.url), not the page's word. Chromium's webRequest names
   * no document, so this is how a Chromium report names the page.
   */
  documentUrl?: string;
}

/** docs/lifecycle.md "Gaps": what the capture may have missed of a record. */
export interface CaptureGaps {
  /** Its first event was not seen: the record was rebuilt from a later event after a restart. */
  start?: true;
  /** The background restarted while it was in flight: events in between may have been lost. */
  restart?: true;
  /** Its last event never came and the capture ended it: why. */
  end?: 'timeout' | 'navigated';
  /**
   * No network event of it ever reached the capture (the browser dropped them on their way to a
   * stopped worker, or a service worker answered it): only the page witness saw it.
   */
  unseen?: true;
}

export interface RequestSource {
  /** e.g. "script", "parser", "preflight", "other" (HAR `_initiator.type`). */
  kind: string;
  url?: string;
  line?: number;
  column?: number;
  /** Top call frames, most recent first: "fn (url:line:col)". */
  stack?: string[];
}
