// Public API of the pure CORS engine. No browser APIs, no I/O: safe to run in the service
// worker, the panel and plain Node.

// Input model.
export type {
  Exchange,
  ExchangeGaps,
  HeaderEntry,
  HeaderList,
  ObservedOutcome,
  ObservedPreflight,
  ObservedRequest,
  ObservedResponse,
  PreflightObservation,
  RedirectHop,
  RedirectMode,
  RequestMode,
  CredentialsMode,
  ResourceType,
  ResponseObservation,
} from './exchange.ts';
export type { BrowserEngine, PageObservation, PageOutcome } from './exchange.ts';
/** How much of a deciding header value (Access-Control-*, Vary, Origin, Location) a capture keeps whole. */
export { MAX_DECIDING_VALUE } from './exchange.ts';
/** The enumerations of the input model, as const arrays (their types above). */
export { BROWSER_ENGINES, CREDENTIALS_MODES, REDIRECT_MODES, REDIRECT_STATUSES, REQUEST_MODES, RESOURCE_TYPES, toResourceType } from './exchange.ts';

// Header lists with Fetch semantics (names case-insensitive, values untrusted text).
export { getHeader, lowerCommaItems, lowerName } from './headers.ts';

// Output model.
export type { Check, CheckId, CheckStatus, CredentialsAssumption, DetailCode, HintCode, Params, Verdict, Warning, WarningCode } from './verdict.ts';
export { CHECK_IDS, DETAIL_CODES, HINT_CODES, WARNING_CODES } from './verdict.ts';
export type { Outcome, ReasonCode, ReasonInfo, Stage } from './reasons.ts';
/** Reason code → { chromium, firefox, stage, outcome }. */
export { REASONS, REASON_CODES } from './reasons.ts';

/** Evaluate one observed exchange into a verdict. */
export { evaluate } from './evaluate.ts';
/** Infer the request mode of an exchange (and on what evidence). */
export { inferMode } from './classify.ts';

// Origins (URL Standard).
export type { Origin } from './origin.ts';
export { isCrossOrigin, normalizeOrigin, originOfUrl, parseOrigin, resolve, sameOrigin, schemeOf, serializeOrigin, urlHasCredentials } from './origin.ts';

// The checks themselves, for a client that sends requests as a browser would (cors-lens check).
/** Fetch #cors-check on one response. */
export { corsCheck } from './cors-check.ts';
export { evaluatePreflight } from './preflight.ts';
export { preflightNeed } from './preflight-need.ts';
/** Fetch #http-redirect-fetch: the most redirects a browser follows. */
export { MAX_REDIRECTS } from './redirects.ts';

// Safelists and preflight prediction (Fetch #cors-safelisted-request-header), for pairing requests with preflights.
export type { HeaderKind } from './safelist.ts';
export { classifyHeader, isForbiddenRequestHeader, isSafelistedMethod, needsPreflight, normalizeMethod, unsafeRequestHeaderNames } from './safelist.ts';
export { mimeEssence } from './mime.ts';

// Words.
export type { Catalogue, FixNote, ReasonText } from './messages/catalogue.ts';
export { FIX_NOTES } from './messages/catalogue.ts';
export { en } from './messages/en.ts';
export type { RenderedCheck } from './messages/render.ts';
export { displayValue, format, renderCheck, renderFixNote, renderHint, renderReasonTitle, renderSummary, renderWarning } from './messages/render.ts';

// Fixes.
export type { Fix, FixNoteRef } from './fix.ts';
export type { CorsCause, CorsRequirements, Snippets } from './fix-snippets.ts';
export type { Stack, StackId, StackSnippet } from './snippets/stacks.ts';
/** Every server stack's snippet for a fix's requirements, a chosen stack first. */
export { isStackId, STACK_IDS, STACKS, stackSnippets } from './snippets/stacks.ts';
/** The smallest safe server change for a verdict (on demand, not in the hot path). */
export { suggestFix } from './fix.ts';
// What-if: the exchange with the server's answers edited, judged by the same engine.
export type { EditedAnswer, HeaderChange, WhatIfEdits } from './what-if.ts';
export { hasEditablePreflight, headerChanges, headerPatch, preflightAnswer, responseAnswer, simulate } from './what-if.ts';
/** Markdown reference of every reason code (docs/reasons.md). */
export { reasonsMarkdown } from './reasons-doc.ts';
