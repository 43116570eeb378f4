// The CLI's own words in English: --help, the one-line errors, the progress and summary lines on
// stderr. The reports' words are the engine's catalogue (src/core/messages/); these follow the
// same language (`--lang`, else LC_ALL/LC_MESSAGES/LANG: lang-arg.ts). Another language is a
// `words-<tag>.ts` typed against this one (a missing key fails to compile) and a line in
// CLI_WORDS. Values from the user or the network are passed in; the caller makes them visible.
import type { LocaleTag } from '../core/report/index.ts';
import { located } from './words-format.ts';
import { CLI_WORDS_ES } from './words-es.ts';

const CLI_WORDS_EN = {
  usage: {
    explain: (
      stackHelp: string,
      langHelp: string,
    ) => `Usage: cors-lens explain <file.har | -> [--json | --curl] [--all] [--each] [--no-redact] [--stack <name>] [--lang es|en]

Explains every cross-origin request in a HAR file saved from Chrome or Firefox DevTools
("-" reads the HAR from standard input). By default only blocked requests and requests with
warnings are reported, and requests that went the same way (same method, endpoint, page
origin and verdict) are reported once, with their count and one full example.

  --json        the report as JSON (docs/report.schema.json), one entry per request
  --curl        only the curl commands that reproduce each request (or group)
  --all         also report allowed and not-CORS cross-origin requests
  --each        one section (or curl script) per request instead of one per group
  --no-redact   keep cookies, authorization and secret-looking query values
${stackHelp}
${langHelp}
                (--json stays in English: tools read its codes)
  -h, --help    this help

Exit codes: 0 nothing blocked, 1 blocked requests found, 2 usage, input or internal error.

       cors-lens check <url> --origin <origin> …   test a live server as a browser would
       cors-lens audit <url> [--origin <trusted>]…  probe it for origins it should not trust
(cors-lens check --help, cors-lens audit --help for their options)`,
    check: (stackHelp: string, langHelp: string) => `Usage: cors-lens check <url> --origin <origin> [--method M] [--header 'Name: value']…
                       [--credentials] [--browser chromium|firefox] [--json] [--no-redact]
                       [--stack name] [--lang es|en] [--timeout s] [--max-requests n] [--insecure]
       cors-lens check --config cors.json [--json] [--timeout s] [--max-requests n] [--insecure]

Sends what the browser sends for fetch(<url>) from a page on <origin>: the preflight when one
is needed, then the request, following redirects as the browser does. Prints the report of
\`explain\` for that request. Exit codes: 0 allowed, 1 blocked, 2 usage or network error.
With --config: every endpoint of the file against the origins it must allow and refuse
(docs/check-config.schema.json); one table; exit 1 when an expectation is broken.
${stackHelp}
${langHelp}
                (--json stays in English: tools read its codes)`,
    audit: (langHelp: string) => `Usage: cors-lens audit <url> [--origin <trusted>]… [--credentials] [--fail-on low|medium|high|critical]
                       [--lang es|en] [--json] [--timeout s] [--max-requests n] [--insecure]

Sends <url> a GET from forged origins (any origin, null, tricks around each trusted origin:
prefix, suffix, unescaped dot, special characters, any subdomain, http:// instead of https://)
and reports each one the server trusts, with its severity and the response that proves it.
Without --origin, the URL's own origin stands for the trusted one. --credentials: count a
forged origin only when it may read responses made with cookies (Access-Control-Allow-Credentials).
Exit codes: 0 no finding at or above --fail-on (default high), 1 some, 2 usage or network error.
${langHelp}
                (--json stays in English)`,
    stack: (stacks: string) => `  --stack <name> show that server's fix snippet first, one of:\n                ${stacks}`,
    lang: (tags: string) => `  --lang <tag>  the report's language, ${tags} (default: from LC_ALL, LC_MESSAGES
                or LANG, e.g. es_ES.UTF-8; English otherwise)`,
  },
  or: ' or ',
  standardInput: 'standard input',
  internalError: (what: string) => `internal error: ${what}`,
  errors: {
    unknownOption: (option: string) => `unknown option ${option} (cors-lens --help lists the options)`,
    takesNoValue: (option: string) => `${option} takes no value`,
    needsValue: (option: string) => `${option} needs a value`,
    valueLooksLikeOption: (option: string) => `${option}'s value starts with a dash: write ${option}=<value>`,
    unexpectedArgument: (arg: string) => `unexpected argument "${arg}"`,
    noCommand: 'no command given (cors-lens --help for usage)',
    unknownCommand: (command: string) => `unknown command "${command}" (the commands are explain, check and audit)`,
    noHarFile: 'no HAR file given ("-" reads it from standard input)',
    oneHarFile: 'only one HAR file at a time',
    jsonAndCurl: '--json and --curl exclude each other',
    eachWithJson: '--each is for the Markdown report and --curl; --json always lists each request',
    stackNotMarkdown: '--stack is for the Markdown report (--json keeps the Express, nginx and Caddy snippets)',
    cannotRead: (name: string, why: string) => `cannot read ${name}: ${why}`,
    noSuchFile: 'no such file',
    isDirectory: 'is a directory',
    permissionDenied: 'permission denied',
    fileTooLarge: 'file too large (over 2 GiB)',
    inFile: located,
    langMissing: (tags: string) => `--lang needs a language (${tags})`,
    langUnknown: (value: string, tags: string) => `unknown language "${value}" for --lang (${tags})`,
    langTwice: 'only one --lang at a time',
    stackMissing: '--stack needs a server name (cors-lens --help lists them)',
    stackUnknown: (value: string, stacks: string) => `unknown stack "${value}" (one of ${stacks})`,
    stackTwice: 'only one --stack at a time',
    noUrl: (command: string) => `no URL given (cors-lens ${command} <url> …)`,
    oneUrl: (extra: string) => `one URL at a time (got also "${extra}")`,
    notUrl: (url: string) => `not a URL: "${url}"`,
    notHttp: (protocol: string) => `only http and https URLs can be checked, not ${protocol}`,
    notOrigin: (option: string, text: string) => `${option} "${text}" is not an origin (scheme://host[:port], or null)`,
    notNumber: (option: string, max: number, text: string) => `${option} takes a number from 0 to ${max}, not "${text}"`,
    badOption: (message: string) => `${message} (cors-lens --help lists the options)`,
    headerNotNameValue: (text: string) => `--header "${text}" is not "Name: value"`,
    headerLineBreak: (name: string) => `--header ${name}: the value holds a line break or NUL`,
    configAlone: (other: string | undefined) => `--config takes the endpoints from the file: no URL${other ? ` and no --${other}` : ''} with it`,
    originRequired: '--origin is required: the origin of the page that would make the request',
    browserUnknown: (browser: string) => `--browser is chromium or firefox, not "${browser}"`,
    methodNotToken: (method: string) => `--method "${method}" is not an HTTP method`,
    headerSetByBrowser: (name: string) => `--header ${name}: the browser sets it, not the page`,
    cookieWithoutCredentials: '--header Cookie: the browser sends cookies only with --credentials',
    failOnUnknown: (severities: string, value: string) => `--fail-on is one of ${severities}, not "${value}"`,
    network: located,
    budgetSpent: (budget: number) => `request budget of ${budget} spent (--max-requests raises it)`,
    from: (request: string, origin: string, problem: string) => `${request} from ${origin}: ${problem}`,
    config: {
      unknownKey: (where: string, key: string, keys: string) => `${where}: unknown key "${key}" (one of ${keys})`,
      originList: (where: string, max: number) => `${where} is a list of at most ${max} origins`,
      notString: (where: string) => `${where} is not a string`,
      notJson: (problem: string) => `the config is not JSON: ${problem}`,
      notObject: 'the config is a JSON object with "endpoints"',
      browser: '"browser" is "chromium" or "firefox"',
      endpoints: (max: number) => `"endpoints" is a list of 1 to ${max} endpoints`,
      endpointNotObject: (where: string) => `${where} is not an object`,
      urlRequired: (where: string) => `${where}.url is required`,
      notUrl: (where: string, url: string) => `${where}.url is not a URL: "${url}"`,
      notHttp: (where: string) => `${where}.url: only http and https URLs can be checked`,
      method: (where: string) => `${where}.method is not an HTTP method`,
      headers: (where: string) => `${where}.headers is an object of header names to values`,
      headerName: (where: string, name: string) => `${where}.headers: "${name}" is not a header name`,
      headerOneLine: (where: string, name: string) => `${where}.headers.${name} is a one-line string`,
      headerSetByBrowser: (where: string, name: string) => `${where}.headers.${name}: the browser sets it, not the page`,
      credentials: (where: string) => `${where}.credentials is true or false`,
      noOrigin: (where: string) => `${where} has no origin to check: give "allow", "refuse" or both`,
      cannotRead: (file: string, why: string) => `cannot read the config ${file}: ${why}`,
    },
    har: {
      notJson: (at: string, expected: string) => `not valid JSON (${at}, expected ${expected})`,
      notJsonValue: (problem: string, at: number) => `not valid JSON (${problem}, in the value at byte ${at})`,
      endOfFile: 'unexpected end of file',
      unexpected: (what: string, at: number) => `unexpected ${what} at byte ${at}`,
      byte: (hex: string) => `byte 0x${hex}`,
      empty: 'empty file',
      noLog: 'not a HAR file: no "log" object at the top level',
      noEntries: 'not a HAR file: "log.entries" is not an array',
      expected: {
        value: 'a value',
        endOfContainer: 'the end of an object or array',
        key: 'a key in double quotes',
        endOfString: 'the end of a string',
        endOfFile: 'the end of the file',
        colon: '":"',
        aKey: 'a key',
        entry: 'an entry',
        jsonValue: 'a JSON value',
        commaOrBrace: '"," or "}"',
        commaOrBracket: '"," or "]"',
      },
    },
    wire: {
      timeout: (seconds: number) => `no response within ${seconds} s`,
      refused: 'connection refused',
      hostNotFound: 'host not found',
      reset: 'connection reset by the server',
      headersTooLarge: (kib: number) => `response headers larger than ${kib} KiB`,
      notTls: 'TLS handshake failed: the server does not answer in TLS on this port (http:// rather than https://?)',
      certificate: (detail: string) => `TLS certificate not trusted (${detail}); --insecure accepts it`,
      handshake: (detail: string) => `TLS handshake failed${detail}`,
      invalidUrl: 'invalid URL',
      redirectLoop: (from: string, to: string, hops: number) => `redirect loop: ${from} redirects back to ${to} (after ${hops} redirects)`,
    },
  },
  table: {
    endpoint: 'Endpoint',
    origin: 'Origin',
    expected: 'Expected',
    got: 'Got',
    ok: 'ok',
    broken: 'BROKEN',
    allowed: 'allowed',
    refused: 'refused',
    allHold: (n: number) => `All ${n} expectations hold.`,
    someBroken: (broken: number, n: number) => `${broken} of ${n} expectations broken.`,
  },
  progress: {
    explainDone: (c: { requests: number; blocked: number; warnings: number; reported: number }, entries: number, skipped: number, groups: number | undefined) =>
      `${c.requests} cross-origin requests (${c.blocked} blocked, ${c.warnings} with warnings) in ${entries} entries${skipped > 0 ? `, ${skipped} unreadable entries skipped` : ''}; reporting ${c.reported}${groups !== undefined ? ` in ${groups} groups` : ''}`,
    checking: (url: string) => `checking ${url} …`,
    probing: (url: string) => `probing ${url} …`,
    checkedSoFar: (done: number, total: number) => `${done} of ${total} checked`,
    limits: (sent: number, budget: number, seconds: number, insecure: boolean) =>
      `${sent} of at most ${budget} requests sent, ${seconds} s timeout each${insecure ? ', TLS certificates not verified (--insecure)' : ''}`,
    checkDone: (url: string, outcome: string, reason: string, limits: string, methods: string) =>
      `${url}: ${outcome} (${reason}); ${limits} (${methods}), at most 20 redirects`,
    auditDone: (url: string, findings: number, failing: number, failOn: string, limits: string) =>
      `${url}: ${findings} findings, ${failing} at or above ${failOn}; ${limits}`,
    configDone: (expectations: number, broken: number, limits: string) => `${expectations} expectations, ${broken} broken; ${limits}`,
  },
};

export type CliWords = typeof CLI_WORDS_EN;

const CLI_WORDS: Readonly<Record<LocaleTag, CliWords>> = { en: CLI_WORDS_EN, es: CLI_WORDS_ES };

/** The CLI's words in the report's language. */
export function cliWords(locale: string): CliWords {
  return CLI_WORDS[locale as LocaleTag] ?? CLI_WORDS_EN;
}

/**
 * An error whose one line is said in the user's language: `say` picks the words. Its `message`
 * is the English line (for logs and tests that read it).
 */
export type Say = (w: CliWords) => string;

export class Said extends Error {
  constructor(readonly say: Say) {
    super(say(CLI_WORDS_EN));
  }
}
