// Why a preflight was or was not needed (Fetch #http-fetch, "makeCORSPreflight"):
// a non-safelisted method, or any CORS-unsafe request-header name. Each script-visible header
// gets its own check naming why it is (un)safe; browser-set headers are left out as noise.
import type { HeaderList } from './exchange.ts';
import { clip, lowerCommaItems } from './headers.ts';
import { byteLength, classifyRequestHeaders, isSafelistedMethod, normalizeMethod, type HeaderKind } from './safelist.ts';
import type { Check, DetailCode } from './verdict.ts';

/** What the preflight decision rests on. */
export interface PreflightNeed {
  readonly needed: boolean;
  /** The method as Fetch normalises it. */
  readonly method: string;
  /** Sorted lowercase CORS-unsafe header names (what ACRH would carry). */
  readonly unsafeNames: readonly string[];
  readonly checks: Check[];
}

const HEADER_DETAIL: Partial<Record<HeaderKind, DetailCode>> = {
  safelisted: 'header-safelisted',
  'name-not-safelisted': 'header-name-not-safelisted',
  'value-too-long': 'header-value-too-long',
  'unsafe-byte': 'header-unsafe-byte',
  'content-type-unparsable': 'header-content-type-unparsable',
  'content-type-not-safelisted': 'header-content-type-not-safelisted',
  'language-chars': 'header-language-chars',
  'range-not-simple': 'header-range-not-simple',
  'over-total-limit': 'header-over-total-limit',
  'cache-added': 'header-cache-added',
};

// Request-header names whose value decides whether they are safelisted (Fetch "CORS-safelisted request-header").
const VALUE_CHECKED = new Set(['accept', 'accept-language', 'content-language', 'content-type', 'range']);

/**
 * The same decision when the request's own headers were not observed (it was never sent):
 * the browser's preflight names the unsafe headers in Access-Control-Request-Headers.
 */
export function preflightNeedFromPreflight(rawMethod: string, acrh: string | null): PreflightNeed {
  const base = preflightNeed(rawMethod, []);
  const names = acrh === null ? [] : [...new Set(lowerCommaItems(acrh))].sort();
  const checks = base.checks.slice(0, -1); // the method check; the decision is redone below
  for (const name of names) {
    const detail: DetailCode = VALUE_CHECKED.has(name) ? 'header-unsafe-per-preflight' : 'header-name-not-safelisted';
    checks.push({ id: 'request-header', status: 'pass', detail, header: clip(name), actual: null });
  }
  const needed = base.needed || names.length > 0;
  checks.push({
    id: 'preflight-needed',
    status: 'pass',
    detail: needed ? 'preflight-needed' : 'preflight-not-needed',
    params: { method: base.method, headers: names.length === 0 ? null : clip(names.join(',')) },
  });
  return { needed, method: base.method, unsafeNames: names, checks };
}

/** Evaluate the method and request headers of a cors-mode request. */
export function preflightNeed(rawMethod: string, headers: HeaderList): PreflightNeed {
  const checks: Check[] = [];
  const method = normalizeMethod(rawMethod);
  const methodSafe = isSafelistedMethod(method);
  let methodDetail: DetailCode = methodSafe ? 'method-safelisted' : 'method-not-safelisted';
  // Fetch "normalize a method": `patch` is sent as-is and is therefore not `PATCH`.
  if (!methodSafe && method !== method.toUpperCase()) methodDetail = 'method-not-normalised';
  checks.push({ id: 'method', status: 'pass', detail: methodDetail, actual: clip(method), params: { method: clip(method) } });

  const cls = classifyRequestHeaders(headers);
  for (const h of cls.headers) {
    const detail = HEADER_DETAIL[h.kind];
    if (detail === undefined) continue; // forbidden / browser-added: script never set them
    const base: Check = { id: 'request-header', status: 'pass', detail, header: h.name, actual: clip(h.value) };
    // Sizes only matter for the two length rules; leaving them out elsewhere keeps verdicts small.
    if (h.kind === 'value-too-long') checks.push({ ...base, params: { bytes: byteLength(h.value) } });
    else if (h.kind === 'over-total-limit') checks.push({ ...base, params: { total: cls.safelistedBytes } });
    else checks.push(base);
  }
  const needed = !methodSafe || cls.unsafeNames.length > 0;
  checks.push({
    id: 'preflight-needed',
    status: 'pass',
    detail: needed ? 'preflight-needed' : 'preflight-not-needed',
    params: { method: clip(method), headers: cls.unsafeNames.length === 0 ? null : cls.unsafeNames.join(',') },
  });
  return { needed, method, unsafeNames: cls.unsafeNames, checks };
}
