// Fetch #cors-preflight-fetch (the checks on its response), in Chromium's order (preflight_controller.cc):
// redirect → CORS check (ACAO, ACAC) → ok status → parse ACAM, ACAH → method → headers.
// Every rule is evaluated so the fix can cover all of them; the first failure decides.
import { REDIRECT_STATUSES, type BrowserEngine, type HeaderList, type ObservedPreflight } from './exchange.ts';
import { clip, getHeader, getWholeHeader, hasHeader, lowerName, TOO_LONG } from './headers.ts';
import { parseTokenList } from './list-parse.ts';
import { isCancelError } from './outcome.ts';
import { corsCheck, failedCorsCheck, type CorsFailure } from './cors-check.ts';
import type { ReasonCode } from './reasons.ts';
import type { Check, CheckStatus, DetailCode, Params, Warning, WarningCode } from './verdict.ts';

/** Result of evaluating one preflight response. */
export interface PreflightResult {
  readonly checks: Check[];
  readonly warnings: Warning[];
  /** First failing rule (Chromium's name for it), or null. */
  readonly failure: ReasonCode | null;
  readonly failureParams: Params;
  /** What the first failure would be with credentials included (equals `failure` when included). */
  readonly includeFailure: ReasonCode | null;
}

/**
 * One rule outcome in evaluation order. `onlyWithCredentials` marks a rule that passed only
 * because credentials are not included (`*`, or a matched origin without ACAC: true): the
 * evaluator can then predict the credentialed verdict without a second full run.
 */
interface RuleEvent {
  readonly reason: ReasonCode;
  readonly params: Params;
  readonly onlyWithCredentials: boolean;
}

const PREFLIGHT_CORS: Record<CorsFailure, ReasonCode> = {
  'wildcard-credentials': 'preflight-wildcard-origin-with-credentials',
  missing: 'preflight-missing-allow-origin',
  multiple: 'preflight-multiple-allow-origin-values',
  invalid: 'preflight-invalid-allow-origin-value',
  mismatch: 'preflight-allow-origin-mismatch',
  credentials: 'preflight-invalid-allow-credentials',
  'too-long': 'header-too-long',
};

/** Per-browser preflight cache caps on Access-Control-Max-Age, in seconds. */
export const MAX_AGE_CAPS = { chromium: 7200, firefox: 86400 } as const;

/** Evaluate an observed preflight for `method` + `unsafeNames` from `origin`. */
export function evaluatePreflight(
  pf: ObservedPreflight,
  origin: string,
  include: boolean,
  method: string,
  unsafeNames: readonly string[],
  browser: BrowserEngine | undefined,
): PreflightResult {
  const checks: Check[] = [];
  const warnings: Warning[] = [];
  const res = pf.result;
  if (res.kind === 'network-error') {
    const error = clip(res.error);
    checks.push({ id: 'preflight-network', status: 'fail', detail: 'network-failed', actual: error });
    if (!isCancelError(res.error)) warnings.push({ code: 'network-error-not-cors', params: { error } });
    return { checks, warnings, failure: 'preflight-network-error', failureParams: { error }, includeFailure: 'preflight-network-error' };
  }
  if (res.kind === 'not-sent') {
    checks.push({ id: 'preflight-network', status: 'skipped', detail: 'skipped-no-response' });
    return { checks, warnings, failure: 'incomplete', failureParams: {}, includeFailure: 'incomplete' };
  }
  // Rule outcomes in Chromium's order; the first real failure is the one it reports.
  const events: RuleEvent[] = [];
  const status = res.status;
  const headers = res.headers;
  // Chromium's preflight loader refuses to follow any redirect before looking at headers.
  if (REDIRECT_STATUSES.has(status) && hasHeader(headers, 'location')) {
    const location = clip(getHeader(headers, 'location') ?? '');
    checks.push({ id: 'preflight-redirect', status: 'fail', detail: 'redirected', header: 'Location', actual: location, params: { status } });
    events.push({ reason: 'preflight-redirect', params: { status, location }, onlyWithCredentials: false });
  } else {
    checks.push({ id: 'preflight-redirect', status: 'pass', detail: 'no-redirect', params: { status } });
  }

  // The preflight is checked with the actual request's credentials mode (Fetch #cors-preflight-fetch).
  const cors = corsCheck(headers, origin, include, { acao: 'preflight-allow-origin', acac: 'preflight-allow-credentials' }, null);
  for (const c of cors.checks) checks.push(c);
  const corsFail = cors.failure ?? cors.includeFailure;
  if (corsFail !== null) {
    const c = failedCorsCheck(cors.checks, corsFail);
    const params: Params = corsFail === 'too-long' ? { header: c?.header ?? null } : { status, expected: origin, actual: c?.actual ?? null };
    events.push({ reason: PREFLIGHT_CORS[corsFail], params, onlyWithCredentials: cors.failure === null });
  }

  // docs/cors-rules.md §9: Chromium checks ACAO before the status, so a bare 404 is "missing ACAO".
  // Fetch #ok-status: any status in 200-299 passes; the finding names the likely cause by class.
  const statusDetail = preflightStatusDetail(status);
  const okStatus = statusDetail === 'status-ok';
  checks.push({
    id: 'preflight-status',
    status: okStatus ? 'pass' : 'fail',
    detail: statusDetail,
    expected: '200-299',
    actual: String(status),
    params: { status },
  });
  if (!okStatus) events.push({ reason: 'preflight-invalid-status', params: { status }, onlyWithCredentials: false });
  if (status >= 400) warnings.push({ code: preflightStatusWarning(status), params: { status, method } });

  checkMethods(headers, method, include, checks, events);
  checkHeaders(headers, unsafeNames, include, checks, warnings, events);
  const first = firstFailure(events);
  checkMaxAge(headers, browser, checks, warnings, first !== null);

  const failure = first === null ? null : first.reason;
  return {
    checks,
    warnings,
    failure,
    failureParams: first === null ? {} : first.params,
    includeFailure: events.length === 0 ? null : (events[0]?.reason ?? null),
  };
}

/** The finding for a preflight status: ok (200-299), or the likely cause of its class. */
export function preflightStatusDetail(status: number): DetailCode {
  if (status >= 200 && status <= 299) return 'status-ok';
  if (status === 401 || status === 403) return 'status-auth';
  if (status === 404 || status === 405) return 'status-no-route';
  if (status >= 300 && status <= 399) return 'status-redirect';
  if (status >= 500 && status <= 599) return 'status-server-error';
  return 'status-not-ok';
}

const ERROR_STATUS_WARNING: Partial<Record<DetailCode, WarningCode>> = {
  'status-auth': 'preflight-auth-status',
  'status-no-route': 'preflight-no-route-status',
  'status-server-error': 'preflight-server-error-status',
};

/** The warning for a preflight error status (400 and up), by the class of the status. */
export function preflightStatusWarning(status: number): WarningCode {
  return ERROR_STATUS_WARNING[preflightStatusDetail(status)] ?? 'preflight-error-status';
}

/** The first event that fails as evaluated (not merely under credentials). */
function firstFailure(events: readonly RuleEvent[]): RuleEvent | null {
  for (const e of events) if (!e.onlyWithCredentials) return e;
  return null;
}

function checkMethods(headers: HeaderList, method: string, include: boolean, checks: Check[], events: RuleEvent[]): void {
  const header = 'Access-Control-Allow-Methods';
  const raw = getWholeHeader(headers, 'access-control-allow-methods');
  if (raw === TOO_LONG) {
    // Fetch #cors-preflight-fetch parses the whole list (a bad item anywhere fails it): a cut list cannot be judged.
    checks.push(truncatedCheck('preflight-allow-methods', header, headers));
    checks.push({ id: 'preflight-method', status: 'skipped', detail: 'skipped-undecided', params: { method } });
    events.push({ reason: 'header-too-long', params: { header }, onlyWithCredentials: false });
    return;
  }
  const parsed = parseTokenList(raw);
  const actual = raw === null ? null : clip(raw);
  if (!parsed.ok) {
    checks.push({ id: 'preflight-allow-methods', status: 'fail', detail: 'list-invalid', header, actual, params: { bad: clip(parsed.bad) } });
    checks.push({ id: 'preflight-method', status: 'skipped', detail: 'skipped-earlier-failure', params: { method } });
    events.push({ reason: 'invalid-allow-methods', params: { actual: actual ?? '', bad: clip(parsed.bad) }, onlyWithCredentials: false });
    return;
  }
  checks.push({ id: 'preflight-allow-methods', status: 'pass', detail: raw === null ? 'list-absent' : 'list-parsed', header, actual });
  const items = parsed.items;
  const star = items.includes('*');
  let detail: DetailCode;
  if (method === 'GET' || method === 'HEAD' || method === 'POST') detail = 'method-no-check-needed';
  // Fetch #cors-preflight-fetch: exact (case-sensitive) match, or `*` without credentials.
  else if (items.includes(method)) detail = 'method-listed';
  else if (star && !include) detail = 'method-wildcard';
  else if (star) detail = 'method-wildcard-credentials';
  else detail = items.some((m) => m.toLowerCase() === method.toLowerCase()) ? 'method-case-mismatch' : 'method-not-listed';
  const ok = detail === 'method-no-check-needed' || detail === 'method-listed' || detail === 'method-wildcard';
  checks.push({ id: 'preflight-method', status: ok ? 'pass' : 'fail', detail, header, expected: method, actual, params: { method } });
  if (!ok || detail === 'method-wildcard') {
    events.push({ reason: 'method-not-allowed', params: { method, actual }, onlyWithCredentials: ok });
  }
}

function checkHeaders(headers: HeaderList, unsafe: readonly string[], include: boolean, checks: Check[], warnings: Warning[], events: RuleEvent[]): void {
  const raw = getWholeHeader(headers, 'access-control-allow-headers');
  if (raw === TOO_LONG) {
    // As for the methods: the whole list is parsed, and a name may sit in the part that was cut.
    checks.push(truncatedCheck('preflight-allow-headers', 'Access-Control-Allow-Headers', headers));
    events.push({ reason: 'header-too-long', params: { header: 'Access-Control-Allow-Headers' }, onlyWithCredentials: false });
    return;
  }
  const parsed = parseTokenList(raw);
  const actual = raw === null ? null : clip(raw);
  if (!parsed.ok) {
    checks.push({
      id: 'preflight-allow-headers',
      status: 'fail',
      detail: 'list-invalid',
      header: 'Access-Control-Allow-Headers',
      actual,
      params: { bad: clip(parsed.bad) },
    });
    events.push({ reason: 'invalid-allow-headers', params: { actual: actual ?? '', bad: clip(parsed.bad) }, onlyWithCredentials: false });
    return;
  }
  checks.push({
    id: 'preflight-allow-headers',
    status: 'pass',
    detail: raw === null ? 'list-absent' : 'list-parsed',
    header: 'Access-Control-Allow-Headers',
    actual,
  });
  const allowed = parsed.items.map(lowerName);
  const star = allowed.includes('*');
  // Every name is judged first, so that the failure can name all the names refused, not just the first.
  let failing: string | null = null;
  let unlisted: string | null = null;
  const first = checks.length;
  for (const name of unsafe) {
    let detail: DetailCode;
    let status: CheckStatus = 'pass';
    if (allowed.includes(name)) {
      detail = 'header-listed';
    } else if (star && !include) {
      // Fetch #cors-non-wildcard-request-header-name: `*` never covers Authorization; Chromium and Firefox still allow it.
      detail = name === 'authorization' ? 'authorization-wildcard' : 'header-wildcard';
      if (name === 'authorization') {
        status = 'warn';
        warnings.push({ code: 'authorization-covered-by-wildcard', params: { header: 'Authorization' } });
      }
    } else {
      detail = star ? 'header-wildcard-credentials' : 'header-not-listed';
      status = 'fail';
      failing = failing === null ? name : `${failing}, ${name}`;
    }
    if (detail !== 'header-listed') unlisted = unlisted === null ? name : `${unlisted}, ${name}`;
    // `header` names the request header being allowed; the list itself is in `actual`.
    checks.push({ id: 'preflight-header', status, detail, header: name, expected: name, actual });
  }
  for (let i = first; i < checks.length; i++) {
    const c = checks[i] as Check;
    if (c.detail === 'header-listed') continue;
    // `headers`: every name refused as evaluated (or, for a rule that fails only with credentials, every name not listed).
    const onlyWithCredentials = c.status !== 'fail';
    events.push({
      reason: 'header-not-allowed',
      params: { header: c.header ?? '', headers: onlyWithCredentials ? unlisted : failing, actual },
      onlyWithCredentials,
    });
  }
}

/** A rule that cannot be judged because the capture cut the value it reads (`header`, as named on the wire). */
function truncatedCheck(id: 'preflight-allow-methods' | 'preflight-allow-headers', header: string, headers: HeaderList): Check {
  return { id, status: 'skipped', detail: 'value-truncated', header, actual: clip(getHeader(headers, header.toLowerCase()) ?? ''), params: { header } };
}

function checkMaxAge(headers: HeaderList, browser: BrowserEngine | undefined, checks: Check[], warnings: Warning[], failed: boolean): void {
  const raw = getHeader(headers, 'access-control-max-age');
  const header = 'Access-Control-Max-Age';
  if (failed) {
    // Fetch #cors-preflight-fetch: a cache entry is created only once every check has passed.
    checks.push({ id: 'preflight-max-age', status: 'skipped', detail: 'max-age-not-cached', header, actual: raw === null ? null : clip(raw) });
    return;
  }
  if (raw === null) {
    checks.push({ id: 'preflight-max-age', status: 'pass', detail: 'max-age-default', header, actual: null, params: { seconds: 5 } });
    return;
  }
  if (!/^[0-9]{1,12}$/.test(raw)) {
    checks.push({ id: 'preflight-max-age', status: 'warn', detail: 'max-age-invalid', header, actual: clip(raw), params: { seconds: 5 } });
    return;
  }
  const seconds = Number(raw);
  const cap = browser === 'firefox' ? MAX_AGE_CAPS.firefox : MAX_AGE_CAPS.chromium;
  if (seconds > cap) {
    const browserName = browser === 'firefox' ? 'Firefox' : 'Chromium';
    checks.push({ id: 'preflight-max-age', status: 'warn', detail: 'max-age-capped', header, actual: raw, params: { seconds, cap, browser: browserName } });
    warnings.push({ code: 'max-age-above-cap', params: { seconds, cap, browser: browserName } });
    return;
  }
  checks.push({ id: 'preflight-max-age', status: 'pass', detail: 'max-age-ok', header, actual: raw, params: { seconds } });
}
