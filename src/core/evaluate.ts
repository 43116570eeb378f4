// The engine's entry point: classify, decide on the preflight, evaluate the preflight, the
// redirects and the final response in the browser's order, then reconcile with what the
// browser reported. Pure and deterministic; the verdict is plain JSON.
import type { CredentialsMode, Exchange } from './exchange.ts';
import { clip, getHeader, hasHeader, lowerCommaItems } from './headers.ts';
import { classify } from './classify.ts';
import { originOfUrl, serializeOrigin } from './origin.ts';
import { evaluatePreflight } from './preflight.ts';
import { preflightNeed, type PreflightNeed } from './preflight-need.ts';
import { evaluateRedirects } from './redirects.ts';
import { evaluateResponse } from './response.ts';
import { reconcile } from './outcome.ts';
import { REASONS, type ReasonCode } from './reasons.ts';
import type { Check, CredentialsAssumption, Params, Verdict, Warning } from './verdict.ts';

/** What the rules alone say for one credentials assumption. */
interface RuleRun {
  readonly checks: Check[];
  readonly warnings: Warning[];
  readonly failure: ReasonCode | null;
  readonly failureParams: Params;
  readonly firefoxReason: string | null;
}

/** Evaluate one observed exchange. Never throws on header content. */
export function evaluate(ex: Exchange): Verdict {
  const cls = classify(ex);
  if (cls.kind === 'final') {
    const given = ex.request.credentials;
    const failedCheck = cls.checks.findIndex((c) => c.status === 'fail');
    return {
      outcome: REASONS[cls.reason].outcome, reason: cls.reason, params: baseParams(ex, null),
      checks: cls.checks, warnings: [], hints: [], mode: cls.mode,
      credentials: { mode: given ?? 'omit', basis: given === undefined ? 'irrelevant' : 'given' }, failedCheck,
    };
  }
  const need = preflightNeed(ex.request.method, ex.request.headers);
  const origin = cls.origin;
  let credentials: CredentialsAssumption;
  let run: RuleRun;
  if (ex.request.credentials !== undefined) {
    credentials = { mode: ex.request.credentials, basis: 'given' };
    run = runRules(ex, origin, need, ex.request.credentials === 'include');
  } else if (hasHeader(ex.request.headers, 'cookie')) {
    // A Cookie header on a cross-origin request proves credentials mode "include".
    credentials = { mode: 'include', basis: 'cookie' };
    run = runRules(ex, origin, need, true);
  } else {
    ({ credentials, run } = bothWays(ex, origin, need));
  }
  const known = credentials.basis === 'given' || credentials.basis === 'cookie' || credentials.basis === 'both-agree';
  const rec = reconcile(ex, run.failure, { ...baseParams(ex, need.method), ...run.failureParams }, known);
  const checks: Check[] = [...cls.checks, credentialsCheck(credentials), ...run.checks, rec.check];
  let failedCheck = -1;
  if (rec.decidedByOutcome) failedCheck = checks.length - 1;
  else if (REASONS[rec.reason].outcome === 'blocked' || REASONS[rec.reason].outcome === 'unknown') {
    failedCheck = checks.findIndex((c) => c.status === 'fail');
  }
  const verdict: Verdict = {
    outcome: REASONS[rec.reason].outcome, reason: rec.reason, params: rec.params, checks,
    warnings: run.warnings, hints: rec.hints, mode: cls.mode, credentials, failedCheck,
  };
  return run.firefoxReason !== null && rec.reason === run.failure ? { ...verdict, firefoxReason: run.firefoxReason } : verdict;
}

/** Credentials unknown: evaluate both ways; the browser's report picks when they differ. */
function bothWays(ex: Exchange, origin: string, need: PreflightNeed): { credentials: CredentialsAssumption; run: RuleRun } {
  const omit = runRules(ex, origin, need, false);
  const include = runRules(ex, origin, need, true);
  if (omit.failure === include.failure) return { credentials: { mode: 'omit', basis: 'both-agree' }, run: omit };
  const o = ex.outcome;
  if (o.kind === 'failure' && omit.failure === null) return pick('include', 'outcome', include);
  if (o.kind === 'failure' && include.failure === null) return pick('omit', 'outcome', omit);
  if (o.kind === 'success' && omit.failure === null) return pick('omit', 'outcome', omit);
  if (o.kind === 'success' && include.failure === null) return pick('include', 'outcome', include);
  // No evidence: fetch() and XHR default to not sending credentials cross-origin.
  const other = include.failure ?? 'ok';
  const warnings: Warning[] = [...omit.warnings, { code: 'credentials-assumption', params: { other } }];
  return { credentials: { mode: 'omit', basis: 'default' }, run: { ...omit, warnings } };
}

function pick(mode: CredentialsMode, basis: CredentialsAssumption['basis'], run: RuleRun): { credentials: CredentialsAssumption; run: RuleRun } {
  return { credentials: { mode, basis }, run };
}

function runRules(ex: Exchange, origin: string, need: PreflightNeed, include: boolean): RuleRun {
  const checks: Check[] = [...need.checks];
  const warnings: Warning[] = [];
  let firefoxReason: string | null = null;
  const pf = ex.preflight;
  if (pf.kind === 'observed') {
    checks.push({ id: 'preflight-seen', status: need.needed ? 'pass' : 'warn', detail: need.needed ? 'preflight-observed' : 'preflight-unexpected' });
    // The preflight's own request headers are the browser's ground truth for method and names.
    const acrm = getHeader(pf.requestHeaders, 'access-control-request-method') ?? need.method;
    const acrh = getHeader(pf.requestHeaders, 'access-control-request-headers');
    const sent = acrh === null ? [] : lowerCommaItems(acrh);
    const computed = need.unsafeNames.join(',');
    const same = sent.join(',') === computed;
    checks.push({ id: 'preflight-request-headers', status: same ? 'pass' : 'warn', detail: same ? 'acrh-matches' : 'acrh-differs', header: 'Access-Control-Request-Headers', expected: computed, actual: acrh === null ? null : clip(acrh) });
    const r = evaluatePreflight(pf, origin, include, acrm, acrh === null ? need.unsafeNames : sent, ex.browser);
    append(checks, r.checks);
    append(warnings, r.warnings);
    if (r.failure !== null) {
      checks.push({ id: 'allow-origin', status: 'skipped', detail: 'skipped-not-sent' });
      return { checks, warnings, failure: r.failure, failureParams: r.failureParams, firefoxReason: r.firefoxReason };
    }
  } else if (pf.kind === 'cached') {
    checks.push({ id: 'preflight-seen', status: 'pass', detail: pf.earlier === undefined ? 'preflight-cached' : 'preflight-cached-earlier' });
    if (pf.earlier !== undefined) {
      // A cache entry is only used when it covers the request, so a failing rule here means the
      // capture missed a newer preflight: report it as a warning, never as the verdict.
      const r = evaluatePreflight(pf.earlier, origin, include, need.method, need.unsafeNames, ex.browser);
      for (const c of r.checks) checks.push(c.status === 'fail' ? { ...c, status: 'warn' } : c);
    }
  } else if (need.needed) {
    checks.push({ id: 'preflight-seen', status: 'warn', detail: 'preflight-missing-likely-cached', params: { method: need.method } });
  } else if (!need.needed) {
    checks.push({ id: 'preflight-seen', status: 'skipped', detail: 'preflight-not-applicable' });
  }

  const red = evaluateRedirects(ex.redirects, ex.url, origin, include);
  append(checks, red.checks);
  append(warnings, red.warnings);
  if (red.failure !== null) {
    checks.push({ id: 'allow-origin', status: 'skipped', detail: 'skipped-earlier-failure' });
    return { checks, warnings, failure: red.failure, failureParams: red.failureParams, firefoxReason };
  }
  const res = ex.response;
  if (res.kind === 'network-error') {
    checks.push({ id: 'response', status: 'fail', detail: 'response-network-error', actual: clip(res.error) });
    warnings.push({ code: 'network-error-not-cors', params: { error: clip(res.error) } });
    return { checks, warnings, failure: 'network-error', failureParams: { error: clip(res.error) }, firefoxReason };
  }
  if (res.kind === 'not-sent') {
    checks.push({ id: 'response', status: 'skipped', detail: 'skipped-no-response' });
    return { checks, warnings, failure: 'incomplete', failureParams: {}, firefoxReason };
  }
  const r = evaluateResponse(res, red.effectiveOrigin, include, red.finalUrl);
  append(checks, r.checks);
  append(warnings, r.warnings);
  firefoxReason = null;
  return { checks, warnings, failure: r.failure, failureParams: r.failureParams, firefoxReason };
}

/** Push all of `src` (a plain loop: cheaper than spread arguments on the hot path). */
function append<T>(dst: T[], src: readonly T[]): void {
  for (let i = 0; i < src.length; i++) dst.push(src[i] as T);
}

function credentialsCheck(c: CredentialsAssumption): Check {
  const detail = c.basis === 'given' ? 'credentials-given' : c.basis === 'cookie' ? 'credentials-cookie'
    : c.basis === 'both-agree' ? 'credentials-unknown-same' : c.basis === 'outcome' ? 'credentials-unknown-outcome'
    : c.basis === 'irrelevant' ? 'credentials-irrelevant' : 'credentials-unknown-default';
  return { id: 'credentials', status: 'pass', detail, actual: c.mode, params: { mode: c.mode } };
}

/** Parameters every summary may use. */
function baseParams(ex: Exchange, method: string | null): Params {
  const target = originOfUrl(ex.url);
  return {
    method: clip(method ?? ex.request.method),
    origin: ex.initiator === null ? 'null' : ex.initiator === undefined ? '?' : clip(ex.initiator),
    target: target === null ? clip(ex.url) : serializeOrigin(target),
  };
}
