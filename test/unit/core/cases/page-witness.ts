// What the page witness saw (Exchange.page, page-facts.ts): the credentials mode, mode and
// redirect mode the page used and what it got back. Used where the network does not
// contradict it; a contradiction or an ambiguity is a warning and the network's account stands.
import type { Exchange, PageObservation } from '../../../../src/core/exchange.ts';
import { API, PAGE, ex, hop, type Case } from '../helpers.ts';

const A = 'Access-Control-Allow-Origin';
const C = 'Access-Control-Allow-Credentials';
const OTHER = 'https://cdn.example.test/final';

function seen(e: Exchange, page: Partial<PageObservation> = {}): Exchange {
  return { ...e, page: { api: 'fetch', mode: 'cors', credentials: 'same-origin', redirectMode: 'follow', ...page } };
}
const blocked = { kind: 'rejected', error: 'TypeError: NetworkError when attempting to fetch resource.' } as const;
/** A cross-origin 307 that passes its CORS check, stopped by the page's redirect mode: Chromium ends it as aborted. */
const chromiumStopped307 = (): Exchange =>
  ex({ redirects: [hop(API, OTHER, { [A]: '*' }, 307)], response: { error: 'net::ERR_ABORTED' }, outcome: 'net::ERR_ABORTED' });
/** The same 307 in Firefox, whose webRequest completes it. */
const firefoxCompleted307 = (): Exchange => ex({ browser: 'firefox', response: { status: 307, headers: { [A]: '*', Location: OTHER } }, outcome: 'success' });
const resolved = (status = 200, type: 'cors' | 'opaqueredirect' = 'cors') => ({ kind: 'resolved', type, status }) as const;

export const pageWitnessCases: Case[] = [
  {
    name: 'Firefox, credentials include seen in the page, ACAO *: blocked (webRequest completed it)',
    ex: seen(ex({ browser: 'firefox', response: { headers: { [A]: '*' } }, outcome: 'success' }), { credentials: 'include', outcome: blocked }),
    outcome: 'blocked',
    reason: 'wildcard-origin-with-credentials',
    credentials: 'include',
    check: { id: 'credentials', status: 'pass', detail: 'credentials-page' },
  },
  {
    name: 'Firefox, credentials include seen in the page, no ACAC: blocked',
    ex: seen(ex({ browser: 'firefox', response: { headers: { [A]: PAGE, Vary: 'Origin' } }, outcome: 'success' }), {
      credentials: 'include',
      outcome: blocked,
    }),
    outcome: 'blocked',
    reason: 'invalid-allow-credentials',
  },
  {
    name: 'Firefox, ACAC "True" with credentials seen in the page: blocked',
    ex: seen(ex({ browser: 'firefox', response: { headers: { [A]: PAGE, [C]: 'True', Vary: 'Origin' } }, outcome: 'success' }), {
      credentials: 'include',
      outcome: blocked,
    }),
    outcome: 'blocked',
    reason: 'invalid-allow-credentials',
  },
  {
    name: 'Firefox, the page saw its fetch resolve: allowed, credentials known',
    ex: seen(ex({ browser: 'firefox', response: { headers: { [A]: '*' } }, outcome: 'success' }), { credentials: 'omit', outcome: resolved() }),
    outcome: 'allowed',
    reason: 'ok',
    credentials: 'omit',
    check: { id: 'outcome', status: 'pass', detail: 'outcome-agrees' },
  },
  {
    name: 'Firefox, ACAO * and neither credentials nor the outcome seen: depends on credentials, never a flat "allowed"',
    ex: ex({ browser: 'firefox', response: { headers: { [A]: '*' } }, outcome: 'success' }),
    outcome: 'unknown',
    reason: 'depends-on-credentials',
  },
  {
    name: 'the mode seen in the page is named as such',
    ex: seen(ex({ response: { headers: { [A]: '*' } }, outcome: 'success' })),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'mode', status: 'pass', detail: 'mode-page' },
  },
  {
    name: 'redirect: "manual" to a cross-origin 307 whose CORS check passes: the page got an opaque redirect (Chromium ends it as aborted)',
    ex: seen(chromiumStopped307(), { redirectMode: 'manual', outcome: resolved(0, 'opaqueredirect') }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'redirect-location', status: 'pass', detail: 'redirect-mode-manual', hop: 0 },
  },
  {
    name: 'redirect: "manual", Firefox completes the 307: allowed, the redirect not followed',
    ex: seen(firefoxCompleted307(), { redirectMode: 'manual', outcome: resolved(0, 'opaqueredirect') }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'redirect-location', status: 'pass', detail: 'redirect-mode-manual' },
  },
  {
    name: 'redirect: "manual" still CORS-checks the redirect response (Fetch #http-fetch step 4.4 comes first)',
    ex: seen(ex({ response: { status: 307, headers: { Location: OTHER } }, outcome: 'net::ERR_FAILED' }), { redirectMode: 'manual', outcome: blocked }),
    outcome: 'blocked',
    reason: 'missing-allow-origin',
  },
  {
    name: 'redirect: "error" and a redirect: a network error, not CORS',
    ex: seen(chromiumStopped307(), { redirectMode: 'error', outcome: { kind: 'rejected', error: 'TypeError: Failed to fetch' } }),
    outcome: 'blocked',
    reason: 'redirect-mode-error',
    check: { id: 'redirect-location', status: 'fail', detail: 'redirect-mode-error', hop: 0 },
  },
  {
    name: 'redirect: "error" in Firefox (the 307 completes): blocked, not "allowed"',
    ex: seen(firefoxCompleted307(), { redirectMode: 'error', outcome: blocked }),
    outcome: 'blocked',
    reason: 'redirect-mode-error',
  },
  {
    name: 'a Cookie header contradicts a page that says it sent no credentials: the network wins, the trace says so',
    ex: seen(ex({ headers: { Cookie: 'a=1' }, response: { headers: { [A]: '*' } }, outcome: 'net::ERR_FAILED' }), { credentials: 'omit' }),
    outcome: 'blocked',
    reason: 'wildcard-origin-with-credentials',
    credentials: 'include',
    warnings: ['witness-conflict'],
    check: { id: 'credentials', status: 'pass', detail: 'credentials-cookie' },
  },
  {
    name: "Sec-Fetch-Mode contradicts the page's mode: the header wins",
    ex: seen(ex({ headers: { 'Sec-Fetch-Mode': 'cors' }, response: { headers: { [A]: '*' } }, outcome: 'success' }), { mode: 'no-cors' }),
    outcome: 'allowed',
    reason: 'ok',
    warnings: ['witness-conflict'],
    check: { id: 'mode', status: 'pass', detail: 'mode-sec-fetch' },
  },
  {
    name: "Chromium reports success and the page says it failed: Chromium's account stands, the conflict is shown",
    ex: seen(ex({ response: { headers: { [A]: '*' } }, outcome: 'success' }), { credentials: 'omit', outcome: blocked }),
    outcome: 'allowed',
    reason: 'ok',
    warnings: ['witness-conflict'],
  },
  {
    name: 'an ambiguous witness is not used: the verdict is what the network alone shows',
    ex: seen(ex({ browser: 'firefox', response: { headers: { [A]: '*' } }, outcome: 'success' }), {
      credentials: 'include',
      outcome: blocked,
      ambiguous: true,
    }),
    outcome: 'unknown',
    reason: 'depends-on-credentials',
    warnings: ['witness-ambiguous'],
  },
  {
    name: 'a page that aborted its call: no outcome from the page',
    ex: seen(ex({ response: { error: 'net::ERR_ABORTED' }, outcome: 'net::ERR_ABORTED' }), { outcome: { kind: 'aborted', error: 'AbortError' } }),
    outcome: 'unknown',
    reason: 'cancelled',
  },
  {
    name: 'seen by the page only (no network event reached the capture): unknown, and said so',
    ex: seen(
      {
        ...ex({ response: 'not-sent', headersSeen: false, preflight: 'unknown', outcome: 'not-observed' }),
        capture: { missedStart: true, networkUnseen: true },
      },
      { outcome: resolved() },
    ),
    outcome: 'unknown',
    reason: 'incomplete',
    warnings: ['capture-network-unseen'],
    noWarnings: ['capture-missed-start'],
  },
  {
    name: 'Chromium: a 307 to a URL with user:pass ends the record unfollowed: RedirectContainsCredentials, not a credentials guess',
    ex: ex({ response: { status: 307, headers: { [A]: '*', Location: 'https://user:pass@cdn.example.test/x' } }, outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked',
    reason: 'redirect-contains-credentials',
    check: { id: 'redirect-location', status: 'fail', detail: 'location-credentials', hop: 0 },
  },
  // Fetch #concept-filtered-response-cors: script sees only safelisted and exposed names.
  {
    name: 'the page asked for a header the response sends unexposed: allowed, with the header named',
    ex: seen(ex({ response: { headers: { [A]: '*', 'X-Total-Count': '42' } }, outcome: 'success' }), { outcome: resolved(), unread: ['x-total-count'] }),
    outcome: 'allowed',
    reason: 'ok',
    warnings: ['unexposed-header-read'],
  },
  {
    name: "the page asked for a header the response exposes: no warning (the page's word and the network disagree)",
    ex: seen(ex({ response: { headers: { [A]: '*', 'X-Total-Count': '42', 'Access-Control-Expose-Headers': 'X-Total-Count' } }, outcome: 'success' }), {
      outcome: resolved(),
      unread: ['x-total-count'],
    }),
    outcome: 'allowed',
    reason: 'ok',
    noWarnings: ['unexposed-header-read'],
  },
  {
    name: 'the page asked for a header the response does not send, or a safelisted one: no warning',
    ex: seen(ex({ response: { headers: { [A]: '*', 'Content-Type': 'text/plain' } }, outcome: 'success' }), {
      outcome: resolved(),
      unread: ['x-missing', 'content-type'],
    }),
    outcome: 'allowed',
    reason: 'ok',
    noWarnings: ['unexposed-header-read'],
  },
  {
    name: 'Expose-Headers * with credentials exposes nothing: the header the page asked for is hidden',
    ex: seen(
      ex({
        response: { headers: { [A]: PAGE, [C]: 'true', Vary: 'Origin', 'Access-Control-Expose-Headers': '*', 'X-Total-Count': '42' } },
        outcome: 'success',
      }),
      { credentials: 'include', outcome: resolved(), unread: ['x-total-count'] },
    ),
    outcome: 'allowed',
    reason: 'ok',
    warnings: ['unexposed-header-read', 'expose-wildcard-with-credentials'],
  },
];
