// What the capture missed (docs/lifecycle.md "Gaps", Exchange.capture) and requests the browser
// cancelled: the verdict says what was not seen, keeps what the headers prove, and never claims
// a preflight cache or a CORS rule it did not observe.
import { PAGE, ex, type Case } from '../helpers.ts';

const A = 'Access-Control-Allow-Origin';
const okResponse = { headers: { [A]: PAGE, Vary: 'Origin' } };
// Rebuilt after a restart from the actual request's last event: its headers were not seen.
const putJson = { method: 'PUT', credentials: 'omit', headers: { 'Content-Type': 'application/json' } } as const;
const missedStart = { missedStart: true } as const;
const restarted = { restarted: true } as const;

export const gapCases: Case[] = [
  // A preflight that may have gone out unseen (preflight kind 'unknown').
  {
    name: 'restart: a PUT failed (ERR_FAILED) with neither its preflight nor a response seen: unknown, most likely the preflight',
    ex: ex({ ...putJson, headersSeen: false, preflight: 'unknown', response: 'not-sent', outcome: 'net::ERR_FAILED', capture: missedStart }),
    outcome: 'unknown',
    reason: 'preflight-not-observed',
    check: { id: 'preflight-seen', status: 'skipped', detail: 'preflight-not-observed' },
    warnings: ['capture-missed-start', 'preflight-not-observed'],
    noWarnings: ['capture-restarted'],
  },
  {
    name: 'restart: a POST whose headers were not seen may have needed a preflight: unknown as well',
    ex: ex({
      method: 'POST',
      credentials: 'omit',
      headersSeen: false,
      preflight: 'unknown',
      response: 'not-sent',
      outcome: 'net::ERR_FAILED',
      capture: restarted,
    }),
    outcome: 'unknown',
    reason: 'preflight-not-observed',
    check: { id: 'outcome', status: 'skipped', detail: 'outcome-rules-undecided', actual: 'net::ERR_FAILED' },
    warnings: ['capture-restarted', 'preflight-not-observed'],
  },
  {
    name: 'Firefox, restart: a failed preflight reported on the request (NS_ERROR_DOM_BAD_URI), preflight unseen: unknown',
    ex: ex({
      ...putJson,
      browser: 'firefox',
      headersSeen: false,
      preflight: 'unknown',
      response: 'not-sent',
      outcome: 'NS_ERROR_DOM_BAD_URI',
      capture: missedStart,
    }),
    outcome: 'unknown',
    reason: 'preflight-not-observed',
  },
  {
    name: 'preflight unseen, but the response fails its own rule: blocked by that rule (a fact from the headers)',
    ex: ex({ ...putJson, preflight: 'unknown', response: { headers: {} }, outcome: 'net::ERR_FAILED', capture: restarted }),
    outcome: 'blocked',
    reason: 'missing-allow-origin',
    check: { id: 'preflight-seen', status: 'skipped', detail: 'preflight-not-observed' },
    warnings: ['preflight-not-observed', 'capture-restarted'],
  },
  {
    name: 'preflight unseen, response rules pass and the browser reported success: allowed, with a warning',
    ex: ex({ ...putJson, preflight: 'unknown', response: okResponse, outcome: 'success', capture: missedStart }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'preflight-seen', status: 'skipped', detail: 'preflight-not-observed' },
    warnings: ['preflight-not-observed', 'capture-missed-start'],
  },
  {
    // Fetch #http-fetch: a failed preflight is returned before the request is sent; this one was
    // sent and answered, so its preflight, if any, passed. The headers decide.
    name: 'Firefox, preflight unseen, the request was answered and its rules pass: allowed by the headers, with a warning',
    ex: ex({ ...putJson, browser: 'firefox', preflight: 'unknown', response: okResponse, outcome: 'not-observed', capture: restarted }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'outcome', status: 'skipped', detail: 'outcome-not-observed' },
    warnings: ['preflight-not-observed'],
  },
  {
    name: 'preflight unseen, the request was answered and passes, yet the browser failed it: unexplained, never "preflight cache"',
    ex: ex({ ...putJson, preflight: 'unknown', response: okResponse, outcome: 'net::ERR_FAILED', capture: restarted }),
    outcome: 'blocked',
    reason: 'unexplained-block',
    hints: ['capture-incomplete'],
    warnings: ['preflight-not-observed'],
  },
  {
    name: 'a gap on a request that needed no preflight: nothing was missed there',
    ex: ex({ credentials: 'omit', preflight: 'unknown', response: okResponse, outcome: 'success', capture: restarted }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'preflight-seen', status: 'skipped', detail: 'preflight-not-applicable' },
    noWarnings: ['preflight-not-observed'],
    warnings: ['capture-restarted'],
  },
  {
    name: 'restart: no response captured and the browser failed a simple GET: unknown, the response may have been missed',
    ex: ex({ credentials: 'omit', response: 'not-sent', outcome: 'net::ERR_FAILED', capture: restarted }),
    outcome: 'unknown',
    reason: 'incomplete',
    check: { id: 'outcome', status: 'skipped', detail: 'outcome-rules-undecided' },
  },
  {
    name: 'an orphan preflight adopted after a restart is judged as usual',
    ex: ex({ ...putJson, preflight: { status: 401, headers: { [A]: PAGE } }, response: 'not-sent', outcome: 'net::ERR_FAILED', capture: missedStart }),
    outcome: 'blocked',
    reason: 'preflight-invalid-status',
    warnings: ['capture-missed-start'],
    noWarnings: ['preflight-not-observed'],
  },
  // The last event never came (gap end): the browser's outcome was not observed.
  {
    name: 'ended after a restart (timeout) with a passing response: allowed by the headers, outcome not observed',
    ex: ex({ credentials: 'omit', response: okResponse, outcome: 'not-observed', capture: { restarted: true, endedBy: 'timeout' } }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'outcome', status: 'skipped', detail: 'outcome-not-observed-timeout' },
    warnings: ['capture-ended-timeout', 'capture-restarted'],
  },
  {
    name: 'ended after a restart (timeout) with a response that fails a rule: blocked by the headers',
    ex: ex({ credentials: 'omit', response: { headers: {} }, outcome: 'not-observed', capture: { restarted: true, endedBy: 'timeout' } }),
    outcome: 'blocked',
    reason: 'missing-allow-origin',
    check: { id: 'outcome', status: 'skipped', detail: 'outcome-not-observed-timeout' },
    warnings: ['capture-ended-timeout'],
  },
  {
    name: 'ended by a navigation before any response: incomplete, and the warning says why',
    ex: ex({ credentials: 'omit', response: 'not-sent', outcome: 'not-observed', capture: { endedBy: 'navigated' } }),
    outcome: 'unknown',
    reason: 'incomplete',
    check: { id: 'outcome', status: 'skipped', detail: 'outcome-not-observed-navigated' },
    warnings: ['capture-ended-navigated'],
    noWarnings: ['capture-restarted', 'capture-missed-start', 'capture-ended-timeout'],
  },
  {
    name: 'ended after a restart before any response: incomplete',
    ex: ex({
      ...putJson,
      headersSeen: false,
      preflight: 'unknown',
      response: 'not-sent',
      outcome: 'not-observed',
      capture: { missedStart: true, endedBy: 'timeout' },
    }),
    outcome: 'unknown',
    reason: 'incomplete',
    warnings: ['capture-ended-timeout', 'capture-missed-start', 'preflight-not-observed'],
  },
  {
    name: 'a gap on a request that is not CORS still says what was missed',
    ex: ex({ type: 'image', url: 'https://cdn.test/a.png', capture: missedStart }),
    outcome: 'not-cors',
    reason: 'not-cors-resource',
    warnings: ['capture-missed-start'],
  },
  // Cancelled by the page or the browser: not a CORS decision.
  {
    name: 'Chromium: cancelled (net::ERR_ABORTED) before any response: unknown, not a network error',
    ex: ex({ credentials: 'omit', response: { error: 'net::ERR_ABORTED' }, outcome: 'net::ERR_ABORTED' }),
    outcome: 'unknown',
    reason: 'cancelled',
    check: { id: 'outcome', status: 'skipped', detail: 'outcome-cancelled', actual: 'net::ERR_ABORTED' },
    noWarnings: ['network-error-not-cors'],
  },
  {
    name: 'Firefox: cancelled (NS_BINDING_ABORTED) after a passing response: unknown',
    ex: ex({ browser: 'firefox', credentials: 'omit', response: okResponse, outcome: 'NS_BINDING_ABORTED' }),
    outcome: 'unknown',
    reason: 'cancelled',
  },
  {
    name: 'cancelled after a response that fails a rule: the rule stands, as a fact from the headers',
    ex: ex({ credentials: 'omit', response: { headers: {} }, outcome: 'net::ERR_ABORTED' }),
    outcome: 'blocked',
    reason: 'missing-allow-origin',
    check: { id: 'outcome', status: 'skipped', detail: 'outcome-cancelled' },
  },
  {
    name: "cancelled after a failed preflight: the preflight's rule stands",
    ex: ex({ ...putJson, preflight: { status: 204, headers: {} }, response: 'not-sent', outcome: 'net::ERR_ABORTED' }),
    outcome: 'blocked',
    reason: 'preflight-missing-allow-origin',
  },
  {
    name: 'a cancel is no evidence about credentials: ACAO * stays allowed-by-headers, credentials assumed, verdict cancelled',
    ex: ex({ response: { headers: { [A]: '*' } }, outcome: 'net::ERR_ABORTED' }),
    outcome: 'unknown',
    reason: 'cancelled',
    credentials: 'omit',
    warnings: ['credentials-assumption'],
  },
  {
    name: 'cancelled while its preflight was unseen: cancelled, not "preflight not observed"',
    ex: ex({ ...putJson, headersSeen: false, preflight: 'unknown', response: 'not-sent', outcome: 'net::ERR_ABORTED', capture: restarted }),
    outcome: 'unknown',
    reason: 'cancelled',
    warnings: ['preflight-not-observed', 'capture-restarted'],
  },
];
