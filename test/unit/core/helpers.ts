// Builders for concise, readable exchanges in the table-driven tests.
import assert from 'node:assert/strict';
import {
  evaluate,
  unsafeRequestHeaderNames,
  normalizeMethod,
  type CheckId,
  type CheckStatus,
  type DetailCode,
  type Exchange,
  type HeaderList,
  type Outcome,
  type ReasonCode,
  type RedirectHop,
  type RequestMode,
  type CredentialsMode,
  type ResourceType,
  type Verdict,
  type WarningCode,
  type HintCode,
  type ExchangeGaps,
} from '../../../src/core/index.ts';

export const PAGE = 'http://localhost:5173';
export const API = 'https://api.example.test/items';

/** Headers as a record (single values) or as ordered pairs (duplicates allowed). */
export type H = Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]>;

export function hl(h: H | undefined): HeaderList {
  if (h === undefined) return [];
  const pairs = Array.isArray(h) ? (h as ReadonlyArray<readonly [string, string]>) : Object.entries(h);
  return pairs.map(([name, value]) => ({ name, value }));
}

interface PreflightSpec {
  readonly status?: number;
  readonly headers?: H;
  /** Preflight request headers; default: Origin + ACRM + ACRH as the browser would send. */
  readonly req?: H;
  readonly error?: string;
}

/** Everything optional; defaults describe a cross-origin fetch() GET from PAGE to API. */
export interface Spec {
  readonly initiator?: string | null;
  readonly unknownInitiator?: boolean;
  readonly url?: string;
  readonly method?: string;
  readonly headers?: H;
  /** The request's own headers were not seen (never sent): `headers` then only shape its preflight. */
  readonly headersSeen?: false;
  readonly type?: ResourceType;
  readonly mode?: RequestMode;
  /**
   * Default 'unseen' when the outcome is observed (as webRequest shows a request); with no
   * observed outcome, 'same-origin' (fetch()'s default): an engine row then tests its rule,
   * not the conditional verdict of an unseen credentials mode (rows that want it say 'unseen').
   */
  readonly credentials?: CredentialsMode | 'unseen';
  readonly redirectMode?: 'follow' | 'error' | 'manual';
  readonly browser?: 'chromium' | 'firefox';
  readonly preflight?: PreflightSpec | 'cached' | 'unknown' | { readonly cachedFrom: PreflightSpec };
  readonly response?: { readonly status?: number; readonly headers?: H } | { readonly error: string } | 'not-sent';
  readonly redirects?: readonly RedirectHop[];
  /** 'success' | 'not-observed' | any other string = failure with that error. */
  readonly outcome?: string;
  /** What the capture missed (record gaps). */
  readonly capture?: ExchangeGaps;
}

function preflightObs(spec: Spec, p: PreflightSpec, origin: string) {
  const method = normalizeMethod(spec.method ?? 'GET');
  const acrh = unsafeRequestHeaderNames(hl(spec.headers)).join(',');
  const req: H = p.req ?? {
    Origin: origin,
    'Access-Control-Request-Method': method,
    ...(acrh === '' ? {} : { 'Access-Control-Request-Headers': acrh }),
  };
  return {
    requestHeaders: hl(req),
    result:
      p.error !== undefined
        ? { kind: 'network-error' as const, error: p.error }
        : { kind: 'response' as const, status: p.status ?? 204, headers: hl(p.headers) },
  };
}

/** Build an Exchange from a spec. */
export function ex(spec: Spec = {}): Exchange {
  const initiator = spec.unknownInitiator === true ? undefined : spec.initiator === undefined ? PAGE : spec.initiator;
  const origin = initiator === null ? 'null' : (initiator ?? PAGE);
  const p = spec.preflight;
  const preflight: Exchange['preflight'] =
    p === undefined
      ? { kind: 'none' }
      : p === 'cached'
        ? { kind: 'cached' }
        : p === 'unknown'
          ? { kind: 'unknown' }
          : 'cachedFrom' in p
            ? { kind: 'cached', earlier: preflightObs(spec, p.cachedFrom, origin) }
            : { kind: 'observed', ...preflightObs(spec, p, origin) };
  const r = spec.response;
  const response: Exchange['response'] =
    r === 'not-sent'
      ? { kind: 'not-sent' }
      : r !== undefined && 'error' in r
        ? { kind: 'network-error', error: r.error }
        : { kind: 'response', status: r?.status ?? 200, headers: hl(r?.headers) };
  const o = spec.outcome ?? 'not-observed';
  const outcome: Exchange['outcome'] = o === 'success' ? { kind: 'success' } : o === 'not-observed' ? { kind: 'not-observed' } : { kind: 'failure', error: o };
  return {
    initiator,
    url: spec.url ?? API,
    request: {
      method: spec.method ?? 'GET',
      headers: spec.headersSeen === false ? [] : hl(spec.headers),
      ...(spec.headersSeen === false ? { headersSeen: false } : {}),
      resourceType: spec.type ?? 'xmlhttprequest',
      ...(spec.mode === undefined ? {} : { mode: spec.mode }),
      ...credentialsOf(spec, outcome),
      ...(spec.redirectMode === undefined ? {} : { redirectMode: spec.redirectMode }),
    },
    preflight,
    redirects: spec.redirects ?? [],
    response,
    outcome,
    ...(spec.browser === undefined ? {} : { browser: spec.browser }),
    ...(spec.capture === undefined ? {} : { capture: spec.capture }),
  };
}

function credentialsOf(spec: Spec, outcome: Exchange['outcome']): { credentials?: CredentialsMode } {
  const c = spec.credentials ?? (outcome.kind === 'not-observed' ? 'same-origin' : 'unseen');
  return c === 'unseen' ? {} : { credentials: c };
}

/** A GET from PAGE to `url` that the browser blocked: the answer (200) has no CORS header at all. */
export function blockedGet(url: string): Exchange {
  return ex({ url, headers: { Origin: PAGE }, response: { status: 200 }, outcome: 'net::ERR_FAILED', browser: 'chromium' });
}

/** A redirect hop. */
export function hop(url: string, location: string, headers?: H, status = 302): RedirectHop {
  return { url, status, headers: hl(headers), location };
}

/** The key check a case pins. */
interface KeyCheck {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly detail?: DetailCode;
  readonly expected?: string;
  readonly actual?: string | null;
  readonly hop?: number;
  readonly header?: string;
}

/** One table row. */
export interface Case {
  readonly name: string;
  readonly ex: Exchange;
  readonly outcome: Outcome;
  readonly reason: ReasonCode;
  readonly check?: KeyCheck;
  readonly warnings?: readonly WarningCode[];
  readonly noWarnings?: readonly WarningCode[];
  readonly hints?: readonly HintCode[];
  readonly firefoxReason?: string;
  readonly firefoxAlternatives?: readonly string[];
  readonly credentials?: CredentialsMode;
}

/** Find the check matching the key (id, and detail/hop/header when given). */
function findCheck(v: Verdict, k: KeyCheck) {
  return v.checks.find(
    (c) =>
      c.id === k.id &&
      (k.detail === undefined || c.detail === k.detail) &&
      (k.hop === undefined || c.hop === k.hop) &&
      (k.header === undefined || c.header === k.header || c.params?.['header'] === k.header),
  );
}

/** The check that carries each reason, used when a row does not name its key check. */
const KEY_CHECK: Record<ReasonCode, { readonly ids: readonly CheckId[]; readonly status: CheckStatus }> = {
  'same-origin': { ids: ['cross-origin'], status: 'pass' },
  'no-cors': { ids: ['mode'], status: 'pass' },
  navigation: { ids: ['mode'], status: 'pass' },
  'not-cors-resource': { ids: ['mode', 'url'], status: 'pass' },
  ok: { ids: ['allow-origin'], status: 'pass' },
  'unexpected-success': { ids: ['outcome'], status: 'warn' },
  'disallowed-by-mode': { ids: ['mode'], status: 'fail' },
  'cors-disabled-scheme': { ids: ['url'], status: 'fail' },
  'no-cors-redirect-mode': { ids: ['mode'], status: 'fail' },
  'preflight-redirect': { ids: ['preflight-redirect'], status: 'fail' },
  'preflight-wildcard-origin-with-credentials': { ids: ['preflight-allow-origin'], status: 'fail' },
  'preflight-missing-allow-origin': { ids: ['preflight-allow-origin'], status: 'fail' },
  'preflight-multiple-allow-origin-values': { ids: ['preflight-allow-origin'], status: 'fail' },
  'preflight-invalid-allow-origin-value': { ids: ['preflight-allow-origin'], status: 'fail' },
  'preflight-allow-origin-mismatch': { ids: ['preflight-allow-origin'], status: 'fail' },
  'preflight-invalid-allow-credentials': { ids: ['preflight-allow-credentials'], status: 'fail' },
  'preflight-invalid-status': { ids: ['preflight-status'], status: 'fail' },
  'invalid-allow-methods': { ids: ['preflight-allow-methods'], status: 'fail' },
  'invalid-allow-headers': { ids: ['preflight-allow-headers'], status: 'fail' },
  'method-not-allowed': { ids: ['preflight-method'], status: 'fail' },
  'header-not-allowed': { ids: ['preflight-header'], status: 'fail' },
  'wildcard-origin-with-credentials': { ids: ['allow-origin', 'redirect-allow-origin'], status: 'fail' },
  'missing-allow-origin': { ids: ['allow-origin', 'redirect-allow-origin'], status: 'fail' },
  'multiple-allow-origin-values': { ids: ['allow-origin', 'redirect-allow-origin'], status: 'fail' },
  'invalid-allow-origin-value': { ids: ['allow-origin', 'redirect-allow-origin'], status: 'fail' },
  'allow-origin-mismatch': { ids: ['allow-origin', 'redirect-allow-origin'], status: 'fail' },
  'invalid-allow-credentials': { ids: ['allow-credentials', 'redirect-allow-credentials'], status: 'fail' },
  'redirect-contains-credentials': { ids: ['redirect-location'], status: 'fail' },
  'redirect-disallowed-scheme': { ids: ['redirect-location'], status: 'fail' },
  'too-many-redirects': { ids: ['redirect-count'], status: 'fail' },
  'redirect-mode-error': { ids: ['redirect-location'], status: 'fail' },
  'depends-on-credentials': { ids: ['allow-origin'], status: 'pass' },
  'local-network-access': { ids: ['outcome'], status: 'fail' },
  'unexplained-block': { ids: ['outcome'], status: 'fail' },
  'preflight-network-error': { ids: ['preflight-network'], status: 'fail' },
  'network-error': { ids: ['response', 'redirect-location', 'outcome'], status: 'fail' },
  incomplete: { ids: ['response', 'url', 'preflight-network'], status: 'skipped' },
  'unknown-initiator': { ids: ['initiator'], status: 'skipped' },
  'preflight-not-observed': { ids: ['preflight-seen'], status: 'skipped' },
  cancelled: { ids: ['outcome'], status: 'skipped' },
  'header-too-long': {
    ids: [
      'preflight-request-headers',
      'preflight-allow-origin',
      'preflight-allow-credentials',
      'preflight-allow-methods',
      'preflight-allow-headers',
      'redirect-allow-origin',
      'redirect-allow-credentials',
      'allow-origin',
      'allow-credentials',
    ],
    status: 'skipped',
  },
};

/** Assert a verdict against a case row. */
export function assertCase(c: Case): Verdict {
  const v = evaluate(c.ex);
  assert.equal(v.reason, c.reason, `reason (checks: ${JSON.stringify(v.checks.filter((x) => x.status !== 'pass'))})`);
  assert.equal(v.outcome, c.outcome, 'outcome');
  // The deciding check: for a failure it is the one `failedCheck` points at.
  const key = KEY_CHECK[c.reason];
  if (v.failedCheck >= 0) {
    const decisive = v.checks[v.failedCheck];
    assert.ok(decisive !== undefined && key.ids.includes(decisive.id), `decisive check ${decisive?.id} for ${c.reason}`);
  } else {
    assert.ok(
      v.checks.some((x) => key.ids.includes(x.id) && x.status === key.status),
      `key check ${key.ids.join('|')}/${key.status} for ${c.reason}`,
    );
  }
  if (c.check !== undefined) {
    const found = findCheck(v, c.check);
    assert.ok(found, `check ${c.check.id}/${c.check.detail ?? '*'} present in ${JSON.stringify(v.checks.map((x) => `${x.id}/${x.detail}`))}`);
    assert.equal(found.status, c.check.status, `status of ${c.check.id}`);
    if (c.check.expected !== undefined) assert.equal(found.expected, c.check.expected, 'expected');
    if (c.check.actual !== undefined) assert.equal(found.actual, c.check.actual, 'actual');
  }
  for (const w of c.warnings ?? [])
    assert.ok(
      v.warnings.some((x) => x.code === w),
      `warning ${w} in ${JSON.stringify(v.warnings)}`,
    );
  for (const w of c.noWarnings ?? []) assert.ok(!v.warnings.some((x) => x.code === w), `no warning ${w}`);
  for (const h of c.hints ?? []) assert.ok(v.hints.includes(h), `hint ${h}`);
  assert.equal(v.firefoxReason, c.firefoxReason, 'firefoxReason');
  assert.deepEqual(v.firefoxAlternatives, c.firefoxAlternatives, 'firefoxAlternatives');
  if (c.credentials !== undefined) assert.equal(v.credentials.mode, c.credentials, 'credentials assumption');
  return v;
}
