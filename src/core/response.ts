// The actual (final) response: Fetch #cors-check, then what script may read
// (#http-access-control-expose-headers) and the risky-but-passing smells of docs/cors-rules.md §6–7.
import type { HeaderList, ObservedResponse } from './exchange.ts';
import { clip, getHeader, getWholeHeader, lowerCommaItems, lowerName, TOO_LONG } from './headers.ts';
import { corsCheck, failedCorsCheck } from './cors-check.ts';
import { isLoopbackHost, parseOrigin, schemeOf } from './origin.ts';
import { RESPONSE_CORS } from './redirects.ts';
import type { ReasonCode } from './reasons.ts';
import type { Check, Params, Warning } from './verdict.ts';

/** Result of checking the final response. */
export interface ResponseResult {
  readonly checks: Check[];
  readonly warnings: Warning[];
  readonly failure: ReasonCode | null;
  readonly failureParams: Params;
  /** The failure with credentials included (equals `failure` when included). */
  readonly includeFailure: ReasonCode | null;
}

/** Fetch "CORS-safelisted response-header name" (always readable). */
const SAFELISTED_RESPONSE = new Set(['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma']);

/**
 * Check a received final response for a CORS request from `origin`. `unread`: header names the
 * page asked this response for and did not get (the page witness), lower-cased.
 */
export function evaluateResponse(res: ObservedResponse, origin: string, include: boolean, url: string, unread: readonly string[] = []): ResponseResult {
  const checks: Check[] = [{ id: 'response', status: 'pass', detail: 'response-received', params: { status: res.status } }];
  const warnings: Warning[] = [];
  const cors = corsCheck(res.headers, origin, include, { acao: 'allow-origin', acac: 'allow-credentials' }, null);
  checks.push(...cors.checks);
  const acao = cors.allowOrigin;
  if (res.status >= 400 && acao === null) {
    // docs/cors-rules.md §6: the page shows a CORS error, but the server error is the real problem.
    warnings.push({ code: 'response-error-status', params: { status: res.status } });
  }
  if (cors.failure !== null) {
    const c = failedCorsCheck(cors.checks, cors.failure);
    const tooLong = cors.failure === 'too-long';
    checks.push({ id: 'expose-headers', status: 'skipped', detail: tooLong ? 'skipped-undecided' : 'skipped-earlier-failure' });
    const failure = RESPONSE_CORS[cors.failure];
    const failureParams: Params = tooLong
      ? { status: res.status, header: c?.header ?? null }
      : { status: res.status, expected: origin, actual: c?.actual ?? null };
    return { checks, warnings, failure, failureParams, includeFailure: failure };
  }
  checks.push(exposeCheck(res, include, warnings, unread));
  if (acao !== null && acao !== '*') originWarnings(res, acao, include, url, warnings);
  return { checks, warnings, failure: null, failureParams: {}, includeFailure: cors.includeFailure === null ? null : RESPONSE_CORS[cors.includeFailure] };
}

function exposeCheck(res: ObservedResponse, include: boolean, warnings: Warning[], unread: readonly string[]): Check {
  const whole = getWholeHeader(res.headers, 'access-control-expose-headers');
  // Cut by the capture: names in the lost part are unknown, so "hidden" cannot be stated.
  const cut = whole === TOO_LONG;
  const raw = cut ? getHeader(res.headers, 'access-control-expose-headers') : whole;
  const exposed = lowerCommaItems(raw);
  const star = exposed.includes('*');
  if (star && include) warnings.push({ code: 'expose-wildcard-with-credentials', params: {} });
  // Fetch #http-access-control-expose-headers: `*` exposes everything only when credentials are not included.
  const all = star && !include;
  const lists = readableHeaders(res.headers, exposed, all);
  // Fetch #concept-filtered-response-cors: the page's response holds only the safelisted and the
  // exposed names, so a header the server sent and the page asked for in vain was hidden from it.
  // (A name the response does not carry, or one it exposes, says nothing: then the page's word
  // and the network disagree or the server sent no such header.)
  if (!cut && !all) {
    const hidden = unread.filter(
      (name) =>
        name !== 'set-cookie' && name !== 'set-cookie2' && !SAFELISTED_RESPONSE.has(name) && !exposed.includes(name) && getHeader(res.headers, name) !== null,
    );
    if (hidden.length > 0) warnings.push({ code: 'unexposed-header-read', params: { headers: hidden.join(', ') } });
  }
  return {
    id: 'expose-headers',
    status: 'pass',
    detail: cut ? 'expose-truncated' : 'expose-readable',
    header: 'Access-Control-Expose-Headers',
    actual: raw === null ? null : clip(raw),
    params: lists,
  };
}

/** Split the response's header names into readable and hidden, in order of appearance. */
function readableHeaders(headers: HeaderList, exposed: readonly string[], all: boolean): { readonly readable: string | null; readonly hidden: string | null } {
  let readable: string | null = null;
  let hidden: string | null = null;
  const seen: string[] = [];
  for (const h of headers) {
    const name = lowerName(h.name);
    if (name === 'set-cookie' || name === 'set-cookie2' || seen.includes(name)) continue; // Set-Cookie is never readable
    seen.push(name);
    if (SAFELISTED_RESPONSE.has(name) || all || exposed.includes(name)) readable = readable === null ? name : `${readable}, ${name}`;
    else hidden = hidden === null ? name : `${hidden}, ${name}`;
  }
  return { readable, hidden };
}

function originWarnings(res: ObservedResponse, acao: string, include: boolean, url: string, warnings: Warning[]): void {
  const whole = getWholeHeader(res.headers, 'vary');
  // A Vary cut by the capture may name Origin in the part that was lost: then say nothing.
  const cut = whole === TOO_LONG;
  const vary = lowerCommaItems(cut ? getHeader(res.headers, 'vary') : whole);
  const variesByOrigin = vary.includes('origin') || vary.includes('*');
  // docs/cors-rules.md §6: a per-origin ACAO without Vary: Origin lets shared caches cross the streams.
  if (!variesByOrigin && !cut) warnings.push({ code: 'missing-vary-origin', params: { origin: acao } });
  if (acao === 'null') warnings.push({ code: 'null-origin-allowed', params: {} });
  const allowCredentials = include && getHeader(res.headers, 'access-control-allow-credentials') === 'true';
  // Only a per-request ACAO (Vary: Origin, or an echoed `null`) hints at reflection.
  if (allowCredentials && (variesByOrigin || acao === 'null')) warnings.push({ code: 'reflected-origin-with-credentials', params: { origin: acao } });
  const o = parseOrigin(acao);
  if (schemeOf(url) === 'https' && o !== null && !o.opaque && o.scheme === 'http' && !isLoopbackHost(o.host)) {
    warnings.push({ code: 'insecure-origin-allowed', params: { origin: acao } });
  }
}
