// The engine's stable reason codes, each mapped to the browser's own vocabulary: Chromium's
// DevTools-protocol `Network.CorsError` and Firefox's console reason key (docs/cors-rules.md §8).
// `null` means the browser has no name for it (not a CORS error, or not distinguished).

/** Where in the exchange the deciding rule sits. */
export type Stage = 'classification' | 'preflight' | 'redirect' | 'response' | 'outcome';

/** The verdict's headline outcome. */
export type Outcome = 'allowed' | 'blocked' | 'not-cors' | 'unknown';

/** Browser names and stage for one reason code. */
export interface ReasonInfo {
  readonly chromium: string | null;
  readonly firefox: string | null;
  readonly stage: Stage;
  readonly outcome: Outcome;
}

/** A reason whose outcome is `blocked` (one line per table row; literal names kept for the types). */
const blocked = <C extends string | null, F extends string | null, S extends Stage>(chromium: C, firefox: F, stage: S) =>
  ({ chromium, firefox, stage, outcome: 'blocked' }) as const;

/** Every reason code, in documentation order. */
export const REASONS = {
  // Not CORS at all.
  'same-origin': { chromium: null, firefox: null, stage: 'classification', outcome: 'not-cors' },
  'no-cors': { chromium: null, firefox: null, stage: 'classification', outcome: 'not-cors' },
  navigation: { chromium: null, firefox: null, stage: 'classification', outcome: 'not-cors' },
  'not-cors-resource': { chromium: null, firefox: null, stage: 'classification', outcome: 'not-cors' },
  // Allowed.
  ok: { chromium: null, firefox: null, stage: 'response', outcome: 'allowed' },
  'unexpected-success': { chromium: null, firefox: null, stage: 'outcome', outcome: 'allowed' },
  // Blocked before anything is sent.
  'disallowed-by-mode': blocked('DisallowedByMode', null, 'classification'),
  'cors-disabled-scheme': blocked('CorsDisabledScheme', 'CORSRequestNotHttp', 'classification'),
  'no-cors-redirect-mode': blocked('NoCorsRedirectModeNotFollow', null, 'classification'),
  // Preflight failures, in Chromium's evaluation order.
  'preflight-redirect': blocked('PreflightDisallowedRedirect', 'CORSExternalRedirectNotAllowed', 'preflight'),
  'preflight-wildcard-origin-with-credentials': blocked('PreflightWildcardOriginNotAllowed', 'CORSNotSupportingCredentials', 'preflight'),
  'preflight-missing-allow-origin': blocked('PreflightMissingAllowOriginHeader', 'CORSMissingAllowOrigin', 'preflight'),
  'preflight-multiple-allow-origin-values': blocked('PreflightMultipleAllowOriginValues', 'CORSMultipleAllowOriginNotAllowed', 'preflight'),
  'preflight-invalid-allow-origin-value': blocked('PreflightInvalidAllowOriginValue', 'CORSAllowOriginNotMatchingOrigin', 'preflight'),
  'preflight-allow-origin-mismatch': blocked('PreflightAllowOriginMismatch', 'CORSAllowOriginNotMatchingOrigin', 'preflight'),
  'preflight-invalid-allow-credentials': blocked('PreflightInvalidAllowCredentials', 'CORSMissingAllowCredentials', 'preflight'),
  'preflight-invalid-status': blocked('PreflightInvalidStatus', 'CORSPreflightDidNotSucceed', 'preflight'),
  'invalid-allow-methods': blocked('InvalidAllowMethodsPreflightResponse', 'CORSInvalidAllowMethod', 'preflight'),
  'invalid-allow-headers': blocked('InvalidAllowHeadersPreflightResponse', 'CORSInvalidAllowHeader', 'preflight'),
  'method-not-allowed': blocked('MethodDisallowedByPreflightResponse', 'CORSMethodNotFound', 'preflight'),
  'header-not-allowed': blocked('HeaderDisallowedByPreflightResponse', 'CORSMissingAllowHeaderFromPreflight', 'preflight'),
  // Failures on a redirect hop or the final response (Chromium uses the same names for both).
  'wildcard-origin-with-credentials': blocked('WildcardOriginNotAllowed', 'CORSNotSupportingCredentials', 'response'),
  'missing-allow-origin': blocked('MissingAllowOriginHeader', 'CORSMissingAllowOrigin', 'response'),
  'multiple-allow-origin-values': blocked('MultipleAllowOriginValues', 'CORSMultipleAllowOriginNotAllowed', 'response'),
  'invalid-allow-origin-value': blocked('InvalidAllowOriginValue', 'CORSAllowOriginNotMatchingOrigin', 'response'),
  'allow-origin-mismatch': blocked('AllowOriginMismatch', 'CORSAllowOriginNotMatchingOrigin', 'response'),
  'invalid-allow-credentials': blocked('InvalidAllowCredentials', 'CORSMissingAllowCredentials', 'response'),
  // Firefox 153 reports this one as a generic network failure.
  'redirect-contains-credentials': blocked('RedirectContainsCredentials', 'CORSDidNotSucceed', 'redirect'),
  'redirect-disallowed-scheme': blocked('CorsDisabledScheme', 'CORSRequestNotHttp', 'redirect'),
  'too-many-redirects': blocked(null, null, 'redirect'),
  // The page's fetch asked for `redirect: 'error'` and got a redirect: a network error, not CORS.
  'redirect-mode-error': blocked(null, null, 'redirect'),
  // The browser's report decides.
  'local-network-access': blocked('LocalNetworkAccessPermissionDenied', null, 'outcome'),
  'unexplained-block': blocked(null, null, 'outcome'),
  // Not decidable as CORS.
  'preflight-network-error': { chromium: null, firefox: 'CORSDidNotSucceed', stage: 'preflight', outcome: 'unknown' },
  'network-error': { chromium: null, firefox: 'CORSDidNotSucceed', stage: 'response', outcome: 'unknown' },
  incomplete: { chromium: null, firefox: null, stage: 'outcome', outcome: 'unknown' },
  'header-too-long': { chromium: null, firefox: null, stage: 'response', outcome: 'unknown' },
  'preflight-not-observed': { chromium: null, firefox: null, stage: 'preflight', outcome: 'unknown' },
  cancelled: { chromium: null, firefox: null, stage: 'outcome', outcome: 'unknown' },
  'unknown-initiator': { chromium: null, firefox: null, stage: 'classification', outcome: 'unknown' },
  // The rules pass without credentials and fail with them, and nothing told which the page used.
  'depends-on-credentials': { chromium: null, firefox: null, stage: 'response', outcome: 'unknown' },
} as const satisfies Record<string, ReasonInfo>;

/** A stable reason code (kebab-case). */
export type ReasonCode = keyof typeof REASONS;

/** All reason codes in documentation order. */
export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];
