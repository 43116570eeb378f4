// What the page witness saw, folded into the exchange before the rules run. The witness runs
// where the page can forge or break it (docs/browsers.md "The page witness"), so a fact of
// the page is used only where the network events do not contradict it; a contradiction is a
// warning in the trace, and the network's fact stands.
import type { Exchange, ObservedOutcome, ObservedRequest, PageObservation } from './exchange.ts';
import { clip, getHeader, hasHeader } from './headers.ts';
import { isCancelError, silentSuccess } from './outcome.ts';
import type { Warning } from './verdict.ts';

const NONE: readonly Warning[] = [];

/** The exchange with the page's facts applied, and what the trace must say about them. */
export function withPageFacts(ex: Exchange): { ex: Exchange; warnings: readonly Warning[] } {
  const page = ex.page;
  if (page === undefined) return { ex, warnings: NONE };
  if (page.ambiguous === true) return { ex, warnings: [{ code: 'witness-ambiguous', params: {} }] };
  const warnings: Warning[] = [];
  const conflict = (fact: string, pageSaid: string, network: string) =>
    warnings.push({ code: 'witness-conflict', params: { fact, page: clip(pageSaid), network: clip(network) } });
  const req = ex.request;

  let credentials = req.credentials;
  // Fetch #http-network-or-cache-fetch: a cross-origin request carries a Cookie header only
  // when its credentials mode is "include".
  if (hasHeader(req.headers, 'cookie') && page.credentials !== 'include') conflict('credentials', page.credentials, 'include (a Cookie header was sent)');
  else if (credentials !== undefined && credentials !== page.credentials) conflict('credentials', page.credentials, credentials);
  else credentials = page.credentials;

  let mode = req.mode;
  // Sec-Fetch-Mode is the request's mode as the browser put it on the wire (Fetch Metadata).
  const sent = getHeader(req.headers, 'sec-fetch-mode');
  if (sent !== null && sent !== page.mode) conflict('mode', page.mode, `${sent} (Sec-Fetch-Mode)`);
  else if (mode !== undefined && mode !== page.mode) conflict('mode', page.mode, mode);
  else mode = page.mode;

  const request: ObservedRequest = {
    ...req,
    ...(credentials === undefined ? {} : { credentials }),
    ...(mode === undefined ? {} : { mode }),
    redirectMode: req.redirectMode ?? page.redirectMode,
  };
  const outcome = outcomeWithPage(ex, page, conflict);
  return { ex: { ...ex, request, outcome }, warnings };
}

/**
 * The browser's outcome, or the page's where the browser's says nothing: Firefox completes a
 * CORS-blocked response like any other, a record the capture ended has none, and Chromium ends
 * a redirect the page did not follow (`redirect: 'manual'` / `'error'`) as cancelled.
 */
function outcomeWithPage(ex: Exchange, page: PageObservation, conflict: (fact: string, pageSaid: string, network: string) => void): ObservedOutcome {
  const o = ex.outcome;
  const p = page.outcome;
  if (p === undefined || p.kind === 'aborted') return o;
  const pageSaid = p.kind === 'resolved' ? `resolved (${p.type}, status ${p.status})` : `rejected (${p.error})`;
  const silent = o.kind === 'not-observed' || silentSuccess(ex) || (o.kind === 'failure' && isCancelError(o.error));
  if (silent) return p.kind === 'resolved' ? { kind: 'success', byPage: true } : { kind: 'failure', error: p.error, byPage: true };
  if (o.kind === 'success' && p.kind === 'rejected') conflict('outcome', pageSaid, 'success');
  if (o.kind === 'failure' && p.kind === 'resolved') conflict('outcome', pageSaid, o.error);
  return o;
}
