// The engine's entry point: classify, decide on the preflight, evaluate the preflight, the
// redirects and the final response in the browser's order, then reconcile with what the
// browser reported. Pure and deterministic; the verdict is plain JSON.
import { REDIRECT_STATUSES, type CredentialsMode, type Exchange, type RedirectHop } from './exchange.ts';
import { clip, getHeader, getWholeHeader, hasHeader, lowerCommaItems, TOO_LONG } from './headers.ts';
import { classify } from './classify.ts';
import { withPageFacts } from './page-facts.ts';
import { resolve } from './origin.ts';
import { evaluatePreflight } from './preflight.ts';
import { preflightNeed, preflightNeedFromPreflight, type PreflightNeed } from './preflight-need.ts';
import { evaluateRedirects, targetOf } from './redirects.ts';
import { evaluateResponse } from './response.ts';
import { isCancelError, isCancelled, reconcile, silentSuccess } from './outcome.ts';
import { memoize } from './memo.ts';
import { REASONS, type ReasonCode } from './reasons.ts';
import type { Check, CredentialsAssumption, DetailCode, Params, Verdict, Warning } from './verdict.ts';

/** What the rules alone say for one credentials assumption. */
export interface RuleRun {
  readonly checks: Check[];
  readonly warnings: Warning[];
  readonly failure: ReasonCode | null;
  readonly failureParams: Params;
  /** The first failure if credentials were included; lets `bothWays` skip a second run. */
  readonly includeFailure: ReasonCode | null;
}

/** Evaluate one observed exchange. Never throws on header content. */
export function evaluate(observed: Exchange): Verdict {
  // What the page witness saw fills in what the network events hide (page-facts.ts).
  const facts = withPageFacts(observed);
  const ex = facts.ex;
  const fromPage = observed.request.credentials === undefined && ex.request.credentials !== undefined;
  const cls = classify(ex, observed.request.mode === undefined && ex.request.mode !== undefined);
  if (cls.kind === 'final') {
    const given = ex.request.credentials;
    const warnings = ex.capture === undefined ? [] : withGaps(ex, []);
    append(warnings, facts.warnings);
    return {
      outcome: REASONS[cls.reason].outcome,
      reason: cls.reason,
      params: baseParams(ex, ex.request.method, null),
      checks: cls.checks,
      warnings,
      hints: [],
      mode: cls.mode,
      credentials: { mode: given ?? 'omit', basis: given === undefined ? 'irrelevant' : fromPage ? 'page' : 'given' },
      failedCheck: firstFail(cls.checks),
    };
  }
  const need =
    ex.request.headersSeen === false && ex.preflight.kind === 'observed'
      ? preflightNeedFromPreflight(ex.request.method, getHeader(ex.preflight.requestHeaders, 'access-control-request-headers'))
      : preflightNeed(ex.request.method, ex.request.headers);
  const origin = cls.origin;
  let credentials: CredentialsAssumption;
  let run: RuleRun;
  if (ex.request.credentials !== undefined) {
    credentials = { mode: ex.request.credentials, basis: fromPage ? 'page' : 'given' };
    run = runRules(ex, origin, need, ex.request.credentials === 'include');
  } else if (hasHeader(ex.request.headers, 'cookie')) {
    // A Cookie header on a cross-origin request proves credentials mode "include".
    credentials = { mode: 'include', basis: 'cookie' };
    run = runRules(ex, origin, need, true);
  } else {
    const both = bothWays(ex, origin, need);
    credentials = both.credentials;
    run = both.run;
  }
  const known = credentials.basis === 'given' || credentials.basis === 'page' || credentials.basis === 'cookie' || credentials.basis === 'both-agree';
  const params = baseParams(ex, need.method, origin);
  // A key-by-key copy: object spread of varying shapes is the slowest line of the hot path.
  for (const key in run.failureParams) params[key] = run.failureParams[key] as string | number;
  let rec = reconcile(ex, run.failure, params, known, preflightMissed(ex, need));
  // Never a flat "allowed" on a guess: allowed without credentials, blocked with them, and
  // nothing told which the page used (issue 10, "when a fact is still unseen").
  if (credentials.basis === 'default' && rec.reason === 'ok' && run.includeFailure !== null && REASONS[run.includeFailure].outcome === 'blocked') {
    rec = {
      ...rec,
      reason: 'depends-on-credentials',
      params: { ...rec.params, other: run.includeFailure },
    };
  }
  const checks: Check[] = cls.checks.slice();
  checks.push(credentialsCheck(credentials));
  append(checks, run.checks);
  checks.push(rec.check);
  const outcome = REASONS[rec.reason].outcome;
  let failedCheck = -1;
  if (rec.decidedByOutcome) failedCheck = checks.length - 1;
  else if (outcome === 'blocked' || outcome === 'unknown') {
    const key = KEY_DETAIL[rec.reason];
    failedCheck = key === undefined ? firstFail(checks) : firstWithDetail(checks, key);
  }
  const warnings = ex.capture === undefined ? run.warnings : withGaps(ex, run.warnings);
  append(warnings, facts.warnings);
  const verdict: Verdict = {
    outcome,
    reason: rec.reason,
    params: rec.params,
    checks,
    warnings,
    hints: rec.hints,
    mode: cls.mode,
    credentials,
    failedCheck,
  };
  const firefox = firefoxOverride(rec.reason, checks, failedCheck, ex.browser);
  return firefox === null ? verdict : { ...verdict, ...firefox };
}

/**
 * Credentials unknown: evaluate both ways and let the browser's report pick when they differ.
 * The credentialed result is predicted from the first run's rule events; a second full run is
 * made only when the credentialed verdict is the one reported.
 */
function bothWays(ex: Exchange, origin: string, need: PreflightNeed): { credentials: CredentialsAssumption; run: RuleRun } {
  const omit = runRules(ex, origin, need, false);
  const withCreds = omit.includeFailure;
  if (withCreds === omit.failure) return pick('omit', 'both-agree', omit);
  // Firefox reports a CORS-blocked response as completed, so its "success" cannot pick a side;
  // nor can a cancelled request, which the browser never judged.
  const o = silentSuccess(ex) || isCancelled(ex.outcome) ? { kind: 'not-observed' as const } : ex.outcome;
  if (o.kind === 'failure') {
    // The browser blocked it: prefer the assumption under which a CORS rule explains that.
    const omitExplains = blocks(omit.failure);
    const includeExplains = blocks(withCreds);
    if (includeExplains && !omitExplains) return pick('include', 'outcome', runRules(ex, origin, need, true));
    if (omitExplains && !includeExplains) return pick('omit', 'outcome', omit);
  }
  if (o.kind === 'success' && omit.failure === null) return pick('omit', 'outcome', omit);
  if (o.kind === 'success' && withCreds === null) return pick('include', 'outcome', runRules(ex, origin, need, true));
  // No evidence: fetch() and XHR default to not sending credentials cross-origin.
  const warnings: Warning[] = omit.warnings.slice();
  warnings.push({ code: 'credentials-assumption', params: { other: withCreds ?? 'ok' } });
  return pick('omit', 'default', { ...omit, warnings });
}

/** True for a failure that is a CORS block (not a network error or missing data). */
function blocks(failure: ReasonCode | null): boolean {
  return failure !== null && REASONS[failure].outcome === 'blocked';
}

function pick(mode: CredentialsMode, basis: CredentialsAssumption['basis'], run: RuleRun): { credentials: CredentialsAssumption; run: RuleRun } {
  return { credentials: { mode, basis }, run };
}

/** Run every rule after classification for one credentials assumption (exported for tests). */
export function runRules(ex: Exchange, origin: string, need: PreflightNeed, include: boolean): RuleRun {
  const checks: Check[] = need.checks.slice();
  const warnings: Warning[] = [];
  let includeFailure: ReasonCode | null = null;
  const pf = ex.preflight;
  if (pf.kind === 'observed') {
    checks.push({ id: 'preflight-seen', status: need.needed ? 'pass' : 'warn', detail: need.needed ? 'preflight-observed' : 'preflight-unexpected' });
    // The preflight's own request headers are the browser's ground truth for method and names.
    const acrmWhole = getWholeHeader(pf.requestHeaders, 'access-control-request-method');
    const acrm = acrmWhole === null || acrmWhole === TOO_LONG ? need.method : acrmWhole;
    const acrhWhole = getWholeHeader(pf.requestHeaders, 'access-control-request-headers');
    const cut = acrhWhole === TOO_LONG;
    const acrh = cut ? getHeader(pf.requestHeaders, 'access-control-request-headers') : acrhWhole;
    const unseen = ex.request.headersSeen === false;
    let sent: readonly string[];
    if (cut) {
      checks.push({
        id: 'preflight-request-headers',
        status: 'skipped',
        detail: 'value-truncated',
        header: ACRH,
        actual: clip(acrh ?? ''),
        params: { header: ACRH },
      });
      // The request's own headers stand in for the cut list; unseen, only the kept names are
      // known (the last one may itself be cut), and any in the lost part go unchecked.
      sent = unseen ? lowerCommaItems(acrh).slice(0, -1) : need.unsafeNames;
    } else {
      sent = acrh === null ? need.unsafeNames : lowerCommaItems(acrh);
      const computed = need.unsafeNames.join(',');
      const same = acrh === null ? computed === '' : sent.join(',') === computed;
      if (unseen) {
        // Nothing to compare with: the names above came from this very header.
        checks.push({
          id: 'preflight-request-headers',
          status: 'skipped',
          detail: 'acrh-request-not-sent',
          header: ACRH,
          actual: acrh === null ? null : clip(acrh),
        });
      } else {
        checks.push({
          id: 'preflight-request-headers',
          status: same ? 'pass' : 'warn',
          detail: same ? 'acrh-matches' : 'acrh-differs',
          header: ACRH,
          expected: computed,
          actual: acrh === null ? null : clip(acrh),
        });
      }
    }
    const r = evaluatePreflight(pf, origin, include, acrm, sent, ex.browser);
    append(checks, r.checks);
    append(warnings, r.warnings);
    includeFailure = r.includeFailure;
    let failure = r.failure;
    let failureParams = r.failureParams;
    if (cut && unseen) {
      // A failure found among the kept names is a fact; none found proves nothing.
      if (failure === null) {
        failure = 'header-too-long';
        failureParams = { header: ACRH };
      }
      includeFailure ??= 'header-too-long';
    }
    if (failure !== null) {
      checks.push({ id: 'allow-origin', status: 'skipped', detail: 'skipped-not-sent' });
      return { checks, warnings, failure, failureParams, includeFailure };
    }
  } else if (pf.kind === 'cached') {
    checks.push({ id: 'preflight-seen', status: 'pass', detail: pf.earlier === undefined ? 'preflight-cached' : 'preflight-cached-earlier' });
    if (pf.earlier !== undefined) {
      // A cache entry is only used when it covers the request, so a failing rule here means the
      // capture missed a newer preflight: report it as a warning, never as the verdict.
      const r = evaluatePreflight(pf.earlier, origin, include, need.method, need.unsafeNames, ex.browser);
      // A value of it cut by the capture is a warning too (it decides nothing here).
      for (const c of r.checks) checks.push(c.status === 'fail' || c.detail === 'value-truncated' ? { ...c, status: 'warn' } : c);
    }
  } else if (pf.kind === 'unknown' && preflightMissed(ex, need)) {
    // The capture missed part of this request: a preflight may have gone out unseen (or the
    // cache answered). Its rules cannot be checked; the response's own rules still can.
    checks.push({ id: 'preflight-seen', status: 'skipped', detail: 'preflight-not-observed', params: { method: need.method } });
    warnings.push({ code: 'preflight-not-observed', params: { method: need.method } });
  } else if (need.needed && pf.kind === 'none') {
    checks.push({ id: 'preflight-seen', status: 'warn', detail: 'preflight-missing-likely-cached', params: { method: need.method } });
  } else {
    checks.push({ id: 'preflight-seen', status: 'skipped', detail: 'preflight-not-applicable' });
  }

  // A redirect the browser received but did not follow ends the record as a 3xx response.
  const unfollowed = unfollowedRedirect(ex);
  const rm = ex.request.redirectMode;
  const first = ex.redirects[0] ?? unfollowed;
  if ((rm === 'manual' || rm === 'error') && first !== undefined) return redirectModeRules(first, rm, origin, include, { checks, warnings, includeFailure });
  const hops = unfollowed === undefined ? ex.redirects : [...ex.redirects, unfollowed];
  const red = evaluateRedirects(hops, ex.url, origin, include, { method: need.method, unsafeNames: need.unsafeNames, browser: ex.browser });
  append(checks, red.checks);
  append(warnings, red.warnings);
  includeFailure ??= red.includeFailure;
  if (red.failure !== null) {
    checks.push({ id: 'allow-origin', status: 'skipped', detail: 'skipped-earlier-failure' });
    return { checks, warnings, failure: red.failure, failureParams: red.failureParams, includeFailure };
  }
  const res: Exchange['response'] = unfollowed === undefined ? ex.response : { kind: 'not-sent' };
  if (res.kind === 'network-error') {
    const error = clip(res.error);
    checks.push({ id: 'response', status: 'fail', detail: 'response-network-error', actual: error });
    // A cancelled request is no network error (the outcome check says what it is).
    if (!isCancelError(res.error)) warnings.push({ code: 'network-error-not-cors', params: { error } });
    return { checks, warnings, failure: 'network-error', failureParams: { error }, includeFailure: includeFailure ?? 'network-error' };
  }
  if (res.kind === 'not-sent') {
    checks.push({ id: 'response', status: 'skipped', detail: 'skipped-no-response' });
    return { checks, warnings, failure: 'incomplete', failureParams: {}, includeFailure: includeFailure ?? 'incomplete' };
  }
  const r = evaluateResponse(res, red.effectiveOrigin, include, red.finalUrl, ex.page?.unread ?? []);
  append(checks, r.checks);
  append(warnings, r.warnings);
  // After redirects, the response that failed is the last server's: name it, not the first.
  const failureParams = r.failure !== null && hops.length > 0 ? { ...r.failureParams, target: targetOf(red.finalUrl) } : r.failureParams;
  return { checks, warnings, failure: r.failure, failureParams, includeFailure: includeFailure ?? r.includeFailure };
}

/**
 * The redirect that ended the record: a final response with a redirect status and a Location
 * the browser did not follow (its CORS check or its Location failed, or the page's redirect
 * mode stopped it). Fetch #http-fetch checks CORS on it before looking at the redirect mode.
 */
function unfollowedRedirect(ex: Exchange): RedirectHop | undefined {
  const res = ex.response;
  if (res.kind !== 'response' || !REDIRECT_STATUSES.has(res.status)) return undefined;
  const location = getWholeHeader(res.headers, 'location');
  if (location === null || location === TOO_LONG) return undefined;
  const last = ex.redirects.at(-1);
  const url = last === undefined ? ex.url : resolve(last.location, last.url);
  return { url, status: res.status, headers: res.headers, location };
}

/**
 * Fetch #http-fetch step 8.3 (after the CORS check of step 4.4): with redirect mode "manual"
 * the page gets an opaque-redirect response; with "error", a network error.
 */
function redirectModeRules(
  hop: RedirectHop,
  rm: 'manual' | 'error',
  origin: string,
  include: boolean,
  so: { checks: Check[]; warnings: Warning[]; includeFailure: ReasonCode | null },
): RuleRun {
  const { checks, warnings } = so;
  const r = evaluateResponse({ status: hop.status, headers: hop.headers }, origin, include, hop.url);
  append(checks, r.checks);
  append(warnings, r.warnings);
  const includeFailure = so.includeFailure ?? r.includeFailure;
  if (r.failure !== null) return { checks, warnings, failure: r.failure, failureParams: r.failureParams, includeFailure };
  const params = { hop: 1, status: hop.status };
  if (rm === 'manual') {
    checks.push({ id: 'redirect-location', status: 'pass', detail: 'redirect-mode-manual', header: 'Location', actual: clip(hop.location), hop: 0, params });
    return { checks, warnings, failure: null, failureParams: {}, includeFailure };
  }
  checks.push({
    id: 'redirect-location',
    status: 'fail',
    detail: 'redirect-mode-error',
    header: 'Location',
    expected: 'no redirect',
    actual: clip(hop.location),
    hop: 0,
    params,
  });
  return {
    checks,
    warnings,
    failure: 'redirect-mode-error',
    failureParams: { status: hop.status, location: clip(hop.location) },
    includeFailure: includeFailure ?? 'redirect-mode-error',
  };
}

const ACRH = 'Access-Control-Request-Headers';

/**
 * True when a preflight may have gone out without being observed: the capture missed part of the
 * request (preflight `unknown`) and the request needed one, or its headers were not seen to tell.
 */
function preflightMissed(ex: Exchange, need: PreflightNeed): boolean {
  return ex.preflight.kind === 'unknown' && (need.needed || ex.request.headersSeen === false);
}

/** The warnings plus one per capture gap, so the verdict says what the capture did not see. */
function withGaps(ex: Exchange, warnings: readonly Warning[]): Warning[] {
  const out = warnings.slice();
  const gaps = ex.capture;
  if (gaps === undefined) return out;
  // Nothing of it on the network side: one sentence says what is known (the page's side only).
  if (gaps.networkUnseen === true) out.push({ code: 'capture-network-unseen', params: {} });
  // A missed start implies the restart; one sentence says both.
  else if (gaps.missedStart === true) out.push({ code: 'capture-missed-start', params: {} });
  else if (gaps.restarted === true) out.push({ code: 'capture-restarted', params: {} });
  if (gaps.endedBy === 'timeout') out.push({ code: 'capture-ended-timeout', params: {} });
  else if (gaps.endedBy === 'navigated') out.push({ code: 'capture-ended-navigated', params: {} });
  return out;
}

/**
 * Where Firefox names the failure differently from the REASONS mapping. Seen in Firefox 153
 * (test/unit/core/fixtures/firefox-verdicts.json): one ACAO header holding a list is
 * CORSAllowOriginNotMatchingOrigin; only two header lines are CORSMultipleAllowOriginNotAllowed.
 */
function firefoxOverride(
  reason: ReasonCode,
  checks: readonly Check[],
  failedCheck: number,
  browser: Exchange['browser'],
): { firefoxReason?: string; firefoxAlternatives?: readonly string[] } | null {
  if (reason !== 'multiple-allow-origin-values' && reason !== 'preflight-multiple-allow-origin-values') return null;
  if (failedCheck < 0 || checks[failedCheck]?.params?.['lines'] !== 1) return null;
  // One line holding a list: Firefox calls it a mismatch, two lines "multiple". Captured in
  // Firefox, two lines arrive joined into one, so either key is possible.
  if (browser === 'firefox') return { firefoxAlternatives: [FIREFOX_ONE_LINE_LIST] };
  return { firefoxReason: FIREFOX_ONE_LINE_LIST };
}

const FIREFOX_ONE_LINE_LIST = 'CORSAllowOriginNotMatchingOrigin';

/** Reasons decided by a check that could not be judged (status skipped), found by its finding. */
const KEY_DETAIL: Partial<Record<ReasonCode, DetailCode>> = {
  'header-too-long': 'value-truncated',
  'preflight-not-observed': 'preflight-not-observed',
};

function firstWithDetail(checks: readonly Check[], detail: DetailCode): number {
  for (let i = 0; i < checks.length; i++) if (checks[i]?.detail === detail && checks[i]?.status === 'skipped') return i;
  return -1;
}

/** Index of the first failing check, or -1. */
function firstFail(checks: readonly Check[]): number {
  for (let i = 0; i < checks.length; i++) if (checks[i]?.status === 'fail') return i;
  return -1;
}

/** Push all of `src` (a plain loop: cheaper than spread arguments on the hot path). */
function append<T>(dst: T[], src: readonly T[]): void {
  for (let i = 0; i < src.length; i++) dst.push(src[i] as T);
}

function credentialsCheck(c: CredentialsAssumption): Check {
  const detail =
    c.basis === 'given'
      ? 'credentials-given'
      : c.basis === 'page'
        ? 'credentials-page'
        : c.basis === 'cookie'
          ? 'credentials-cookie'
          : c.basis === 'both-agree' || c.basis === 'irrelevant'
            ? 'credentials-unknown-same'
            : c.basis === 'outcome'
              ? 'credentials-unknown-outcome'
              : 'credentials-unknown-default';
  return { id: 'credentials', status: 'pass', detail, actual: c.mode, params: { mode: c.mode } };
}

// The URL's serialised origin recurs for every request to the same API; memoise it.
const targetOfUrl = memoize(512, targetOf);

/** Parameters every summary may use (a fresh object the caller may extend). */
function baseParams(ex: Exchange, method: string, origin: string | null): Record<string, string | number> {
  const target = targetOfUrl(ex.url);
  return {
    method: clip(method),
    origin: origin ?? (ex.initiator === null ? 'null' : ex.initiator === undefined ? '?' : clip(ex.initiator)),
    target,
  };
}
