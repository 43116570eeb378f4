// The shape every locale must fill completely: `Record<Code, …>` over each code union makes
// the compiler reject a locale that misses a code, so adding Spanish is one new `es.ts`.
import type { ResourceType } from '../exchange.ts';
import type { Outcome, ReasonCode } from '../reasons.ts';
import type { CheckId, CheckStatus, DetailCode, HintCode, WarningCode } from '../verdict.ts';

/** Sentences that explain a fix (the server configuration itself is code, not prose). */
export const FIX_NOTES = [
  'nothing-to-fix', 'not-cors', 'preflight-headers', 'response-headers', 'exact-origin', 'one-origin',
  'no-wildcard-with-credentials', 'credentials-true', 'preflight-ok-status', 'cors-before-auth',
  'preflight-no-redirect', 'allow-method', 'allow-headers', 'list-syntax', 'avoid-cross-origin-redirect',
  'remove-url-credentials', 'use-http-scheme', 'vary-origin', 'fix-server-error', 'fix-network',
  'unexplained', 'credentials-unknown', 'mode-same-origin', 'no-cors-follow', 'local-network-access',
  'redirect-hop-headers', 'too-many-redirects', 'allow-list-config', 'options-route', 'keep-working',
  'recommended-only', 'client-method-case', 'expose-headers',
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
  readonly outcomes: Readonly<Record<Outcome, string>>;
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
}
