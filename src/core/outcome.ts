// Reconcile what the rules predict with what the browser reported. When they disagree the
// verdict says so and lists other causes, instead of inventing a CORS reason.
import type { Exchange, ObservedOutcome } from './exchange.ts';
import { clip } from './headers.ts';
import { originOfUrl, schemeOf } from './origin.ts';
import { REASONS, type ReasonCode } from './reasons.ts';
import { needsPreflight } from './safelist.ts';
import type { Check, DetailCode, HintCode, Params } from './verdict.ts';

/** The reconciled decision. */
export interface Reconciled {
  readonly reason: ReasonCode;
  readonly params: Params;
  readonly check: Check;
  readonly hints: HintCode[];
  /** True when the outcome check (not a rule) decided. */
  readonly decidedByOutcome: boolean;
}

// Chromium reports every CORS block as net::ERR_FAILED; Firefox a failed preflight as NS_ERROR_DOM_BAD_URI.
const CORS_LIKE = /ERR_FAILED|NS_ERROR_DOM_BAD_URI|CORS/i;
const LOCAL_NETWORK = /LOCAL_NETWORK|PRIVATE_NETWORK/i;
// A request cancelled before it finished: Chromium net::ERR_ABORTED, Firefox NS_BINDING_ABORTED
// (a navigation, a closed tab, AbortController.abort()). Not a CORS decision.
const CANCELLED = /ERR_ABORTED|NS_BINDING_ABORTED/;

/** True for an error string that reports a cancelled request. */
export function isCancelError(error: string): boolean {
  return CANCELLED.test(error);
}

/**
 * Firefox completes a CORS-blocked response like any other, so its network "success" says
 * nothing about CORS (docs/browser-testing.md); a success the page itself saw does.
 */
export function silentSuccess(ex: Exchange): boolean {
  return ex.browser === 'firefox' && ex.outcome.kind === 'success' && ex.outcome.byPage !== true;
}

/** A failure the browser reported as a CORS error, or the page saw although a response came. */
function corsLike(o: Extract<ObservedOutcome, { kind: 'failure' }>): boolean {
  return o.byPage === true || CORS_LIKE.test(o.error);
}

/** True when the browser reported the request as cancelled (not judged). */
export function isCancelled(o: ObservedOutcome): boolean {
  return o.kind === 'failure' && CANCELLED.test(o.error);
}

/**
 * Combine the rules' first failure (null = all passed) with the observed outcome.
 * `preflightMissed`: a needed preflight may have gone out without being observed (capture gap).
 */
export function reconcile(ex: Exchange, failure: ReasonCode | null, params: Params, credentialsKnown: boolean, preflightMissed = false): Reconciled {
  const o = ex.outcome;
  if (o.kind === 'failure' && LOCAL_NETWORK.test(o.error)) return byError('local-network-access', params, clip(o.error), 'fail', 'outcome-local-network');
  if (o.kind === 'failure' && CANCELLED.test(o.error)) {
    // Cancelled: the browser never reported a CORS decision. A rule the received headers already
    // fail is still a fact; anything else is unknown.
    const error = clip(o.error);
    const check: Check = { id: 'outcome', status: 'skipped', detail: 'outcome-cancelled', actual: error };
    if (failure !== null && REASONS[failure].outcome === 'blocked') return { reason: failure, params, hints: [], decidedByOutcome: false, check };
    return { reason: 'cancelled', params: { ...params, error }, hints: [], decidedByOutcome: true, check };
  }
  if (failure === 'header-too-long') {
    // The rules could not be settled, whatever the browser says: its report cannot name the rule either.
    // Firefox completes a CORS-blocked response like any other: its "success" is no report.
    if (o.kind === 'not-observed' || silentSuccess(ex)) return agrees({ kind: 'not-observed' }, failure, params, notObserved(ex));
    return undecided(failure, params, o.kind === 'failure' ? clip(o.error) : 'success');
  }
  if (preflightMissed && failure === 'incomplete' && o.kind === 'failure' && corsLike(o)) {
    // Fetch #http-fetch: a failed preflight is returned before the request is sent, and the
    // browser then fails the request as a CORS error; neither the preflight nor a response was seen.
    const error = clip(o.error);
    return undecided('preflight-not-observed', { ...params, error }, error);
  }
  if (failure === 'incomplete' && o.kind === 'failure' && corsLike(o) && (ex.capture?.missedStart === true || ex.capture?.restarted === true)) {
    // No response captured on a record with a gap: it may have been missed, so the headers
    // cannot be said to "look right". The browser failed it; which rule, is unknown.
    return undecided('incomplete', params, clip(o.error));
  }
  if (failure === 'network-error' || failure === 'preflight-network-error') {
    return {
      ...agrees(o, failure, params),
      check: { id: 'outcome', status: 'skipped', detail: 'outcome-network-error', actual: o.kind === 'failure' ? clip(o.error) : o.kind },
    };
  }
  if (failure !== null && failure !== 'incomplete') {
    if (o.kind !== 'success') return agrees(o, failure, params, notObserved(ex));
    // docs/browser-testing.md: Firefox completes a CORS-blocked response as an ordinary 200, so its
    // "success" says nothing about CORS; a preflight failure, however, Firefox does report.
    if (silentSuccess(ex) && REASONS[failure].stage !== 'preflight') return agrees({ kind: 'not-observed' }, failure, params);
    return {
      reason: 'unexpected-success',
      params: { ...params, rule: failure },
      decidedByOutcome: true,
      hints: successHints(ex, credentialsKnown),
      check: { id: 'outcome', status: 'warn', detail: 'outcome-success-unexpected', expected: failure, actual: 'success', params: { rule: failure } },
    };
  }
  // Every rule passed (or the final response was not captured).
  // Rules passed (or the response is missing, which stays `incomplete`) and the browser did not object.
  if (o.kind !== 'failure') return agrees(o, failure, params, notObserved(ex));
  const error = clip(o.error);
  if (!corsLike(o) && !/BLOCKED_BY/i.test(o.error)) return byError('network-error', params, error, 'skipped', 'outcome-network-error');
  return {
    reason: 'unexplained-block',
    params: { ...params, error },
    decidedByOutcome: true,
    hints: hintsFor(ex, o.error, credentialsKnown),
    check: { id: 'outcome', status: 'fail', detail: 'outcome-block-unexplained', expected: 'success', actual: error },
  };
}

/** Why the browser's own outcome was not observed: the capture ended the record, or (Firefox) it is never reported. */
function notObserved(ex: Exchange): DetailCode {
  const ended = ex.capture?.endedBy;
  return ended === 'timeout' ? 'outcome-not-observed-timeout' : ended === 'navigated' ? 'outcome-not-observed-navigated' : 'outcome-not-observed';
}

/** The rules could not be settled, and the browser's report (`actual`) cannot name the rule either. */
function undecided(reason: ReasonCode, params: Params, actual: string): Reconciled {
  return { reason, params, hints: [], decidedByOutcome: false, check: { id: 'outcome', status: 'skipped', detail: 'outcome-rules-undecided', actual } };
}

/** The browser's error decides, whatever the rules say: it is the reason's `error` and what the outcome check saw. */
function byError(reason: ReasonCode, params: Params, error: string, status: 'fail' | 'skipped', detail: DetailCode): Reconciled {
  return { reason, params: { ...params, error }, hints: [], decidedByOutcome: true, check: { id: 'outcome', status, detail, actual: error } };
}

/** The rules' verdict stands; say whether the browser's report confirms it. */
function agrees(o: ObservedOutcome, failure: ReasonCode | null, params: Params, unseen: DetailCode = 'outcome-not-observed'): Reconciled {
  return {
    reason: failure ?? 'ok',
    params,
    hints: [],
    decidedByOutcome: false,
    check:
      o.kind === 'not-observed'
        ? { id: 'outcome', status: 'skipped', detail: unseen }
        : { id: 'outcome', status: 'pass', detail: 'outcome-agrees', actual: o.kind === 'failure' ? clip(o.error) : 'success' },
  };
}

/** Why a request the rules reject could still have succeeded. */
function successHints(ex: Exchange, credentialsKnown: boolean): HintCode[] {
  const hints: HintCode[] = ['extension-or-proxy'];
  // Not for a preflight the capture may have missed: nothing says the cache was used.
  if (ex.preflight.kind !== 'unknown' && needsPreflight(ex.request.method, ex.request.headers)) hints.push('preflight-cache');
  if (!credentialsKnown) hints.push('credentials-assumption');
  hints.push('capture-incomplete');
  return hints;
}

/** Other causes, most likely first for this error and these origins. */
function hintsFor(ex: Exchange, error: string, credentialsKnown: boolean): HintCode[] {
  const hints: HintCode[] = [];
  if (/BLOCKED_BY_CLIENT/i.test(error)) hints.push('extension-or-proxy');
  if (/BLOCKED_BY_RESPONSE/i.test(error)) hints.push('resource-policy');
  const target = originOfUrl(ex.url);
  if (target !== null && !target.opaque && isPrivateHost(target.host)) hints.push('local-network-access');
  if (ex.initiator !== null && ex.initiator !== undefined && schemeOf(ex.initiator) === 'https' && schemeOf(ex.url) === 'http') hints.push('mixed-content');
  if ((ex.preflight.kind === 'none' || ex.preflight.kind === 'cached') && needsPreflight(ex.request.method, ex.request.headers)) hints.push('preflight-cache');
  if (!credentialsKnown) hints.push('credentials-assumption');
  for (const h of ['extension-or-proxy', 'local-network-access', 'resource-policy', 'capture-incomplete'] as const) {
    if (!hints.includes(h)) hints.push(h);
  }
  return hints;
}

/** Loopback, RFC 1918, link-local and .local hosts: where Local Network Access applies. */
function isPrivateHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.local') || host === '[::1]' || /^(127\.|10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host);
}
