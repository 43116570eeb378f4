// suggestFix: the smallest safe server change for a verdict. Computed on demand (never in the
// hot path). Safe means: the exact initiator origin (never a reflected Origin), never `*` with
// credentials, and only the methods and headers this request actually needs.
import type { Exchange, HeaderEntry } from './exchange.ts';
import { getHeader, lowerCommaItems } from './headers.ts';
import { normalizeOrigin } from './origin.ts';
import { REASONS, type ReasonCode } from './reasons.ts';
import { isSafelistedMethod, normalizeMethod, unsafeRequestHeaderNames } from './safelist.ts';
import { snippets, type CorsRequirements, type Snippets } from './fix-snippets.ts';
import type { FixNote } from './messages/catalogue.ts';
import { preflightStatusWarning } from './preflight.ts';
import type { Params, Verdict, WarningCode } from './verdict.ts';

/** A fix note: catalogue code + placeholders. */
export interface FixNoteRef {
  readonly code: FixNote;
  readonly params: Params;
}

/** What to change on the server. Plain JSON like the verdict. */
export interface Fix {
  /** False when the verdict needs no server change. */
  readonly needed: boolean;
  /** Headers the OPTIONS preflight response must carry (empty: no preflight involved). */
  readonly preflightHeaders: readonly HeaderEntry[];
  /** Headers every actual response must carry (empty: not a CORS request). */
  readonly responseHeaders: readonly HeaderEntry[];
  readonly notes: readonly FixNoteRef[];
  /** Configuration for Express (`cors`), nginx and Caddy; null when there is nothing to configure. */
  readonly snippets: Snippets | null;
}

/** Preflight cache lifetime suggested: under both browsers' caps (Chromium 7200 s). */
export const SUGGESTED_MAX_AGE = 600;

const SERVER_FIXABLE: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'preflight-redirect', 'preflight-wildcard-origin-with-credentials', 'preflight-missing-allow-origin',
  'preflight-multiple-allow-origin-values', 'preflight-invalid-allow-origin-value', 'preflight-allow-origin-mismatch',
  'preflight-invalid-allow-credentials', 'preflight-invalid-status', 'invalid-allow-methods', 'invalid-allow-headers',
  'method-not-allowed', 'header-not-allowed', 'wildcard-origin-with-credentials', 'missing-allow-origin',
  'multiple-allow-origin-values', 'invalid-allow-origin-value', 'allow-origin-mismatch', 'invalid-allow-credentials',
  'unexpected-success',
]);

const PREFLIGHT_STATUS_WARNINGS: ReadonlySet<WarningCode> = new Set<WarningCode>([
  'preflight-error-status', 'preflight-auth-status', 'preflight-no-route-status', 'preflight-server-error-status',
]);

/** The server change (headers, notes, config snippets) for a verdict of this exchange. */
export function suggestFix(verdict: Verdict, ex: Exchange): Fix {
  if (verdict.outcome === 'not-cors') {
    return { needed: false, preflightHeaders: [], responseHeaders: [], notes: [{ code: 'not-cors', params: {} }], snippets: null };
  }
  const req = requirements(verdict, ex);
  const notes = notesFor(verdict, req);
  const needed = SERVER_FIXABLE.has(verdict.reason) || verdict.warnings.some((w) => w.code === 'missing-vary-origin');
  if (req === null) return { needed: false, preflightHeaders: [], responseHeaders: [], notes, snippets: null };
  const pairs = (preflight: boolean): HeaderEntry[] => {
    const out: HeaderEntry[] = [{ name: 'Access-Control-Allow-Origin', value: req.origin }];
    if (req.credentials) out.push({ name: 'Access-Control-Allow-Credentials', value: 'true' });
    if (preflight && req.methods.length > 0) out.push({ name: 'Access-Control-Allow-Methods', value: req.methods.join(', ') });
    if (preflight && req.headers.length > 0) out.push({ name: 'Access-Control-Allow-Headers', value: req.headers.join(', ') });
    if (preflight) out.push({ name: 'Access-Control-Max-Age', value: String(req.maxAge) });
    if (req.origin !== '*') out.push({ name: 'Vary', value: 'Origin' });
    return out;
  };
  return {
    needed,
    preflightHeaders: req.preflight ? pairs(true) : [],
    responseHeaders: pairs(false),
    notes,
    snippets: snippets(req),
  };
}

/** What this request needs from the server; null when the origin itself is unknown. */
function requirements(verdict: Verdict, ex: Exchange): CorsRequirements | null {
  // The origin the engine evaluated (the Origin header when it overrode the reported initiator).
  const evaluated = verdict.checks.find((c) => c.id === 'initiator' && c.status !== 'skipped')?.actual;
  const origin = typeof evaluated === 'string' ? normalizeOrigin(evaluated) : ex.initiator === null ? 'null' : ex.initiator === undefined ? null : normalizeOrigin(ex.initiator);
  if (origin === null) return null;
  const credentials = verdict.credentials.mode === 'include';
  const method = normalizeMethod(ex.request.method);
  const pf = ex.preflight.kind === 'observed' ? ex.preflight : null;
  const acrh = pf === null ? null : getHeader(pf.requestHeaders, 'access-control-request-headers');
  const headers = acrh === null ? unsafeRequestHeaderNames(ex.request.headers) : lowerCommaItems(acrh);
  const preflight = !isSafelistedMethod(method) || headers.length > 0;
  let path = '/';
  try {
    path = new URL(ex.url).pathname;
  } catch {
    // keep "/"
  }
  // An opaque origin can only be matched by `null` or `*`; `*` is the safer one without credentials.
  const allow = origin === 'null' && !credentials ? '*' : origin;
  return { path, origin: allow, credentials, methods: isSafelistedMethod(method) ? [] : [method], headers, preflight, maxAge: SUGGESTED_MAX_AGE };
}

function notesFor(v: Verdict, req: CorsRequirements | null): FixNoteRef[] {
  const notes: FixNoteRef[] = [];
  const add = (code: FixNote, params: Params = {}): void => {
    if (!notes.some((n) => n.code === code)) notes.push({ code, params });
  };
  const p = v.params;
  const url = req?.path ?? '/';
  const r = v.reason;
  const stage = REASONS[r].stage;
  // A server error comes first: no header can fix it.
  for (const w of v.warnings) {
    const status = Number(w.params['status'] ?? 0);
    // Each class of preflight error status has its own cause, so its own change. Classed by the
    // status itself: a verdict stored before the classes existed names them all preflight-error-status.
    const preflightClass = PREFLIGHT_STATUS_WARNINGS.has(w.code) ? preflightStatusWarning(status) : null;
    if (w.code === 'response-error-status' || preflightClass === 'preflight-server-error-status') add('fix-server-error', { status });
    if (preflightClass === 'preflight-auth-status') add('cors-before-auth');
    if (preflightClass === 'preflight-no-route-status') add('options-route', { url });
  }
  const hardening = v.warnings.some((w) => w.code === 'missing-vary-origin' || w.code === 'redirect-tainted-origin');
  if (r === 'ok' && !hardening) add('nothing-to-fix');
  if (stage === 'preflight' && SERVER_FIXABLE.has(r)) add('preflight-headers', { url });
  if ((stage === 'response' || stage === 'redirect') && SERVER_FIXABLE.has(r)) add('response-headers', { url });
  if (p['hop'] !== undefined && SERVER_FIXABLE.has(r)) add('redirect-hop-headers');
  if (r.endsWith('multiple-allow-origin-values')) add('one-origin');
  if (r.endsWith('allow-origin-mismatch') || r.endsWith('invalid-allow-origin-value') || r.endsWith('missing-allow-origin')) add('exact-origin', { origin: req?.origin ?? '?' });
  if (r.endsWith('wildcard-origin-with-credentials')) add('no-wildcard-with-credentials');
  if (r.endsWith('invalid-allow-credentials')) add('credentials-true');
  if (r === 'preflight-invalid-status') add('preflight-ok-status');
  if (r === 'preflight-redirect') add('preflight-no-redirect', { location: p['location'] ?? '?' });
  if (r === 'invalid-allow-methods' || r === 'invalid-allow-headers') add('list-syntax');
  if (r === 'method-not-allowed') add('allow-method', { method: p['method'] ?? '?' });
  if (r === 'header-not-allowed') add('allow-headers', { headers: req?.headers.join(', ') ?? String(p['header'] ?? '') });
  if (r === 'redirect-contains-credentials') add('remove-url-credentials');
  if (r === 'cors-disabled-scheme' || r === 'redirect-disallowed-scheme') add('use-http-scheme');
  if (r === 'too-many-redirects') add('too-many-redirects', { count: p['count'] ?? 0, max: p['max'] ?? 20 });
  if (r === 'network-error' || r === 'preflight-network-error') add('fix-network', { error: p['error'] ?? '?' });
  if (r === 'unexplained-block') add('unexplained');
  if (r === 'local-network-access') add('local-network-access');
  if (r === 'disallowed-by-mode') add('mode-same-origin');
  if (r === 'no-cors-redirect-mode') add('no-cors-follow');
  for (const w of v.warnings) {
    if (w.code === 'redirect-tainted-origin') add('avoid-cross-origin-redirect');
    if (w.code === 'missing-vary-origin') add('vary-origin');
  }
  if (v.credentials.basis === 'default' || v.credentials.basis === 'both-agree') add('credentials-unknown');
  if (req !== null && req.origin !== '*' && SERVER_FIXABLE.has(r)) add('allow-list-config', { origin: req.origin });
  return notes;
}
