// Reading a HAR file (HAR 1.2 as Chrome and Firefox DevTools save it) into checked, typed
// entries. Anything that is not a HAR is refused with one clear sentence; an entry missing a
// field the CLI needs is skipped and counted, never guessed.
import type { HeaderEntry } from '../core/index.ts';

export interface HarEntry {
  /** Position in the file. */
  readonly index: number;
  readonly startedAt: number;
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: HeaderEntry[];
  readonly status: number;
  readonly responseHeaders: HeaderEntry[];
  readonly redirectURL: string;
  /** Chrome's `response._error` (e.g. net::ERR_FAILED). */
  readonly error: string | undefined;
  /** Chrome's `_initiator.type` ("script", "parser", "preflight", …). */
  readonly initiatorType: string | undefined;
  /** Chrome's `_resourceType` ("fetch", "xhr", "font", "preflight", …). */
  readonly resourceType: string | undefined;
  readonly pageref: string | undefined;
}

export interface HarFile {
  readonly browser: 'chromium' | 'firefox' | 'unknown';
  /** e.g. "Firefox 153" when the HAR says so. */
  readonly browserName: string | undefined;
  readonly pages: ReadonlyMap<string, string>;
  readonly entries: readonly HarEntry[];
  readonly skipped: number;
}

export class HarError extends Error {}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function headers(v: unknown): HeaderEntry[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).flatMap((h) => (typeof h['name'] === 'string' && typeof h['value'] === 'string' ? [{ name: h['name'], value: h['value'] }] : []));
}

function entry(v: unknown, index: number): HarEntry | null {
  if (!isObject(v) || !isObject(v['request']) || !isObject(v['response'])) return null;
  const req = v['request'];
  const res = v['response'];
  const method = str(req['method']);
  const url = str(req['url']);
  const status = res['status'];
  if (method === undefined || url === undefined || typeof status !== 'number') return null;
  const initiator = v['_initiator'];
  return {
    index,
    startedAt: Date.parse(str(v['startedDateTime']) ?? ''),
    method,
    url,
    requestHeaders: headers(req['headers']),
    status,
    responseHeaders: headers(res['headers']),
    redirectURL: str(res['redirectURL']) ?? '',
    error: str(res['_error']) || undefined,
    initiatorType: isObject(initiator) ? str(initiator['type']) : undefined,
    resourceType: str(v['_resourceType']),
    pageref: str(v['pageref']),
  };
}

function browserOf(log: Json, entries: readonly HarEntry[]): { browser: HarFile['browser']; name: string | undefined } {
  const creator = isObject(log['creator']) ? str(log['creator']['name']) ?? '' : '';
  const b = isObject(log['browser']) ? log['browser'] : undefined;
  const bName = b ? str(b['name']) ?? '' : '';
  const bVersion = b ? str(b['version']) ?? '' : '';
  if (/firefox/i.test(`${creator} ${bName}`)) return { browser: 'firefox', name: `Firefox${bVersion ? ` ${bVersion.split('.')[0]}` : ''}` };
  const chromeLike = /webinspector|chrom|edge|opera|brave/i.test(`${creator} ${bName}`) || entries.some((e) => e.initiatorType !== undefined || e.resourceType !== undefined);
  if (!chromeLike) return { browser: 'unknown', name: bName || undefined };
  // Chrome's HAR carries no version; the User-Agent it sent does.
  const ua = entries.flatMap((e) => e.requestHeaders).find((h) => h.name.toLowerCase() === 'user-agent')?.value ?? '';
  const m = /(?:HeadlessChrome|Chromium|Chrome)\/(\d+)/.exec(ua);
  return { browser: 'chromium', name: m ? `Chromium ${m[1]}` : 'Chromium' };
}

/** Parse the text of a .har file; throws HarError with a one-line message when it is not one. */
export function parseHar(textContent: string): HarFile {
  let data: unknown;
  try {
    data = JSON.parse(textContent.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new HarError(`not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(data) || !isObject(data['log'])) throw new HarError('not a HAR file: no "log" object at the top level');
  const log = data['log'];
  if (!Array.isArray(log['entries'])) throw new HarError('not a HAR file: "log.entries" is not an array');
  const raw = log['entries'];
  const entries = raw.map(entry).filter((e): e is HarEntry => e !== null);
  const pages = new Map<string, string>();
  if (Array.isArray(log['pages'])) {
    for (const p of log['pages']) if (isObject(p) && typeof p['id'] === 'string' && typeof p['title'] === 'string') pages.set(p['id'], p['title']);
  }
  const { browser, name } = browserOf(log, entries);
  return { browser, browserName: name, pages, entries, skipped: raw.length - entries.length };
}
