// Every word of the panel's own chrome (toolbar, filters, headings), in the panel's language:
// English here, Spanish in words-es.ts. The engine's sentences (summaries, checks, warnings,
// fixes) come from its catalogue in the same language (`engineWords`). The language is the
// browser's UI language unless the user picked one in the panel (language-choice.ts);
// `setPanelLanguage` switches both, and components read them when they render.
import { catalogueFor, localeOf, type LocaleTag } from '../core/report/index.ts';
import type { Catalogue } from '../core/index.ts';
import type { FilterId } from './filters.ts';
import type { RowKind } from './row-kind.ts';
import { es } from './words-es.ts';

const en = {
  title: 'CORS Lens',
  connected: 'connected',
  connecting: 'connecting…',
  noTab: 'No inspected tab.',
  inspecting: (tabId: number) => `Inspecting tab ${tabId}.`,
  inspectingTitle: (url: string) => `Inspected page: ${url}`,
  noSuchTab: (tabId: number) => `Tab ${tabId} does not exist (closed?): nothing to show.`,
  problem: (kind: 'restore' | 'settings' | 'storage') =>
    kind === 'restore'
      ? 'The capture from before the background restarted could not be read back.'
      : kind === 'settings'
        ? 'A setting could not be saved.'
        : 'Storage refuses writes: records may be lost if the background stops.',
  dropped: (n: number) => `${n} older record${n === 1 ? '' : 's'} dropped`,
  clear: 'Clear',
  clearTitle: 'Clear the log of this tab',
  preserve: 'Preserve log',
  preserveTitle: 'Keep records across page loads',
  pause: 'Pause',
  pauseTitle: 'Stop capturing new requests',
  onlyWithDevtools: 'Only while DevTools is open',
  onlyWithDevtoolsTitle: 'Capture nothing (at no cost) while DevTools is closed',
  witness: 'Page witness',
  witnessTitle: 'A script in each page tells CORS Lens what the page asked for (credentials, modes) and what it got. Off: verdicts that depend on it say so',
  exportBlocked: 'Export blocked:',
  exportBlockedTitle: 'Every blocked request of this tab in one report',
  exportOne: 'Export report:',
  copyMarkdown: 'Copy Markdown',
  copyMarkdownShort: 'Copy .md',
  copyMarkdownTitle: 'Copy the report as Markdown, ready to paste into a ticket',
  saveMarkdown: 'Save .md',
  saveMarkdownTitle: 'Save the report as a Markdown file',
  saveJson: 'Save .json',
  saveJsonTitle: 'Save the report as JSON (docs/report.schema.json)',
  copyCurl: 'Copy curl',
  copyCurlTitle: 'Copy curl commands that replay the preflight and the request',
  saved: (name: string) => `Saved ${name}`,
  includeSecrets: 'Include secrets in exports',
  includeSecretsShort: 'Include secrets',
  moreTools: 'More tools',
  exportBlockedMenu: 'Export blocked',
  includeSecretsTitle: 'Exports replace Cookie, Set-Cookie, Authorization and secret-looking query values unless this is on',
  secretsWarning: 'Exports now include cookies, Authorization and tokens: share them only with people who may see them.',
  filterPlaceholder: 'Filter: text, -exclude, method:, status:4xx, domain:, reason:',
  filterLabel: 'Filter the requests: words match the URL, method, status, reason; -word excludes; method:, status:, domain: and reason: narrow by one field',
  empty: 'No cross-origin requests yet. Reload the page to capture from the start.',
  noMatch: 'No request matches this filter.',
  filters: { all: 'All', blocked: 'Blocked', warnings: 'Warnings', preflighted: 'Preflighted' } satisfies Record<FilterId, string>,
  kinds: {
    allowed: 'allowed',
    blocked: 'blocked',
    warning: 'warning',
    'not-cors': 'not CORS',
    unknown: 'unknown',
    pending: 'pending',
  } satisfies Record<RowKind, string>,
  columns: {
    verdict: 'Verdict',
    method: 'Method',
    url: 'URL',
    initiator: 'Initiator',
    preflight: 'Preflight',
    status: 'Status',
    duration: 'Time',
    reason: 'Reason',
  },
  popupBlocked: (n: number) => `${n} blocked`,
  popupWarnings: (n: number) => `${n} with warnings`,
  popupAll: (n: number) => `${n} cross-origin in all`,
  popupEmpty: 'No cross-origin request captured in this tab yet (reload the page to capture from the start).',
  popupNoTab: 'No tab to describe.',
  popupHow:
    'The explanations and fixes are in DevTools (F12, or Ctrl+Shift+I; ⌥⌘I on macOS): the CORS tab, in the » menu of the tab bar when the window is narrow.',
  popupOpenWindow: 'Open the CORS panel in a tab',
  rowMenu: { curl: 'Copy as curl', fetch: 'Copy as fetch', report: 'Copy report (Markdown)' },
  sortBy: (column: string) => `Sort by ${column} (click again to reverse)`,
  /** The sort picker of a narrow list, or of a list beside the detail, where some heads are hidden. */
  sortPicker: 'Sort by any column, including the ones hidden at this width',
  captureOrder: 'Capture order',
  preflight: { paired: 'preflight', failed: 'preflight failed', cached: 'preflight cached' },
  notSent: 'not sent',
  failedStatus: '(failed)',
  back: '← Back',
  close: 'Close',
  loading: 'Loading the whole exchange…',
  closeTitle: 'Close the detail (Escape)',
  reason: 'Reason',
  chromiumName: 'Chromium',
  firefoxName: 'Firefox',
  noBrowserName: '—',
  firefoxDiffers: 'Firefox reports this one first:',
  /** Firefox's webRequest joins repeated headers: which key Firefox used cannot be told. */
  firefoxOr: 'or, if the server sent it as one line:',
  madeBy: 'Made by',
  timeline: 'Timeline',
  steps: { preflight: 'Preflight', redirect: 'Redirect', request: 'Request' },
  cachedPreflight: 'served from the preflight cache',
  noTiming: '—',
  checks: 'Checks',
  spec: 'spec',
  needed: 'needed',
  got: 'got',
  warnings: 'Warnings',
  hints: 'Other possible causes',
  headers: 'Headers',
  preflightRequest: 'Preflight request',
  preflightResponse: 'Preflight response',
  request: 'Request',
  response: 'Response',
  redirectResponse: (n: number) => `Redirect ${n} response`,
  noHeaders: 'not captured',
  fix: 'Fix',
  noFix: 'No server change needed.',
  fixPreflight: 'On the preflight (OPTIONS) response',
  fixResponse: 'On every actual response',
  whatIf: 'What if the server answered…',
  whatIfNote:
    'A simulation: edit what the server answered and see what the browser would do. Nothing is sent, and nothing changes in the browser or on the server.',
  whatIfCredentials: 'The page sends credentials (cookies, HTTP auth):',
  whatIfCredentialsUnknown: 'not known (as captured)',
  whatIfCredentialsYes: 'yes',
  whatIfCredentialsNo: 'no',
  whatIfPreflight: 'Preflight response (OPTIONS)',
  whatIfResponse: 'Response',
  whatIfResponseNotSent: 'Response (the request was not sent: what the server would answer)',
  whatIfStatus: 'Status',
  whatIfHeaderName: 'Header name',
  whatIfHeaderValue: 'Header value',
  whatIfRemove: 'Remove this header',
  whatIfAdd: 'Add a header',
  whatIfApplyFix: 'Apply the suggested fix',
  whatIfReset: 'Reset to what the server sent',
  whatIfPatch: 'Change for the server owner',
  whatIfPatchPreflight: (url: string) => `Preflight response (OPTIONS ${url})`,
  whatIfPatchResponse: (method: string, url: string) => `Response (${method} ${url})`,
  whatIfCopyReport: 'Copy report with this change',
  yourStack: 'Your server:',
  pickStack: 'pick yours: it is remembered',
  stackNotSaved: (error: string) => `Not remembered (${error}); used in this panel.`,
  otherStacks: (n: number) => `Other servers (${n})`,
  verified: 'Verified by CORS Lens: the real server with this configuration passes in real Chromium, and another origin is still refused.',
  notVerified: 'Not verified by CORS Lens yet:',
  stackDocs: (name: string) => `${name}'s CORS documentation`,
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Copy failed: select the text',
  language: 'Language',
  languageTitle: "The panel's and the Markdown report's language (by default, the browser's)",
} as const;

/** The shape every language's panel words have: English's keys, any text. */
type Widen<T> = T extends string ? string : T extends (...args: infer A) => string ? (...args: A) => string : { readonly [K in keyof T]: Widen<T[K]> };
export type PanelWords = Widen<typeof en>;

/** Every language's panel words: one per engine catalogue (a missing one fails to compile). */
export const PANEL_WORDS: Readonly<Record<LocaleTag, PanelWords>> = { en, es };

/** The panel's words now (live binding: read when rendering, not once at import). */
export let words: PanelWords = en;
/** The engine's catalogue in the panel's language. */
export let engineWords: Catalogue = catalogueFor('en');
export let panelLanguage: LocaleTag = 'en';

/** Switches the panel's words and the engine's sentences; any tag without a catalogue is English. */
export function setPanelLanguage(tag: string): LocaleTag {
  const t = localeOf(tag) ?? 'en';
  words = PANEL_WORDS[t];
  engineWords = catalogueFor(t);
  panelLanguage = t;
  // The page says its language: screen readers pronounce it, and the stylesheet sizes for it.
  if (typeof document !== 'undefined' && document.documentElement.lang !== t) document.documentElement.lang = t;
  return t;
}
