// Fetch #cors-check (ACAO, then ACAC), in Chromium's order (cors.cc CheckAccess):
// `*` first, then missing, then a value ≠ the origin is sorted into multiple / invalid /
// mismatch, and only then `Access-Control-Allow-Credentials` when credentials are included.
import type { HeaderList } from './exchange.ts';
import { clip, countHeader, getHeader, getWholeHeader, TOO_LONG } from './headers.ts';
import { parseOrigin, serializeOrigin } from './origin.ts';
import type { Check, CheckId, DetailCode } from './verdict.ts';

/** Which part of the CORS check failed; `too-long`: a value it depends on was cut by the capture. */
export type CorsFailure = 'wildcard-credentials' | 'missing' | 'multiple' | 'invalid' | 'mismatch' | 'credentials' | 'too-long';

/** Checks produced plus the first failure (null when the check passed). */
export interface CorsCheckResult {
  readonly checks: Check[];
  readonly failure: CorsFailure | null;
  /** The ACAO value as combined from all lines (null = absent). */
  readonly allowOrigin: string | null;
  /** The failure this response would give with credentials included (same as `failure` when included). */
  readonly includeFailure: CorsFailure | null;
}

const ACAO = 'Access-Control-Allow-Origin';
const ACAC = 'Access-Control-Allow-Credentials';

/** Run the CORS check on one response for `origin` ("null" when opaque or tainted). */
export function corsCheck(
  headers: HeaderList,
  origin: string,
  include: boolean,
  ids: { readonly acao: CheckId; readonly acac: CheckId },
  hop: number | null,
): CorsCheckResult {
  const acao = getWholeHeader(headers, 'access-control-allow-origin');
  if (acao === TOO_LONG) return tooLongOrigin(headers, origin, ids, hop);
  let failure: CorsFailure | null = null;
  let detail: DetailCode;
  if (acao === '*') {
    // Fetch #cors-protocol-and-credentials: `*` never works with credentials, even with ACAC: true.
    if (include) failure = 'wildcard-credentials';
    detail = include ? 'acao-wildcard-credentials' : 'acao-wildcard';
  } else if (acao === null) {
    failure = 'missing';
    detail = 'acao-missing';
  } else if (acao !== origin) {
    // Chromium reports any space or comma as "multiple values": a list of origins is never valid.
    if (acao.includes(',') || acao.includes(' ')) {
      failure = 'multiple';
      detail = 'acao-multiple';
    } else if (acao !== 'null' && !isParsableUrl(acao)) {
      failure = 'invalid';
      detail = 'acao-invalid';
    } else {
      failure = 'mismatch';
      detail = mismatchDetail(acao, origin);
    }
  } else {
    detail = 'acao-match';
  }
  const status = failure === null ? 'pass' : 'fail';
  const actual = acao === null ? null : clip(acao);
  // The exact origin always satisfies the browser (`*` would too, but only without credentials).
  // For "multiple", Firefox names a list in one header differently from two header lines.
  // Literals are spelled out per variant: object spread is the slowest thing on this hot path.
  let acaoCheck: Check;
  if (failure === 'multiple') {
    const params = { lines: countHeader(headers, 'access-control-allow-origin') };
    acaoCheck =
      hop === null
        ? { id: ids.acao, status, detail, header: ACAO, expected: origin, actual, params }
        : { id: ids.acao, status, detail, header: ACAO, expected: origin, actual, params, hop };
  } else {
    acaoCheck =
      hop === null
        ? { id: ids.acao, status, detail, header: ACAO, expected: origin, actual }
        : { id: ids.acao, status, detail, header: ACAO, expected: origin, actual, hop };
  }

  let acacCheck: Check;
  if (failure !== null || !include || acao === '*') {
    const why: DetailCode = failure !== null ? 'skipped-earlier-failure' : 'acac-not-needed';
    acacCheck =
      hop === null ? { id: ids.acac, status: 'skipped', detail: why, header: ACAC } : { id: ids.acac, status: 'skipped', detail: why, header: ACAC, hop };
  } else {
    // Fetch #http-access-control-allow-credentials: the value must be exactly `true` (case-sensitive); `True` fails.
    const acac = getWholeHeader(headers, 'access-control-allow-credentials');
    if (acac === TOO_LONG) {
      const got = clip(getHeader(headers, 'access-control-allow-credentials') ?? '');
      const cut: Check = { id: ids.acac, status: 'skipped', detail: 'value-truncated', header: ACAC, expected: 'true', actual: got, params: { header: ACAC } };
      return { checks: [acaoCheck, hop === null ? cut : { ...cut, hop }], failure: 'too-long', allowOrigin: acao, includeFailure: 'too-long' };
    }
    const ok = acac === 'true';
    if (!ok) failure = 'credentials';
    const got = acac === null ? null : clip(acac);
    const st = ok ? 'pass' : 'fail';
    const why: DetailCode = ok ? 'acac-true' : 'acac-invalid';
    acacCheck =
      hop === null
        ? { id: ids.acac, status: st, detail: why, header: ACAC, expected: 'true', actual: got }
        : { id: ids.acac, status: st, detail: why, header: ACAC, expected: 'true', actual: got, hop };
  }
  return { checks: [acaoCheck, acacCheck], failure, allowOrigin: acao, includeFailure: failure ?? (include ? null : credentialedFailure(headers, acao)) };
}

/** For a response that passed without credentials: would it fail with them? */
function credentialedFailure(headers: HeaderList, acao: string | null): CorsFailure | null {
  if (acao === '*') return 'wildcard-credentials';
  const acac = getWholeHeader(headers, 'access-control-allow-credentials');
  return acac === TOO_LONG ? 'too-long' : acac === 'true' ? null : 'credentials';
}

/** ACAO was cut by the capture: neither it nor ACAC can be judged. */
function tooLongOrigin(headers: HeaderList, origin: string, ids: { readonly acao: CheckId; readonly acac: CheckId }, hop: number | null): CorsCheckResult {
  const kept = getHeader(headers, 'access-control-allow-origin') ?? '';
  const acaoCheck: Check = {
    id: ids.acao,
    status: 'skipped',
    detail: 'value-truncated',
    header: ACAO,
    expected: origin,
    actual: clip(kept),
    params: { header: ACAO },
  };
  const acacCheck: Check = { id: ids.acac, status: 'skipped', detail: 'skipped-undecided', header: ACAC };
  const checks =
    hop === null
      ? [acaoCheck, acacCheck]
      : [
          { ...acaoCheck, hop },
          { ...acacCheck, hop },
        ];
  return { checks, failure: 'too-long', allowOrigin: kept, includeFailure: 'too-long' };
}

/** The check that carries a CORS-check failure: ACAC for `credentials`, the cut one for `too-long`, else ACAO. */
export function failedCorsCheck(checks: readonly Check[], failure: CorsFailure): Check | undefined {
  if (failure === 'credentials') return checks[1];
  if (failure === 'too-long') return checks[0]?.detail === 'value-truncated' ? checks[0] : checks[1];
  return checks[0];
}

function isParsableUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Name the most likely reason two origin strings differ, for a precise sentence. */
export function mismatchDetail(acao: string, origin: string): DetailCode {
  if (origin === 'null') return 'acao-mismatch-expected-null';
  if (acao === 'null') return 'acao-mismatch-null';
  if (acao.endsWith('/') && acao.slice(0, -1) === origin) return 'acao-mismatch-trailing-slash';
  if (acao.toLowerCase() === origin) return 'acao-mismatch-case';
  const got = parseOrigin(acao);
  const want = parseOrigin(origin);
  if (got === null || want === null || got.opaque || want.opaque) return 'acao-mismatch';
  if (serializeOrigin(got) === origin) {
    // Same origin once normalised: either a path or an explicit default port / odd spelling.
    return /^[a-z][a-z0-9+.-]*:\/\/[^/]*\/./i.test(acao) ? 'acao-mismatch-path' : 'acao-mismatch-default-port';
  }
  if (got.host === want.host && got.port === want.port) return 'acao-mismatch-scheme';
  if (got.host === want.host && got.scheme === want.scheme) return 'acao-mismatch-port';
  if (got.host === want.host) return 'acao-mismatch-scheme';
  return 'acao-mismatch-host';
}
