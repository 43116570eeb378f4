// Values the capture cut at their bound (docs/lifecycle.md rule 9, HeaderEntry.truncated): a rule
// that depends on one is "unknown: header too long", never judged on part of the value; a
// failure the browser checks before it still stands, and a cut value no rule reads changes nothing.
import { MAX_DECIDING_VALUE, type Exchange, type HeaderList } from '../../../../src/core/exchange.ts';
import { ex, hop, PAGE, API, type Case } from '../helpers.ts';

const A = 'Access-Control-Allow-Origin';
const ACAH = 'Access-Control-Allow-Headers';
const ACAM = 'Access-Control-Allow-Methods';

/** `n` distinct header names, comma-separated (`x-h0, x-h1, …`). */
export function names(n: number, prefix = 'x-h'): string {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(', ');
}

/** A list as the capture keeps it when `name` was longer than its bound: cut and marked. */
function cut(list: HeaderList, name: string): HeaderList {
  return list.map((h) =>
    h.name.toLowerCase() === name.toLowerCase() ? { name: h.name, value: h.value.slice(0, MAX_DECIDING_VALUE), truncated: true as const } : h,
  );
}

/** The exchange with `name` cut in the preflight response. */
function cutPreflight(e: Exchange, name: string): Exchange {
  if (e.preflight.kind !== 'observed' || e.preflight.result.kind !== 'response') throw new Error('needs an observed preflight response');
  return { ...e, preflight: { ...e.preflight, result: { ...e.preflight.result, headers: cut(e.preflight.result.headers, name) } } };
}

/** The exchange with `name` cut in the earlier preflight that filled the preflight cache. */
function cutCachedEarlier(e: Exchange, name: string): Exchange {
  const earlier = e.preflight.kind === 'cached' ? e.preflight.earlier : undefined;
  if (earlier === undefined || earlier.result.kind !== 'response') throw new Error('needs a cached preflight with its earlier response');
  return { ...e, preflight: { kind: 'cached', earlier: { ...earlier, result: { ...earlier.result, headers: cut(earlier.result.headers, name) } } } };
}

/** The exchange with `name` cut in the preflight's own request headers. */
function cutPreflightRequest(e: Exchange, name: string): Exchange {
  if (e.preflight.kind !== 'observed') throw new Error('needs an observed preflight');
  return { ...e, preflight: { ...e.preflight, requestHeaders: cut(e.preflight.requestHeaders, name) } };
}

/** The exchange with `name` cut in the final response. */
function cutResponse(e: Exchange, name: string): Exchange {
  if (e.response.kind !== 'response') throw new Error('needs a response');
  return { ...e, response: { ...e.response, headers: cut(e.response.headers, name) } };
}

// The 300-name list of the issue: `x-needed` sits well past char 2,048 (and under 32 KiB).
const long300 = `${names(299)}, x-needed`;
// Over 32 KiB: `x-needed` is in the part the capture drops.
const huge = `${names(4000)}, x-needed`;
const put = { method: 'PUT', credentials: 'omit', headers: { 'X-Needed': '1' } } as const;
const okResponse = { headers: { [A]: PAGE, Vary: 'Origin' } };
const preflight = (extra: Record<string, string>) => ({ status: 204, headers: { [A]: PAGE, [ACAM]: 'PUT', [ACAH]: 'x-needed', ...extra } });

/**
 * A PUT never sent: its preflight's Access-Control-Request-Headers (`first`, then 5,000 more
 * names) was cut by the capture, and the preflight answered Access-Control-Allow-Headers `allow`.
 */
const unsentWithCutRequestHeaders = (first: string, allow: string): Exchange =>
  cutPreflightRequest(
    ex({
      ...put,
      preflight: {
        ...preflight({ [ACAH]: allow }),
        req: { Origin: PAGE, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': `${first},${names(5000, 'z')}` },
      },
      response: 'not-sent',
      outcome: 'net::ERR_FAILED',
    }),
    'Access-Control-Request-Headers',
  );

export const truncationCases: Case[] = [
  {
    name: 'a 300-name Access-Control-Allow-Headers kept whole allows a name past char 2,048',
    ex: ex({ ...put, preflight: preflight({ [ACAH]: long300 }), response: okResponse, outcome: 'success' }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'preflight-header', status: 'pass', detail: 'header-listed', header: 'x-needed' },
  },
  {
    name: 'an Access-Control-Allow-Headers cut at 32 KiB cannot be judged: unknown, not "header not allowed"',
    ex: cutPreflight(ex({ ...put, preflight: preflight({ [ACAH]: huge }), response: 'not-sent', outcome: 'net::ERR_FAILED' }), ACAH),
    outcome: 'unknown',
    reason: 'header-too-long',
    check: { id: 'preflight-allow-headers', status: 'skipped', detail: 'value-truncated', header: ACAH },
  },
  {
    name: 'a cut list is unknown even when the kept part names the header (the rest may not parse)',
    ex: cutPreflight(ex({ ...put, preflight: preflight({ [ACAH]: `x-needed, ${names(4000)}` }), response: okResponse, outcome: 'success' }), ACAH),
    outcome: 'unknown',
    reason: 'header-too-long',
    check: { id: 'outcome', status: 'skipped', detail: 'outcome-rules-undecided', actual: 'success' },
  },
  {
    name: 'a cut Access-Control-Allow-Methods: unknown, and the method rule is not judged',
    ex: cutPreflight(ex({ ...put, preflight: preflight({ [ACAM]: `${names(5000, 'M')}, PUT` }), response: 'not-sent', outcome: 'net::ERR_FAILED' }), ACAM),
    outcome: 'unknown',
    reason: 'header-too-long',
    check: { id: 'preflight-method', status: 'skipped', detail: 'skipped-undecided' },
  },
  {
    name: 'a cut preflight Access-Control-Allow-Origin: unknown, and Access-Control-Allow-Credentials is not judged',
    ex: cutPreflight(
      ex({
        ...put,
        credentials: 'include',
        preflight: preflight({ [A]: 'h'.repeat(MAX_DECIDING_VALUE + 10) }),
        response: 'not-sent',
        outcome: 'net::ERR_FAILED',
      }),
      A,
    ),
    outcome: 'unknown',
    reason: 'header-too-long',
    check: { id: 'preflight-allow-credentials', status: 'skipped', detail: 'skipped-undecided' },
  },
  {
    name: 'a failure the browser checks before the cut value stands (ACAO missing, then a cut Allow-Headers)',
    ex: cutPreflight(
      ex({ ...put, preflight: { status: 204, headers: { [ACAM]: 'PUT', [ACAH]: huge } }, response: 'not-sent', outcome: 'net::ERR_FAILED' }),
      ACAH,
    ),
    outcome: 'blocked',
    reason: 'preflight-missing-allow-origin',
    check: { id: 'preflight-allow-headers', status: 'skipped', detail: 'value-truncated' },
  },
  {
    name: 'the cut value decides before a later failure (cut Allow-Methods, then a header not listed): unknown',
    ex: cutPreflight(
      ex({ ...put, preflight: preflight({ [ACAM]: `${names(5000, 'M')}, PUT`, [ACAH]: 'x-other' }), response: 'not-sent', outcome: 'net::ERR_FAILED' }),
      ACAM,
    ),
    outcome: 'unknown',
    reason: 'header-too-long',
    check: { id: 'preflight-allow-methods', status: 'skipped', detail: 'value-truncated' },
  },
  {
    name: 'a cut Access-Control-Allow-Origin on the response: unknown',
    ex: cutResponse(ex({ credentials: 'omit', response: { headers: { [A]: `${PAGE}${'/x'.repeat(MAX_DECIDING_VALUE)}` } }, outcome: 'net::ERR_FAILED' }), A),
    outcome: 'unknown',
    reason: 'header-too-long',
    check: { id: 'expose-headers', status: 'skipped', detail: 'skipped-undecided' },
    noWarnings: ['response-error-status'],
  },
  {
    name: 'a cut Access-Control-Allow-Credentials on a credentialed response: unknown',
    ex: cutResponse(
      ex({
        credentials: 'include',
        response: { headers: { [A]: PAGE, 'Access-Control-Allow-Credentials': 't'.repeat(MAX_DECIDING_VALUE + 1), Vary: 'Origin' } },
      }),
      'Access-Control-Allow-Credentials',
    ),
    outcome: 'unknown',
    reason: 'header-too-long',
    check: { id: 'allow-credentials', status: 'skipped', detail: 'value-truncated', header: 'Access-Control-Allow-Credentials' },
  },
  {
    name: 'a cut Access-Control-Allow-Credentials does not matter when no credentials are sent',
    ex: cutResponse(
      ex({
        credentials: 'omit',
        response: { headers: { [A]: PAGE, 'Access-Control-Allow-Credentials': 't'.repeat(MAX_DECIDING_VALUE + 1), Vary: 'Origin' } },
        outcome: 'success',
      }),
      'Access-Control-Allow-Credentials',
    ),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'allow-credentials', status: 'skipped', detail: 'acac-not-needed' },
  },
  {
    name: 'a cut Access-Control-Allow-Origin on a redirect hop: unknown, at that hop',
    ex: ex({
      credentials: 'omit',
      redirects: [{ ...hop(API, 'https://cdn.example.test/x'), headers: [{ name: A, value: 'h'.repeat(MAX_DECIDING_VALUE), truncated: true }] }],
      response: { headers: { [A]: '*' } },
      outcome: 'net::ERR_FAILED',
    }),
    outcome: 'unknown',
    reason: 'header-too-long',
    check: { id: 'redirect-allow-origin', status: 'skipped', detail: 'value-truncated', hop: 0 },
  },
  {
    name: "a cut Access-Control-Request-Headers is replaced by the request's own headers when they were seen",
    ex: cutPreflightRequest(
      ex({
        ...put,
        preflight: {
          ...preflight({}),
          req: { Origin: PAGE, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': `x-needed,${'y'.repeat(MAX_DECIDING_VALUE)}` },
        },
        response: okResponse,
        outcome: 'success',
      }),
      'Access-Control-Request-Headers',
    ),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'preflight-request-headers', status: 'skipped', detail: 'value-truncated' },
  },
  {
    name: 'a cut Access-Control-Request-Headers of a request never sent: the lost names are unknown',
    ex: unseen(unsentWithCutRequestHeaders('x-needed', '*')),
    outcome: 'unknown',
    reason: 'header-too-long',
    check: { id: 'preflight-request-headers', status: 'skipped', detail: 'value-truncated' },
  },
  {
    name: "a kept name that is not allowed is a fact, even when the browser's list was cut",
    ex: unseen(unsentWithCutRequestHeaders('a-forbidden', 'x-needed')),
    outcome: 'blocked',
    reason: 'header-not-allowed',
    check: { id: 'preflight-header', status: 'fail', detail: 'header-not-listed', header: 'a-forbidden' },
  },
  {
    name: 'a cut Vary may name Origin in the lost part: no missing-Vary warning',
    ex: cutResponse(ex({ credentials: 'omit', response: { headers: { [A]: PAGE, Vary: `${names(5000, 'v')}, Origin` } }, outcome: 'success' }), 'Vary'),
    outcome: 'allowed',
    reason: 'ok',
    noWarnings: ['missing-vary-origin'],
  },
  {
    name: 'a cut Access-Control-Expose-Headers: which names are hidden is unknown',
    ex: cutResponse(
      ex({
        credentials: 'omit',
        response: { headers: { [A]: '*', 'X-Total': '3', 'Access-Control-Expose-Headers': `${names(5000, 'e')}, x-total` } },
        outcome: 'success',
      }),
      'Access-Control-Expose-Headers',
    ),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'expose-headers', status: 'pass', detail: 'expose-truncated' },
  },
  {
    name: 'a cut value in the earlier preflight that filled the cache decides nothing; a cut ACAO on the response does',
    ex: cutResponse(
      cutCachedEarlier(
        ex({
          ...put,
          preflight: { cachedFrom: preflight({ [ACAH]: huge }) },
          response: { headers: { [A]: `${PAGE}${'/x'.repeat(MAX_DECIDING_VALUE)}` } },
          outcome: 'net::ERR_FAILED',
        }),
        ACAH,
      ),
      A,
    ),
    outcome: 'unknown',
    reason: 'header-too-long',
    check: { id: 'preflight-allow-headers', status: 'warn', detail: 'value-truncated' },
  },
  {
    name: 'a cut Origin request header names no origin: with no initiator reported, the initiator is unknown',
    ex: {
      ...ex({ unknownInitiator: true, response: okResponse }),
      request: {
        method: 'GET',
        headers: [{ name: 'Origin', value: `https://${'a'.repeat(MAX_DECIDING_VALUE)}`, truncated: true }],
        resourceType: 'xmlhttprequest',
      },
    },
    outcome: 'unknown',
    reason: 'unknown-initiator',
  },
];

/** The same exchange as captured when the request was never sent: no request headers seen. */
function unseen(e: Exchange): Exchange {
  return { ...e, request: { ...e.request, headers: [], headersSeen: false } };
}
