// `cors-lens check --config cors.json`: a file of endpoints, each with the origins that must be
// allowed and those that must be refused (with the request's method, headers and credentials).
// Each (endpoint, origin) is checked as `check` does it, one after the other; one summary
// table; exit 1 when any expectation is broken, 2 when the file is unreadable or malformed (one
// line naming where) or a request cannot be made. The file's shape: docs/check-config.schema.json
// (a unit test keeps this reader and the schema in agreement).
import { readFileSync } from 'node:fs';
import { evaluate, type BrowserEngine, type HeaderEntry } from '../core/index.ts';
import { browserFetch, FetchNetworkError } from './browser-fetch.ts';
import { limitsLine, origin as parseOrigin, UsageError } from './net-args.ts';
import type { CliWords } from './words.ts';
import { TextOut, visible } from './output.ts';
import { BudgetError, Wire, type WireLimits } from './wire.ts';
import type { CliIo } from './main.ts';

interface ConfigEndpoint {
  readonly url: string;
  readonly method: string;
  readonly headers: readonly HeaderEntry[];
  readonly credentials: boolean;
  readonly allow: readonly string[];
  readonly refuse: readonly string[];
}

export interface CheckConfig {
  readonly browser: BrowserEngine;
  readonly endpoints: readonly ConfigEndpoint[];
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const MAX_ENDPOINTS = 200;
const MAX_ORIGINS = 50;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function only(o: Record<string, unknown>, keys: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new UsageError((w) => w.errors.config.unknownKey(where, visible(k), keys.join(', ')));
}

function origins(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > MAX_ORIGINS) throw new UsageError((w) => w.errors.config.originList(where, MAX_ORIGINS));
  return v.map((o, i) => {
    if (typeof o !== 'string') throw new UsageError((w) => w.errors.config.notString(`${where}[${i}]`));
    // An origin, not a URL: no path, query or fragment (the schema's pattern).
    if (o !== 'null' && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]+$/.test(o)) throw new UsageError((w) => w.errors.notOrigin(`${where}[${i}]`, visible(o)));
    return parseOrigin(o, `${where}[${i}]`);
  });
}

/** The config as read from JSON text; a UsageError naming the place when it is not one. */
export function readConfig(text: string): CheckConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError((w) => w.errors.config.notJson(e instanceof Error ? e.message : String(e)));
  }
  if (!isObject(json)) throw new UsageError((w) => w.errors.config.notObject);
  only(json, ['$schema', 'browser', 'endpoints'], 'the config');
  const browser = json['browser'] ?? 'chromium';
  if (browser !== 'chromium' && browser !== 'firefox') throw new UsageError((w) => w.errors.config.browser);
  const list = json['endpoints'];
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_ENDPOINTS) throw new UsageError((w) => w.errors.config.endpoints(MAX_ENDPOINTS));
  const endpoints = list.map((e, i): ConfigEndpoint => {
    const where = `endpoints[${i}]`;
    if (!isObject(e)) throw new UsageError((w) => w.errors.config.endpointNotObject(where));
    only(e, ['url', 'method', 'headers', 'credentials', 'allow', 'refuse'], where);
    const url = e['url'];
    if (typeof url !== 'string') throw new UsageError((w) => w.errors.config.urlRequired(where));
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new UsageError((w) => w.errors.config.notUrl(where, visible(url)));
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError((w) => w.errors.config.notHttp(where));
    const method = e['method'] ?? 'GET';
    if (typeof method !== 'string' || !TOKEN.test(method)) throw new UsageError((w) => w.errors.config.method(where));
    const h = e['headers'] ?? {};
    if (!isObject(h)) throw new UsageError((w) => w.errors.config.headers(where));
    const headers = Object.entries(h).map(([name, value]): HeaderEntry => {
      if (!TOKEN.test(name)) throw new UsageError((w) => w.errors.config.headerName(where, visible(name)));
      if (typeof value !== 'string' || /[\r\n\0]/.test(value)) throw new UsageError((w) => w.errors.config.headerOneLine(where, name));
      if (/^(origin|host|access-control-request-.*)$/i.test(name)) throw new UsageError((w) => w.errors.config.headerSetByBrowser(where, name));
      return { name, value };
    });
    const credentials = e['credentials'] ?? false;
    if (typeof credentials !== 'boolean') throw new UsageError((w) => w.errors.config.credentials(where));
    const allow = origins(e['allow'], `${where}.allow`);
    const refuse = origins(e['refuse'], `${where}.refuse`);
    if (allow.length + refuse.length === 0) throw new UsageError((w) => w.errors.config.noOrigin(where));
    return { url: u.href, method, headers, credentials, allow, refuse };
  });
  return { browser, endpoints };
}

interface ConfigRow {
  readonly url: string;
  readonly method: string;
  readonly origin: string;
  readonly expected: 'allowed' | 'refused';
  /** The verdict's outcome and reason, e.g. `blocked (missing-allow-origin)`. */
  readonly got: string;
  readonly ok: boolean;
}

/** Runs every expectation of the config; the rows in file order. Network failures are usage errors (exit 2). */
async function runConfig(config: CheckConfig, wire: Wire, userAgent: string, progress: (done: number, total: number) => void): Promise<ConfigRow[]> {
  const rows: ConfigRow[] = [];
  const total = expectations(config);
  for (const e of config.endpoints) {
    for (const [expected, list] of [
      ['allowed', e.allow],
      ['refused', e.refuse],
    ] as const) {
      for (const origin of list) {
        let exchange: Awaited<ReturnType<typeof browserFetch>>;
        try {
          exchange = await browserFetch(wire, {
            url: e.url,
            origin,
            method: e.method,
            headers: e.headers,
            credentials: e.credentials,
            browser: config.browser,
            userAgent,
          });
        } catch (err) {
          if (err instanceof FetchNetworkError || err instanceof BudgetError)
            throw new UsageError((w) => w.errors.from(`${e.method} ${e.url}`, origin, err.say(w)));
          throw err;
        }
        const v = evaluate(exchange);
        // "Refused" is what the browser would do with a blocked exchange; allowed must be a flat allowed.
        const ok = expected === 'allowed' ? v.outcome === 'allowed' : v.outcome === 'blocked';
        rows.push({ url: e.url, method: e.method, origin, expected, got: `${v.outcome} (${v.reason})`, ok });
        progress(rows.length, total);
      }
    }
  }
  return rows;
}

/** The summary table (Markdown), one row per expectation, control bytes made visible. */
function configTable(rows: readonly ConfigRow[], w: CliWords): string {
  const cell = (s: string) => visible(s).replace(/\|/g, '\\|');
  const broken = rows.filter((r) => !r.ok).length;
  return [
    `| | ${w.table.endpoint} | ${w.table.origin} | ${w.table.expected} | ${w.table.got} |`,
    '|---|---|---|---|---|',
    ...rows.map(
      (r) => `| ${r.ok ? w.table.ok : w.table.broken} | ${cell(`${r.method} ${r.url}`)} | ${cell(r.origin)} | ${w.table[r.expected]} | ${cell(r.got)} |`,
    ),
    '',
    broken === 0 ? w.table.allHold(rows.length) : w.table.someBroken(broken, rows.length),
    '',
  ].join('\n');
}

/** Requests per expectation the run's budget allows by default (a preflight, the request, redirects). */
const REQUESTS_PER_EXPECTATION = 10;

const expectations = (c: CheckConfig): number => c.endpoints.reduce((n, e) => n + e.allow.length + e.refuse.length, 0);

/** `check --config <file>`: the exit code. `limitsFor` gets the default budget for this file's expectations. */
export async function checkConfig(
  file: string,
  json: boolean,
  limitsFor: (budget: number) => WireLimits,
  userAgent: string,
  io: CliIo,
  w: CliWords,
): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError((w) => w.errors.config.cannotRead(visible(file), (e as NodeJS.ErrnoException).code ?? String(e)));
  }
  const config = readConfig(text);
  const started = Date.now();
  // One budget for the whole run: the file says how many requests it may take, bounded.
  const wire = new Wire(limitsFor(Math.min(10_000, REQUESTS_PER_EXPECTATION * expectations(config))));
  const rows = await runConfig(config, wire, userAgent, (done, total) => {
    if (Date.now() - started > 1000) io.stderr(`cors-lens: ${w.progress.checkedSoFar(done, total)}\n`);
  });
  io.stderr(`cors-lens: ${w.progress.configDone(rows.length, rows.filter((r) => !r.ok).length, limitsLine(wire.limits, wire.sent, w))}\n`);
  const out = new TextOut(io.stdout);
  out.write(json ? `${JSON.stringify({ browser: config.browser, rows }, null, 2)}\n` : configTable(rows, w));
  out.end();
  return rows.every((r) => r.ok) ? 0 : 1;
}
