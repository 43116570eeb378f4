// The report's input (one judged exchange plus what is known about its capture) and the
// report document itself. The document is plain JSON: `renderJson` serialises it as is and
// `renderMarkdown` formats the same values, so both exports always say the same thing.
import type { Exchange, HeaderEntry } from '../exchange.ts';
import type { Outcome, ReasonCode, Stage } from '../reasons.ts';
import type { Catalogue } from '../messages/catalogue.ts';
import type { CheckId, CheckStatus, HintCode, Verdict, WarningCode } from '../verdict.ts';
import type { FixNote } from '../messages/catalogue.ts';
import type { StackId } from '../snippets/stacks.ts';

/** Where the request was made from (structurally the capture's RequestSource). */
export interface ReportSource {
  readonly kind: string;
  readonly url?: string;
  readonly line?: number;
  readonly column?: number;
  readonly stack?: readonly string[];
}

/** Stable codes for what the capture could not see; the report says each one in words. */
export const CAPTURE_NOTES = [
  'outcome-not-observed', // Firefox / HAR without an error field: the verdict rests on the headers
  'har-firefox', // from a Firefox HAR: no initiator stack, no browser error
  'har-no-preflight-entry', // a preflight was needed but the HAR has none (cache, or not recorded)
  'request-headers-provisional', // Chromium recorded only the script-set headers (the request never went out)
  'initiator-from-referer', // the page origin comes from the Referer / page URL, not an Origin header
  'request-not-sent', // the actual request was never sent (its preflight failed)
] as const;
export type CaptureNote = (typeof CAPTURE_NOTES)[number];

/** A request body as the input has it (a HAR's postData); the extension does not capture bodies. */
export interface RequestBody {
  readonly text: string;
  /** e.g. "application/json"; the Content-Type the page sent, when known. */
  readonly mimeType?: string;
}

/** One judged exchange to report. */
export interface ReportInput {
  readonly exchange: Exchange;
  /** The engine's verdict on the unredacted exchange (redaction never re-evaluates). */
  readonly verdict: Verdict;
  /** When the request started, ms since the epoch. */
  readonly capturedAt?: number;
  readonly source?: ReportSource;
  /** e.g. "Chromium 156"; defaults to the exchange's browser family. */
  readonly browser?: string;
  readonly extensionVersion?: string;
  /** What the capture could not see, in stable codes. */
  readonly notes?: readonly CaptureNote[];
  /** The URL of the page that made the request (redacted like every URL in the report). */
  readonly pageUrl?: string;
  /** The request's body when the input has one (a HAR's postData): replayed by curl, redacted. */
  readonly requestBody?: RequestBody;
}

export interface ReportOptions {
  /** Replace secrets with `[redacted]` (default true). */
  readonly redact?: boolean;
  /** Words (default English). */
  readonly catalogue?: Catalogue;
  /** The server stack whose snippet the Markdown shows first (the JSON keeps its three snippets). */
  readonly stack?: StackId;
}

/** The badge of a report: "warning" is an allowed exchange with warnings. */
export type ReportKind = 'blocked' | 'warning' | 'allowed' | 'not-cors' | 'unknown';

export interface ReportResponse {
  readonly kind: 'response' | 'network-error' | 'not-sent';
  readonly status?: number;
  readonly error?: string;
  readonly headers: readonly HeaderEntry[];
}

export interface ReportPreflight {
  /** unknown: the capture missed part of the request, so a preflight may have gone out unseen. */
  readonly kind: 'none' | 'observed' | 'cached' | 'unknown';
  readonly requestHeaders: readonly HeaderEntry[];
  readonly result: ReportResponse | null;
}

export interface ReportRedirect {
  readonly url: string;
  readonly status: number;
  readonly location: string;
  readonly headers: readonly HeaderEntry[];
  readonly preflight: ReportPreflight | null;
}

export interface ReportCheck {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly title: string;
  readonly text: string;
  readonly header: string | null;
  readonly expected: string | null;
  /** null when the header was absent (or the check has no value). */
  readonly actual: string | null;
  /** 1-based redirect hop, for hop checks. */
  readonly hop: number | null;
}

export interface ReportFix {
  readonly needed: boolean;
  readonly notes: ReadonlyArray<{ readonly code: FixNote; readonly text: string }>;
  readonly preflightHeaders: readonly HeaderEntry[];
  readonly responseHeaders: readonly HeaderEntry[];
  readonly snippets: { readonly express: string; readonly nginx: string; readonly caddy: string } | null;
}

/** One exchange of the report. */
export interface ReportExchange {
  readonly kind: ReportKind;
  readonly verdict: {
    readonly outcome: Outcome;
    readonly reason: ReasonCode;
    readonly title: string;
    readonly summary: string;
    readonly stage: Stage;
    readonly chromium: string | null;
    /** Firefox's name; differs from the reason's when Firefox's first failing check differs. */
    readonly firefox: string | null;
    /** Other keys Firefox may have used when the capture cannot tell them apart. */
    readonly firefoxAlternatives: readonly string[];
  };
  readonly initiator: string | null;
  /** The URL of the page that made the request (redacted); null when the input does not say. */
  readonly pageUrl: string | null;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly resourceType: string;
    readonly mode: string;
    readonly credentials: { readonly mode: string; readonly basis: string };
    readonly headers: readonly HeaderEntry[];
    /** The request body when the input has one (redacted); the extension does not capture bodies. */
    readonly body: RequestBody | null;
  };
  readonly preflight: ReportPreflight;
  readonly redirects: readonly ReportRedirect[];
  readonly response: ReportResponse;
  readonly browserOutcome: { readonly kind: 'success' | 'failure' | 'not-observed'; readonly error: string | null };
  readonly failedCheck: ReportCheck | null;
  readonly checks: readonly ReportCheck[];
  readonly warnings: ReadonlyArray<{ readonly code: WarningCode; readonly text: string }>;
  readonly hints: ReadonlyArray<{ readonly code: HintCode; readonly text: string }>;
  readonly fix: ReportFix;
  readonly curl: {
    readonly preflight: string | null;
    readonly actual: string;
    /** After each redirect, the browser's next request (and its preflight) as it sent them. */
    readonly redirects: ReadonlyArray<{ readonly preflight: string | null; readonly request: string }>;
  };
  readonly capture: {
    readonly capturedAt: string | null;
    readonly browser: string | null;
    readonly extensionVersion: string | null;
    readonly source: ReportSource | null;
    readonly notes: ReadonlyArray<{ readonly code: CaptureNote; readonly text: string }>;
  };
}

/** The whole report document (`renderJson` output). */
export interface Report {
  readonly format: 'cors-lens-report';
  readonly version: 1;
  readonly redacted: boolean;
  readonly exchanges: readonly ReportExchange[];
}
