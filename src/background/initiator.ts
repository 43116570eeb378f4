// Who made a request, decided cheaply on every onBeforeRequest: most traffic (same-origin,
// the extension's own, browser-internal) is dropped here before any record exists.
import type { RequestDetails } from './events.ts';

/**
 * The origin of a URL from its text. webRequest URLs are already canonical (lower-case
 * scheme and host, default port dropped), so slicing is exact and much cheaper than `new URL`.
 */
export function urlOrigin(url: string): string | null {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd <= 0) return null;
  let end = url.length;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, schemeEnd + 3);
    if (at !== -1 && at < end) end = at;
  }
  const authority = url.slice(schemeEnd + 3, end);
  const at = authority.lastIndexOf('@');
  return `${url.slice(0, schemeEnd)}://${at === -1 ? authority : authority.slice(at + 1)}`;
}

/** The initiator's serialised origin ("null" for opaque), or undefined when unknown. */
export function initiatorOf(details: RequestDetails): string | undefined {
  if (details.initiator !== undefined) return details.initiator; // Chromium
  if (details.originUrl !== undefined) return urlOrigin(details.originUrl) ?? undefined; // Firefox
  return undefined;
}

const EXTENSION_SCHEMES = ['chrome-extension://', 'moz-extension://', 'chrome://', 'about:', 'devtools://'];

/**
 * Whether a request can be CORS-relevant at all: made by a tab, by a web page (not the
 * browser or an extension), to another origin. Opaque ("null") initiators are always
 * cross-origin.
 */
export function isCrossOriginCandidate(details: RequestDetails, initiator: string | undefined): boolean {
  if (initiator === undefined) return isOpaqueUnnamed(details);
  if (!isPageRequest(details, initiator)) return false;
  return initiator === 'null' || initiator !== urlOrigin(details.url);
}

/** An http(s) request a tab's web page made (not the browser, not an extension), to any origin. */
export function isPageRequest(details: RequestDetails, initiator: string | undefined): initiator is string {
  if (details.tabId < 0 || initiator === undefined) return false;
  if (EXTENSION_SCHEMES.some((s) => initiator.startsWith(s))) return false;
  return details.url.startsWith('http');
}

/**
 * Firefox gives a request of an opaque-origin document (a sandboxed iframe) neither originUrl
 * nor documentUrl (verified in Firefox 153; Chromium says "null"). Such a tab's request is kept
 * with its initiator unknown: the tracker keeps it only if it carries an Origin header, which
 * then names the origin (`null`), as the engine reads it (classify.ts, initiatorOrigin).
 */
function isOpaqueUnnamed(details: RequestDetails): boolean {
  return (
    details.tabId >= 0 &&
    details.originUrl === undefined &&
    details.documentUrl === undefined &&
    details.initiator === undefined &&
    details.url.startsWith('http')
  );
}
