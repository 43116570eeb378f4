// The engine's output. Plain JSON data only (stored in `storage.session`, sent over a port):
// codes plus parameters, never rendered English, never `undefined` values.
import type { CredentialsMode, RequestMode } from './exchange.ts';
import type { Outcome, ReasonCode } from './reasons.ts';

/** Placeholder values for a message template; null = nothing (rendered as the catalogue's "none"). */
export type Params = Readonly<Record<string, string | number | null>>;

/** Result of one evaluated rule. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skipped';

/** Which rule a check evaluated (one catalogue title each). */
export const CHECK_IDS = [
  'initiator',
  'url',
  'cross-origin',
  'mode',
  'credentials',
  'method',
  'request-header',
  'preflight-needed',
  'preflight-seen',
  'preflight-request-headers',
  'preflight-network',
  'preflight-redirect',
  'preflight-allow-origin',
  'preflight-allow-credentials',
  'preflight-status',
  'preflight-allow-methods',
  'preflight-allow-headers',
  'preflight-method',
  'preflight-header',
  'preflight-max-age',
  'redirect-count',
  'redirect-allow-origin',
  'redirect-allow-credentials',
  'redirect-location',
  'redirect-taint',
  'response',
  'allow-origin',
  'allow-credentials',
  'expose-headers',
  'outcome',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** The specific finding of a check (one catalogue sentence each). */
export const DETAIL_CODES = [
  // initiator / url / classification
  'initiator-known',
  'initiator-opaque',
  'initiator-from-origin-header',
  'initiator-origin-header-differs',
  'initiator-unknown',
  'url-http',
  'url-cors-disabled-scheme',
  'url-scheme-fetch',
  'url-unparsable',
  'is-cross-origin',
  'is-same-origin',
  'mode-given',
  'mode-sec-fetch',
  'mode-navigation-type',
  'mode-always-cors-type',
  'mode-origin-header',
  'mode-no-origin-header',
  'mode-websocket',
  'mode-preflighted',
  'mode-preflight-cached',
  'mode-same-origin-cross-origin',
  'mode-no-cors-redirect',
  'mode-page',
  'credentials-page',
  'credentials-given',
  'credentials-cookie',
  'credentials-unknown-same',
  'credentials-unknown-outcome',
  'credentials-unknown-default',
  // preflight necessity
  'method-safelisted',
  'method-not-safelisted',
  'method-not-normalised',
  'header-safelisted',
  'header-name-not-safelisted',
  'header-value-too-long',
  'header-unsafe-byte',
  'header-content-type-unparsable',
  'header-content-type-not-safelisted',
  'header-language-chars',
  'header-range-not-simple',
  'header-over-total-limit',
  'header-cache-added',
  'header-unsafe-per-preflight',
  'preflight-not-needed',
  'preflight-needed',
  'preflight-observed',
  'preflight-cached',
  'preflight-cached-earlier',
  'preflight-missing-likely-cached',
  'preflight-unexpected',
  'preflight-not-applicable',
  'preflight-not-observed',
  'acrh-matches',
  'acrh-differs',
  'acrh-request-not-sent',
  // preflight response
  'network-failed',
  'no-redirect',
  'redirected',
  'acao-wildcard',
  'acao-match',
  'acao-missing',
  'acao-multiple',
  'acao-invalid',
  'acao-wildcard-credentials',
  'acao-mismatch',
  'acao-mismatch-trailing-slash',
  'acao-mismatch-path',
  'acao-mismatch-case',
  'acao-mismatch-default-port',
  'acao-mismatch-scheme',
  'acao-mismatch-port',
  'acao-mismatch-host',
  'acao-mismatch-null',
  'acao-mismatch-expected-null',
  'acac-not-needed',
  'acac-true',
  'acac-invalid',
  'status-ok',
  'status-not-ok',
  'status-auth',
  'status-no-route',
  'status-redirect',
  'status-server-error',
  'list-parsed',
  'list-absent',
  'list-invalid',
  'method-no-check-needed',
  'method-listed',
  'method-wildcard',
  'method-wildcard-credentials',
  'method-case-mismatch',
  'method-not-listed',
  'header-listed',
  'header-wildcard',
  'header-wildcard-credentials',
  'header-not-listed',
  'authorization-wildcard',
  'max-age-default',
  'max-age-ok',
  'max-age-capped',
  'max-age-invalid',
  'max-age-not-cached',
  'value-truncated',
  // redirects
  'redirects-within-limit',
  'redirects-over-limit',
  'location-ok',
  'location-credentials',
  'location-scheme',
  'location-unparsable',
  'origin-tainted',
  'origin-kept',
  'hop-not-cors',
  'redirect-mode-manual',
  'redirect-mode-error',
  // final response
  'response-received',
  'response-network-error',
  'expose-readable',
  'expose-truncated',
  // outcome
  'outcome-agrees',
  'outcome-not-observed',
  'outcome-block-unexplained',
  'outcome-success-unexpected',
  'outcome-network-error',
  'outcome-local-network',
  'outcome-rules-undecided',
  'outcome-cancelled',
  'outcome-not-observed-timeout',
  'outcome-not-observed-navigated',
  // skipped (the why)
  'skipped-earlier-failure',
  'skipped-not-sent',
  'skipped-no-response',
  'skipped-undecided',
] as const;
export type DetailCode = (typeof DETAIL_CODES)[number];

/** One evaluated rule; only defined fields are present (JSON round-trips exactly). */
export interface Check {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly detail: DetailCode;
  /** Header the rule is about, as the browser names it. */
  readonly header?: string;
  /** What the browser needed (may be a description like "a 2xx status"). */
  readonly expected?: string;
  /** What it got; null = header absent. */
  readonly actual?: string | null;
  /** Redirect hop index (0-based) for hop checks. */
  readonly hop?: number;
  readonly params?: Params;
}

/** Passed-but-fragile or risky findings; never change the outcome. */
export const WARNING_CODES = [
  'missing-vary-origin',
  'authorization-covered-by-wildcard',
  'max-age-above-cap',
  'reflected-origin-with-credentials',
  'null-origin-allowed',
  'insecure-origin-allowed',
  'response-error-status',
  'preflight-error-status',
  'preflight-auth-status',
  'preflight-no-route-status',
  'preflight-server-error-status',
  'network-error-not-cors',
  'expose-wildcard-with-credentials',
  'unexposed-header-read',
  'credentials-assumption',
  'redirect-tainted-origin',
  // What the capture missed (ExchangeGaps): the verdict says what it could not see.
  'preflight-not-observed',
  'capture-missed-start',
  'capture-restarted',
  'capture-ended-timeout',
  'capture-ended-navigated',
  // The page witness: what it said that the network contradicts, or could not be tied to one request.
  'witness-conflict',
  'witness-ambiguous',
  'capture-network-unseen',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** One warning. */
export interface Warning {
  readonly code: WarningCode;
  readonly params: Params;
}

/** Other causes worth checking when the browser's report and the rules disagree. */
export const HINT_CODES = [
  'extension-or-proxy',
  'local-network-access',
  'mixed-content',
  'preflight-cache',
  'credentials-assumption',
  'resource-policy',
  'capture-incomplete',
] as const;
export type HintCode = (typeof HINT_CODES)[number];

/** How the credentials mode used for the verdict was established. */
export interface CredentialsAssumption {
  readonly mode: CredentialsMode;
  /** `page`: the page witness saw the page make the request with it. */
  readonly basis: 'given' | 'page' | 'cookie' | 'irrelevant' | 'both-agree' | 'outcome' | 'default';
}

/** The engine's answer for one exchange. */
export interface Verdict {
  readonly outcome: Outcome;
  readonly reason: ReasonCode;
  /** Placeholders for the reason's summary sentence. */
  readonly params: Params;
  readonly checks: readonly Check[];
  readonly warnings: readonly Warning[];
  readonly hints: readonly HintCode[];
  readonly mode: RequestMode | 'unknown';
  readonly credentials: CredentialsAssumption;
  /** Index in `checks` of the deciding failure, or -1. */
  readonly failedCheck: number;
  /** Firefox's reason key when its first failing check differs from Chromium's (else absent). */
  readonly firefoxReason?: string;
  /**
   * Other keys Firefox may have used, when what was captured cannot tell them apart (Firefox's
   * webRequest joins repeated headers, so two header lines look like one line holding a list).
   */
  readonly firefoxAlternatives?: readonly string[];
}
