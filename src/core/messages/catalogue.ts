// The shape every locale must fill completely: `Record<Code, …>` over each code union makes
// the compiler reject a locale that misses a code, so adding Spanish is one new `es.ts`.
import type { ResourceType } from '../exchange.ts';
import type { ReasonCode } from '../reasons.ts';
import type { CheckId, CheckStatus, DetailCode, HintCode, WarningCode } from '../verdict.ts';
import type { CaptureNote, ReportKind } from '../report/types.ts';
import type { StackId } from '../snippets/stacks.ts';

/** Sentences that explain a fix (the server configuration itself is code, not prose). */
export const FIX_NOTES = [
  'nothing-to-fix',
  'not-cors',
  'preflight-headers',
  'response-headers',
  'exact-origin',
  'one-origin',
  'no-wildcard-with-credentials',
  'credentials-true',
  'preflight-ok-status',
  'cors-before-auth',
  'preflight-no-redirect',
  'allow-method',
  'allow-headers',
  'list-syntax',
  'avoid-cross-origin-redirect',
  'remove-url-credentials',
  'use-http-scheme',
  'vary-origin',
  'fix-server-error',
  'fix-network',
  'unexplained',
  'credentials-unknown',
  'mode-same-origin',
  'no-cors-follow',
  'local-network-access',
  'redirect-hop-headers',
  'too-many-redirects',
  'allow-list-config',
  'options-route',
  'keep-working',
  'recommended-only',
  'client-method-case',
  'expose-headers',
] as const;
export type FixNote = (typeof FIX_NOTES)[number];

/** Words for one reason code. */
export interface ReasonText {
  /** Short name, e.g. "Preflight status not OK". */
  readonly title: string;
  /** One sentence with placeholders from `Verdict.params`. */
  readonly summary: string;
  /** What the rule is (documentation). */
  readonly meaning: string;
  /** The usual cause in practice (documentation). */
  readonly cause: string;
  /** What to change on the server (documentation). */
  readonly fix: string;
}

/** A complete set of user-facing words for one language. */
export interface Catalogue {
  /** BCP 47 tag. */
  readonly locale: string;
  readonly reasons: Readonly<Record<ReasonCode, ReasonText>>;
  /** Title of each rule. */
  readonly checks: Readonly<Record<CheckId, string>>;
  /** Sentence for each finding; placeholders: the check's params, header, expected, actual, hop. */
  readonly details: Readonly<Record<DetailCode, string>>;
  readonly warnings: Readonly<Record<WarningCode, string>>;
  readonly hints: Readonly<Record<HintCode, string>>;
  readonly statuses: Readonly<Record<CheckStatus, string>>;
  readonly fixes: Readonly<Record<FixNote, string>>;
  /** A resource type as a developer names it ("fetch/XHR" for xmlhttprequest); unlisted types show as they are. */
  readonly resourceTypes: Readonly<Partial<Record<ResourceType, string>>>;
  /** Small words used by renderers and the generated reference. */
  readonly words: {
    readonly absent: string;
    readonly none: string;
    readonly meaning: string;
    readonly cause: string;
    readonly fix: string;
    readonly chromiumName: string;
    readonly firefoxName: string;
    readonly stage: string;
    readonly outcome: string;
    readonly docTitle: string;
    readonly docIntro: string;
    readonly docGenerated: string;
  };
  /** The Markdown report's headings and fixed words (src/core/report, and the CLI's grouped report). */
  readonly report: ReportWords;
  /** `cors-lens audit`'s Markdown report. */
  readonly audit: AuditWords;
  /** Where each stack's fix snippet goes (file, block, middleware order), in one line. */
  readonly stackWhere: Readonly<Record<StackId, string>>;
}

/**
 * Words around a number ("3 requests", "after redirect 2"): a function of the number, because
 * the words change with it as each language's plural forms say.
 */
type Numbered = (n: number) => string;

/** What `cors-lens audit` can find: one way an origin check goes wrong. */
export type AuditFinding =
  | 'arbitrary-origin'
  | 'null-origin'
  | 'prefix-match'
  | 'suffix-match'
  | 'unescaped-dot'
  | 'special-characters'
  | 'any-subdomain'
  | 'http-downgrade'
  | 'wildcard-with-cookies'
  | 'missing-vary';

/** Words of the audit's Markdown report ({origin}, {trusted}, {url}, {count}, {requests} are filled in). */
export interface AuditWords {
  /** What each finding means, one sentence (lowercase start); placeholders {origin} and {trusted}. */
  readonly findings: Readonly<Record<AuditFinding, string>>;
  readonly severities: Readonly<Record<'low' | 'medium' | 'high' | 'critical', string>>;
  readonly access: Readonly<Record<'none' | 'omit' | 'include', string>>;
  readonly title: string;
  readonly trustedOrigins: string;
  readonly noneGiven: string;
  readonly requestsSent: Numbered;
  readonly credentialsOnly: string;
  readonly noFinding: string;
  readonly findingCount: Numbered;
  readonly originSent: string;
  readonly readable: string;
  readonly readableWithCookies: string;
  readonly readableWithout: string;
  readonly response: string;
  /** "status {status} to {request} with {origin}", each value in a code span. */
  readonly responseLine: string;
  readonly noProofHeaders: string;
}

/** Headings and labels of the Markdown report. */
export interface ReportWords {
  /** A report's kind of exchange, and so the word for a verdict's outcome: every outcome is a kind (a report adds `warning`). */
  readonly kinds: Readonly<Record<ReportKind, string>>;
  readonly notes: Readonly<Record<CaptureNote, string>>;
  readonly reportTitle: string;
  readonly exchanges: Numbered;
  readonly reason: string;
  readonly browserNames: string;
  readonly chromium: string;
  readonly firefox: string;
  readonly none: string;
  readonly or: string;
  readonly initiator: string;
  readonly pageUrl: string;
  readonly unknownOrigin: string;
  readonly request: string;
  readonly resourceType: string;
  readonly mode: string;
  readonly credentials: string;
  /** How the credentials mode is known, by the verdict's basis code. */
  readonly credentialsBasis: Readonly<Record<string, string>>;
  readonly capturedAt: string;
  readonly browser: string;
  readonly extension: string;
  readonly source: string;
  readonly failedCheck: string;
  readonly noFailedCheck: string;
  readonly header: string;
  readonly expected: string;
  readonly actual: string;
  readonly absent: string;
  readonly preflight: string;
  readonly preflightNone: string;
  readonly preflightCached: string;
  readonly preflightNotObserved: string;
  readonly preflightUnknown: string;
  readonly requestHeaders: string;
  readonly responseHeaders: string;
  readonly noHeaders: string;
  readonly notShown: string;
  readonly cutByCapture: string;
  readonly status: string;
  readonly networkError: string;
  readonly notSent: string;
  readonly redirects: string;
  readonly redirectTo: string;
  readonly actualRequest: string;
  readonly response: string;
  readonly browserOutcome: string;
  readonly outcomeSuccess: string;
  readonly outcomeFailure: string;
  readonly outcomeNotObserved: string;
  readonly warnings: string;
  readonly warningCount: Numbered;
  readonly hints: string;
  readonly fix: string;
  readonly nothingToFix: string;
  readonly fixPreflightHeaders: string;
  readonly fixResponseHeaders: string;
  /** After the chosen stack's name: "(your stack)". */
  readonly yourStack: string;
  readonly snippetVerified: string;
  /** Followed by the stack's CORS documentation URL. */
  readonly snippetNotVerified: string;
  readonly reproduce: string;
  readonly reproducePreflight: string;
  readonly reproduceActual: string;
  readonly reproduceActualWithBody: string;
  readonly reproduceHopPreflight: Numbered;
  readonly reproduceHop: Numbered;
  /** The comment above the credentials a curl command leaves out. */
  readonly credentialsLeftOut: string;
  readonly captureNotes: string;
  readonly redacted: string;
  readonly index: string;
  /** The CLI's grouped report: "in 3 groups". */
  readonly inGroups: Numbered;
  /** "3 requests alike", bold in the group's paragraph. */
  readonly alike: Numbered;
  readonly alikeWhy: string;
  readonly differentUrls: Numbered;
  /** Followed by a time in a code span. */
  readonly capturedAtTime: string;
  /** "captured from {first} to {last}", the times in code spans. */
  readonly capturedFromTo: string;
  readonly firstInFull: string;
  /** The curl comment of a group: "(1 of 3 alike: …)". */
  readonly curlAlike: Numbered;
  /** After the browser's name in `cors-lens check`'s report. */
  readonly checkBrowser: string;
}
