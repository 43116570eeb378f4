// suggestFix: the smallest safe server change for a verdict. Computed on demand (never in the
// hot path). Safe means: the exact initiator origin (never a reflected Origin), never `*` with
// credentials, and only the methods and headers this request actually needs. Smallest means:
// what already passes is kept as the server sends it, and what is only recommended is said so.
import type { Exchange, HeaderEntry } from './exchange.ts';
import { getHeader, lowerCommaItems, lowerName } from './headers.ts';
import { parseTokenList } from './list-parse.ts';
import { normalizeOrigin } from './origin.ts';
import { REASONS, type ReasonCode } from './reasons.ts';
import { isSafelistedMethod, normalizeMethod, unsafeRequestHeaderNames } from './safelist.ts';
import { snippets, type CorsCause, type CorsRequirements, type Snippets } from './fix-snippets.ts';
import type { FixNote } from './messages/catalogue.ts';
import { MAX_AGE_CAPS, preflightStatusWarning } from './preflight.ts';
import type { Check, CheckId, Params, Verdict, WarningCode } from './verdict.ts';

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
  /** What the snippets were made from: every stack's snippet is stackSnippets(requirements). */
  readonly requirements: CorsRequirements | null;
}

/** Preflight cache lifetime suggested: under both browsers' caps (Chromium 7200 s). */
const SUGGESTED_MAX_AGE = 600;

const SERVER_FIXABLE: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'preflight-redirect',
  'preflight-wildcard-origin-with-credentials',
  'preflight-missing-allow-origin',
  'preflight-multiple-allow-origin-values',
  'preflight-invalid-allow-origin-value',
  'preflight-allow-origin-mismatch',
  'preflight-invalid-allow-credentials',
  'preflight-invalid-status',
  'invalid-allow-methods',
  'invalid-allow-headers',
  'method-not-allowed',
  'header-not-allowed',
  'wildcard-origin-with-credentials',
  'missing-allow-origin',
  'multiple-allow-origin-values',
  'invalid-allow-origin-value',
  'allow-origin-mismatch',
  'invalid-allow-credentials',
  'unexpected-success',
]);

const PREFLIGHT_STATUS_WARNINGS: ReadonlySet<WarningCode> = new Set<WarningCode>([
  'preflight-error-status',
  'preflight-auth-status',
  'preflight-no-route-status',
  'preflight-server-error-status',
]);

/** The server change (headers, notes, config snippets) for a verdict of this exchange. */
export function suggestFix(verdict: Verdict, ex: Exchange): Fix {
  if (verdict.outcome === 'not-cors') {
    return { needed: false, preflightHeaders: [], responseHeaders: [], notes: [{ code: 'not-cors', params: {} }], snippets: null, requirements: null };
  }
  const plan = requirements(verdict, ex);
  const req = plan?.req ?? null;
  const notes = notesFor(verdict, plan);
  const needed = SERVER_FIXABLE.has(verdict.reason) || verdict.warnings.some((w) => w.code === 'missing-vary-origin' || w.code === 'unexposed-header-read');
  if (req === null) return { needed: false, preflightHeaders: [], responseHeaders: [], notes, snippets: null, requirements: null };
  const pairs = (preflight: boolean): HeaderEntry[] => {
    const out: HeaderEntry[] = [{ name: 'Access-Control-Allow-Origin', value: req.origin }];
    if (req.credentials) out.push({ name: 'Access-Control-Allow-Credentials', value: 'true' });
    if (preflight && req.methods.length > 0) out.push({ name: 'Access-Control-Allow-Methods', value: req.methods.join(', ') });
    if (preflight && req.headers.length > 0) out.push({ name: 'Access-Control-Allow-Headers', value: req.headers.join(', ') });
    if (preflight) out.push({ name: 'Access-Control-Max-Age', value: String(req.maxAge) });
    if (req.origin !== '*') out.push({ name: 'Vary', value: 'Origin' });
    // A header the page could not read: the response must expose it (with what it exposes already).
    if (!preflight && unexposedReads(verdict).length > 0) out.push({ name: 'Access-Control-Expose-Headers', value: (req.expose ?? []).join(', ') });
    return out;
  };
  return {
    needed,
    preflightHeaders: req.preflight ? pairs(true) : [],
    responseHeaders: pairs(false),
    notes,
    snippets: snippets(req),
    requirements: req,
  };
}

/** The failures a snippet fixes by where it puts CORS (auth first, no OPTIONS route, errors, a second origin). */
function causesOf(v: Verdict): CorsCause[] {
  const out = new Set<CorsCause>();
  for (const w of v.warnings) {
    const preflight = PREFLIGHT_STATUS_WARNINGS.has(w.code) ? preflightStatusWarning(Number(w.params['status'] ?? 0)) : null;
    if (preflight === 'preflight-auth-status') out.add('preflight-auth');
    if (preflight === 'preflight-no-route-status') out.add('preflight-no-route');
    if (preflight === 'preflight-server-error-status' || w.code === 'response-error-status') out.add('error-status');
  }
  if (v.reason.endsWith('multiple-allow-origin-values')) out.add('duplicate-origin');
  return [...out];
}

/**
 * Access-Control-Expose-Headers as the server sends it (kept: a replacement config must not drop
 * it; `*` means a name with credentials), and the names the page asked for and could not read.
 */
function exposedBy(ex: Exchange, credentials: boolean, unread: readonly string[]): string[] {
  const raw = ex.response.kind === 'response' ? getHeader(ex.response.headers, 'access-control-expose-headers') : null;
  const parsed = raw === null ? null : parseTokenList(raw);
  const sent = parsed?.ok ? parsed.items.filter((h) => h !== '*' || !credentials) : [];
  const lower = sent.map(lowerName);
  return [...sent, ...unread.filter((h) => !lower.includes(h))];
}

/** The header names the page asked for and the response hid from it (the `unexposed-header-read` warning). */
function unexposedReads(v: Verdict): string[] {
  const w = v.warnings.find((x) => x.code === 'unexposed-header-read');
  const names = w?.params['headers'];
  return typeof names === 'string'
    ? names
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h !== '')
    : [];
}

/** What the server already sends that passes, read from the verdict's checks (not a redirect hop's). */
interface Working {
  /** Access-Control-Allow-Origin as sent, when a check passed with it and none failed. */
  readonly origin: string | null;
  /** The items of Access-Control-Allow-Methods / -Headers as sent, when the list parsed (absent: empty). */
  readonly methods: readonly string[] | null;
  readonly headers: readonly string[] | null;
  readonly methodPassed: boolean;
  readonly headersPassed: boolean;
  /** A valid Access-Control-Max-Age under both browsers' caps. */
  readonly maxAge: number | null;
  /** Access-Control-Allow-Credentials: true on every response captured (preflight and actual). */
  readonly allowsCredentials: boolean;
  /** A captured response already carries Vary: Origin (or *). */
  readonly varies: boolean;
}

function items(c: Check | undefined): string[] | null {
  if (c === undefined || c.status !== 'pass') return null;
  if (c.detail === 'list-absent') return [];
  const parsed = c.detail === 'list-parsed' && typeof c.actual === 'string' ? parseTokenList(c.actual) : null;
  return parsed?.ok ? parsed.items.slice() : null;
}

function working(v: Verdict, ex: Exchange): Working {
  const top = v.checks.filter((c) => c.hop === undefined);
  const find = (id: CheckId): Check | undefined => top.find((c) => c.id === id);
  const origins = top.filter((c) => c.id === 'preflight-allow-origin' || c.id === 'allow-origin');
  const passed = origins.filter((c) => c.status === 'pass' && typeof c.actual === 'string');
  const first = passed[0]?.actual;
  const origin =
    typeof first === 'string' && origins.every((c) => c.status === 'pass' || c.status === 'skipped') && passed.every((c) => c.actual === first) ? first : null;
  const age = find('preflight-max-age');
  const seconds =
    (age?.detail === 'max-age-ok' || age?.detail === 'max-age-not-cached') && typeof age.actual === 'string' && /^[0-9]{1,12}$/.test(age.actual)
      ? Number(age.actual)
      : null;
  const responses = [ex.preflight.kind === 'observed' ? ex.preflight.result : null, ex.response].flatMap((r) =>
    r !== null && r.kind === 'response' ? [r.headers] : [],
  );
  const headerChecks = top.filter((c) => c.id === 'preflight-header');
  return {
    origin,
    methods: items(find('preflight-allow-methods')),
    headers: items(find('preflight-allow-headers')),
    methodPassed: find('preflight-method')?.status === 'pass',
    headersPassed: headerChecks.length > 0 && headerChecks.every((c) => c.status === 'pass' || c.status === 'warn'),
    maxAge: seconds !== null && seconds > 0 && seconds <= Math.min(MAX_AGE_CAPS.chromium, MAX_AGE_CAPS.firefox) ? seconds : null,
    allowsCredentials: responses.length > 0 && responses.every((h) => getHeader(h, 'access-control-allow-credentials') === 'true'),
    varies: responses.some((h) => lowerCommaItems(getHeader(h, 'vary')).some((x) => x === 'origin' || x === '*')),
  };
}

/** The requirements, and which of the headers they name are kept as sent or only recommended. */
interface Plan {
  readonly req: CorsRequirements;
  readonly working: Working;
  /** Header names the server already sends right (keep them). */
  readonly kept: readonly string[];
  /** Header names suggested although their absence is not what failed. */
  readonly recommended: readonly string[];
}

/** What this request needs from the server; null when the origin itself is unknown. */
function requirements(verdict: Verdict, ex: Exchange): Plan | null {
  // The origin the engine evaluated (the Origin header when it overrode the reported initiator).
  const evaluated = verdict.checks.find((c) => c.id === 'initiator' && c.status !== 'skipped')?.actual;
  const origin =
    typeof evaluated === 'string'
      ? normalizeOrigin(evaluated)
      : ex.initiator === null
        ? 'null'
        : ex.initiator === undefined
          ? null
          : normalizeOrigin(ex.initiator);
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
  const w = working(verdict, ex);
  // Keep a `*` that works (no credentials); else the exact origin. An opaque origin can only be
  // matched by `null` or `*`; `*` is the safer one without credentials.
  const allow = (w.origin === '*' || origin === 'null') && !credentials ? '*' : origin;
  // Fetch #cors-preflight-fetch: methods match case-sensitively, header names case-insensitively;
  // `*` covers either only without credentials. The server's own list is kept, what is missing added.
  // A method sent in lower case (`patch`) is most likely a page bug: the list is for `PATCH`.
  const wanted = method === method.toUpperCase() ? method : method.toUpperCase();
  const methods = (w.methods ?? []).slice();
  if (!isSafelistedMethod(method) && !methods.includes(wanted) && !(methods.includes('*') && !credentials)) methods.push(wanted);
  const allowed = (w.headers ?? []).slice();
  const lower = allowed.map(lowerName);
  for (const h of headers) if (!lower.includes(h) && !(lower.includes('*') && !credentials)) allowed.push(h);
  const req: CorsRequirements = {
    path,
    origin: allow,
    credentials,
    methods,
    headers: allowed,
    preflight,
    maxAge: w.maxAge ?? SUGGESTED_MAX_AGE,
    expose: exposedBy(ex, credentials, unexposedReads(verdict)),
    causes: causesOf(verdict),
  };
  const kept: string[] = [];
  if (w.origin !== null && w.origin === allow) kept.push('Access-Control-Allow-Origin');
  if (credentials && w.allowsCredentials) kept.push('Access-Control-Allow-Credentials');
  if (preflight && w.methodPassed && w.methods !== null && w.methods.length > 0 && methods.length === w.methods.length)
    kept.push('Access-Control-Allow-Methods');
  if (preflight && w.headersPassed && w.headers !== null && allowed.length === w.headers.length) kept.push('Access-Control-Allow-Headers');
  if (preflight && w.maxAge !== null) kept.push('Access-Control-Max-Age');
  const recommended: string[] = [];
  if (preflight && w.maxAge === null) recommended.push('Access-Control-Max-Age');
  if (allow !== '*' && !w.varies) recommended.push('Vary');
  return { req, working: w, kept, recommended };
}

function notesFor(v: Verdict, plan: Plan | null): FixNoteRef[] {
  const req = plan?.req ?? null;
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
  // A method sent in lower case is refused by a list naming it in upper case: the page is to blame.
  const method = typeof p['method'] === 'string' ? p['method'] : '';
  const upper = method.toUpperCase();
  if (r === 'method-not-allowed' && method !== upper) add('client-method-case', { method, upper });
  const hardening = v.warnings.some((w) => w.code === 'missing-vary-origin' || w.code === 'redirect-tainted-origin' || w.code === 'unexposed-header-read');
  if (r === 'ok' && !hardening) add('nothing-to-fix');
  if (stage === 'preflight' && SERVER_FIXABLE.has(r)) add('preflight-headers', { url });
  if ((stage === 'response' || stage === 'redirect') && SERVER_FIXABLE.has(r)) add('response-headers', { url });
  if (p['hop'] !== undefined && SERVER_FIXABLE.has(r)) add('redirect-hop-headers');
  if (r.endsWith('multiple-allow-origin-values')) add('one-origin');
  if (r.endsWith('allow-origin-mismatch') || r.endsWith('invalid-allow-origin-value') || r.endsWith('missing-allow-origin'))
    add('exact-origin', { origin: req?.origin ?? '?' });
  if (r.endsWith('wildcard-origin-with-credentials')) add('no-wildcard-with-credentials');
  if (r.endsWith('invalid-allow-credentials')) add('credentials-true');
  if (r === 'preflight-invalid-status') add('preflight-ok-status');
  if (r === 'preflight-redirect') add('preflight-no-redirect', { location: p['location'] ?? '?' });
  if (r === 'invalid-allow-methods' || r === 'invalid-allow-headers') add('list-syntax');
  if (r === 'method-not-allowed' && !(plan?.working.methods ?? []).includes(upper)) add('allow-method', { method: upper === method ? method : upper });
  if (r === 'header-not-allowed') {
    // Only the names refused (the request's other names already pass).
    const refused = v.checks.filter((c) => c.id === 'preflight-header' && c.status === 'fail' && c.hop === undefined).map((c) => c.header ?? '');
    add('allow-headers', { headers: refused.length > 0 ? refused.join(', ') : String(p['headers'] ?? p['header'] ?? '') });
  }
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
    if (w.code === 'unexposed-header-read') add('expose-headers', { headers: w.params['headers'] ?? '' });
  }
  if (plan !== null && SERVER_FIXABLE.has(r)) {
    if (plan.kept.length > 0) add('keep-working', { headers: plan.kept.join(', ') });
    if (plan.recommended.length > 0) add('recommended-only', { headers: plan.recommended.join(', ') });
  }
  // Only when the credentials mode is unknown, a header change is suggested, and the server does
  // not already allow credentials for an exact origin.
  const unknown = v.credentials.basis === 'default' || v.credentials.basis === 'both-agree';
  const answered = plan?.working.allowsCredentials && plan.working.origin !== null && plan.working.origin !== '*';
  if (unknown && req !== null && SERVER_FIXABLE.has(r) && !answered) add('credentials-unknown');
  if (req !== null && req.origin !== '*' && SERVER_FIXABLE.has(r)) add('allow-list-config', { origin: req.origin });
  return notes;
}
