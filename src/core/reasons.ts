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
  'disallowed-by-mode': { chromium: 'DisallowedByMode', firefox: null, stage: 'classification', outcome: 'blocked' },
  'cors-disabled-scheme': { chromium: 'CorsDisabledScheme', firefox: 'CORSRequestNotHttp', stage: 'classification', outcome: 'blocked' },
  'no-cors-redirect-mode': { chromium: 'NoCorsRedirectModeNotFollow', firefox: null, stage: 'classification', outcome: 'blocked' },
  // Preflight failures, in Chromium's evaluation order.
  'preflight-redirect': { chromium: 'PreflightDisallowedRedirect', firefox: 'CORSExternalRedirectNotAllowed', stage: 'preflight', outcome: 'blocked' },
  'preflight-wildcard-origin-with-credentials': {
    chromium: 'PreflightWildcardOriginNotAllowed',
    firefox: 'CORSNotSupportingCredentials',
    stage: 'preflight',
    outcome: 'blocked',
  },
  'preflight-missing-allow-origin': {
    chromium: 'PreflightMissingAllowOriginHeader',
    firefox: 'CORSMissingAllowOrigin',
    stage: 'preflight',
    outcome: 'blocked',
  },
  'preflight-multiple-allow-origin-values': {
    chromium: 'PreflightMultipleAllowOriginValues',
    firefox: 'CORSMultipleAllowOriginNotAllowed',
    stage: 'preflight',
    outcome: 'blocked',
  },
  'preflight-invalid-allow-origin-value': {
    chromium: 'PreflightInvalidAllowOriginValue',
    firefox: 'CORSAllowOriginNotMatchingOrigin',
    stage: 'preflight',
    outcome: 'blocked',
  },
  'preflight-allow-origin-mismatch': {
    chromium: 'PreflightAllowOriginMismatch',
    firefox: 'CORSAllowOriginNotMatchingOrigin',
    stage: 'preflight',
    outcome: 'blocked',
  },
  'preflight-invalid-allow-credentials': {
    chromium: 'PreflightInvalidAllowCredentials',
    firefox: 'CORSMissingAllowCredentials',
    stage: 'preflight',
    outcome: 'blocked',
  },
  'preflight-invalid-status': { chromium: 'PreflightInvalidStatus', firefox: 'CORSPreflightDidNotSucceed', stage: 'preflight', outcome: 'blocked' },
  'invalid-allow-methods': { chromium: 'InvalidAllowMethodsPreflightResponse', firefox: 'CORSInvalidAllowMethod', stage: 'preflight', outcome: 'blocked' },
  'invalid-allow-headers': { chromium: 'InvalidAllowHeadersPreflightResponse', firefox: 'CORSInvalidAllowHeader', stage: 'preflight', outcome: 'blocked' },
  'method-not-allowed': { chromium: 'MethodDisallowedByPreflightResponse', firefox: 'CORSMethodNotFound', stage: 'preflight', outcome: 'blocked' },
  'header-not-allowed': {
    chromium: 'HeaderDisallowedByPreflightResponse',
    firefox: 'CORSMissingAllowHeaderFromPreflight',
    stage: 'preflight',
    outcome: 'blocked',
  },
  // Failures on a redirect hop or the final response (Chromium uses the same names for both).
  'wildcard-origin-with-credentials': { chromium: 'WildcardOriginNotAllowed', firefox: 'CORSNotSupportingCredentials', stage: 'response', outcome: 'blocked' },
  'missing-allow-origin': { chromium: 'MissingAllowOriginHeader', firefox: 'CORSMissingAllowOrigin', stage: 'response', outcome: 'blocked' },
  'multiple-allow-origin-values': {
    chromium: 'MultipleAllowOriginValues',
    firefox: 'CORSMultipleAllowOriginNotAllowed',
    stage: 'response',
    outcome: 'blocked',
  },
  'invalid-allow-origin-value': { chromium: 'InvalidAllowOriginValue', firefox: 'CORSAllowOriginNotMatchingOrigin', stage: 'response', outcome: 'blocked' },
  'allow-origin-mismatch': { chromium: 'AllowOriginMismatch', firefox: 'CORSAllowOriginNotMatchingOrigin', stage: 'response', outcome: 'blocked' },
  'invalid-allow-credentials': { chromium: 'InvalidAllowCredentials', firefox: 'CORSMissingAllowCredentials', stage: 'response', outcome: 'blocked' },
  // Firefox 153 reports this one as a generic network failure.
  'redirect-contains-credentials': { chromium: 'RedirectContainsCredentials', firefox: 'CORSDidNotSucceed', stage: 'redirect', outcome: 'blocked' },
  'redirect-disallowed-scheme': { chromium: 'CorsDisabledScheme', firefox: 'CORSRequestNotHttp', stage: 'redirect', outcome: 'blocked' },
  'too-many-redirects': { chromium: null, firefox: null, stage: 'redirect', outcome: 'blocked' },
  // The page's fetch asked for `redirect: 'error'` and got a redirect: a network error, not CORS.
  'redirect-mode-error': { chromium: null, firefox: null, stage: 'redirect', outcome: 'blocked' },
  // The browser's report decides.
  'local-network-access': { chromium: 'LocalNetworkAccessPermissionDenied', firefox: null, stage: 'outcome', outcome: 'blocked' },
  'unexplained-block': { chromium: null, firefox: null, stage: 'outcome', outcome: 'blocked' },
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
