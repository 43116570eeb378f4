// `cors-lens check <url> --origin <origin> …`: what a page on <origin> would get from fetch(<url>),
// found by sending the browser's own requests (browser-fetch.ts) and judged by the engine. The
// report is explain's (renderMarkdown / renderJson), for the one exchange the check made.
import { BROWSER_ENGINES, en, evaluate, type BrowserEngine, type HeaderEntry } from '../core/index.ts';
import { renderJson, renderMarkdown, type ReportInput } from '../core/report/index.ts';
import { browserFetch, FetchNetworkError } from './browser-fetch.ts';
import { limits, limitsLine, NET_OPTIONS, origin, parse, str, strs, targetUrl, UsageError } from './net-args.ts';
import { TextOut, visible } from './output.ts';
import { checkConfig } from './check-config.ts';
import { stackUsage, takeStack } from './stack-arg.ts';
import { langUsage, takeLang } from './lang-arg.ts';
import { cliWords } from './words.ts';
import { packageVersion } from './version.ts';
import { BudgetError, Wire } from './wire.ts';
import type { CliIo } from './main.ts';

const OPTIONS = {
  ...NET_OPTIONS,
  origin: { type: 'string' },
  method: { type: 'string' },
  header: { type: 'string', multiple: true },
  credentials: { type: 'boolean' },
  browser: { type: 'string' },
  'no-redact': { type: 'boolean' },
  config: { type: 'string' },
} as const;

// Fetch #concept-method: a method is an HTTP token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function header(text: string): HeaderEntry {
  const colon = text.indexOf(':');
  const name = colon < 0 ? '' : text.slice(0, colon).trim();
  if (!TOKEN.test(name)) throw new UsageError((w) => w.errors.headerNotNameValue(text));
  const value = text.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(value)) throw new UsageError((w) => w.errors.headerLineBreak(name));
  return { name, value };
}

/** Run the check; the exit code. Network problems are one line and exit 2. */
export async function check(argv: readonly string[], io: CliIo): Promise<number> {
  const lang = takeLang(argv, io.env ?? {}, (say) => new UsageError(say));
  const w = cliWords(lang.catalogue.locale);
  const { stack, rest } = takeStack(lang.rest, (say) => new UsageError(say));
  const { values, positionals } = parse(rest, OPTIONS);
  if (values['help'] === true) {
    io.stdout(`${w.usage.check(stackUsage(w), langUsage(w))}\n`);
    return 0;
  }
  const configFile = str(values['config']);
  if (configFile !== undefined) {
    const other = ['origin', 'method', 'header', 'credentials', 'browser', 'no-redact'].find((k) => values[k] !== undefined);
    if (positionals.length > 0 || other !== undefined || stack !== undefined) throw new UsageError((w) => w.errors.configAlone(other));
    return checkConfig(configFile, values['json'] === true, (budget) => limits(values, budget), `cors-lens/${packageVersion() ?? '0'}`, io, w);
  }
  const url = targetUrl(positionals, 'check');
  const originText = str(values['origin']);
  if (originText === undefined) throw new UsageError((w) => w.errors.originRequired);
  if (stack !== undefined && values['json'] === true) throw new UsageError((w) => w.errors.stackNotMarkdown);
  const browser = str(values['browser']) ?? 'chromium';
  if (!isBrowserEngine(browser)) throw new UsageError((w) => w.errors.browserUnknown(browser));
  const method = str(values['method']) ?? 'GET';
  if (!TOKEN.test(method)) throw new UsageError((w) => w.errors.methodNotToken(method));
  const headers = strs(values['header']).map(header);
  const credentials = values['credentials'] === true;
  const forbidden = headers.find((h) => /^(origin|host|access-control-request-.*)$/i.test(h.name));
  if (forbidden !== undefined) throw new UsageError((w) => w.errors.headerSetByBrowser(forbidden.name));
  if (!credentials && headers.some((h) => /^cookie$/i.test(h.name))) throw new UsageError((w) => w.errors.cookieWithoutCredentials);

  const wire = new Wire(limits(values, 30));
  const slow = setTimeout(() => io.stderr(`cors-lens: ${w.progress.checking(visible(url))}\n`), 1000);
  let exchange: Awaited<ReturnType<typeof browserFetch>>;
  try {
    exchange = await browserFetch(wire, {
      url,
      origin: origin(originText),
      method,
      headers,
      credentials,
      browser,
      userAgent: `cors-lens/${packageVersion() ?? '0'}`,
    });
  } catch (e) {
    if (e instanceof FetchNetworkError || e instanceof BudgetError) throw new UsageError(e.say);
    throw e;
  } finally {
    clearTimeout(slow);
  }
  const verdict = evaluate(exchange);
  const json = values['json'] === true;
  // The JSON stays in English (its sentences are for reading along its codes), so its browser note does too.
  const words = (json ? en : lang.catalogue).report;
  const input: ReportInput = {
    exchange,
    verdict,
    capturedAt: Date.now(),
    browser: `${browser === 'chromium' ? 'Chromium' : 'Firefox'} ${words.checkBrowser}`,
    notes: [],
  };
  const redact = values['no-redact'] !== true;
  const out = new TextOut(io.stdout);
  const catalogue = lang.catalogue;
  out.write(json ? renderJson([input], { redact }) : renderMarkdown([input], stack === undefined ? { redact, catalogue } : { redact, stack, catalogue }));
  out.end();
  const sent = wire.log.map((r) => r.request.method).join(', ');
  io.stderr(
    `cors-lens: ${w.progress.checkDone(visible(url), lang.catalogue.report.kinds[verdict.outcome].toLowerCase(), verdict.reason, limitsLine(wire.limits, wire.sent, w), sent)}\n`,
  );
  return verdict.outcome === 'blocked' ? 1 : 0;
}

function isBrowserEngine(name: string): name is BrowserEngine {
  return (BROWSER_ENGINES as readonly string[]).includes(name);
}
