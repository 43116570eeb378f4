// Failing-request reports: what a user hands to the server owner. Pure functions (no browser
// API, no I/O) over judged exchanges; redaction of secrets is on unless `{ redact: false }`.
//
//   renderMarkdown(inputs, options)   Markdown for a ticket (one exchange, or an index + sections)
//   renderJson(inputs, options)       the same content as JSON (docs/report.schema.json)
//   renderCurl(input, options)        the preflight, the actual request and each redirect hop as curl commands
//   renderCurlScript(inputs, options) the same for several exchanges, as one commented sh script
//   reportFileName(inputs, format)    cors-lens-<host>-<UTC time>-<what>-<digest>.<md|json|sh>
//   buildReport(inputs, options)      the report document itself (what renderJson serialises)

export type {
  CaptureNote,
  Report,
  ReportCheck,
  ReportExchange,
  ReportFix,
  ReportInput,
  ReportKind,
  ReportOptions,
  ReportPreflight,
  ReportRedirect,
  ReportResponse,
  ReportSource,
  RequestBody,
} from './types.ts';
export { CAPTURE_NOTES } from './types.ts';
export { buildReport } from './model.ts';
export { renderMarkdown } from './markdown.ts';
export { renderJson, REPORT_FORMAT, REPORT_VERSION } from './json.ts';
export type { CurlCommands, CurlHop } from './curl.ts';
export { PLACEHOLDER, renderCurl, renderCurlScript } from './curl.ts';
export { shellQuote } from './shell-quote.ts';
/** The what-if editor's change and simulated verdict as a report section. */
export { whatIfMarkdown } from './what-if-section.ts';
/** The request as a fetch() call for the page's console. */
export { renderFetch } from './fetch-call.ts';
export { reportFileName } from './file-name.ts';
export { isSecretHeader, isSecretParam, redactHeaders, redactUrl, REDACTED } from './redact.ts';
export { isoUtc, reportKind } from './facts.ts';
/** Markdown escaping for any text a report (or the CLI's own report) puts in Markdown. */
export { code, codeBlock, text } from './markdown-escape.ts';
export { reportWords } from './words.ts';
/** The languages a report (and the CLI) can be written in: the catalogue registry and its words. */
export { catalogueFor, LOCALE_TAGS, LOCALES, localeOf, type LocaleTag } from '../messages/locales.ts';
export type { AuditFinding, AuditWords, Catalogue, ReportWords } from '../messages/catalogue.ts';
