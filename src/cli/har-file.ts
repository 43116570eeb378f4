// Reading a HAR file (HAR 1.2 as Chrome and Firefox DevTools save it) into checked, typed
// entries. Anything that is not a HAR is refused with one clear sentence; an entry missing a
// field the CLI needs is skipped and counted, never guessed.
import type { HeaderEntry } from '../core/index.ts';
import { Said, type CliWords } from './words.ts';

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
  /** The request body (HAR `request.postData.text`), when the file has one within BODY_MAX_CHARS. */
  readonly body?: { readonly text: string; readonly mimeType?: string };
}

/** Longer bodies are left out of the replay (a report is pasted into a ticket). */
export const BODY_MAX_CHARS = 64 * 1024;

export interface HarFile {
  readonly browser: 'chromium' | 'firefox' | 'unknown';
  /** e.g. "Firefox 153" when the HAR says so. */
  readonly browserName: string | undefined;
  readonly pages: ReadonlyMap<string, string>;
  readonly entries: readonly HarEntry[];
  readonly skipped: number;
}

export class HarError extends Said {}

/** What the parser expected: a word of CliWords' `har.expected`, or a character as it is. */
type Expected = keyof CliWords['errors']['har']['expected'] | { readonly char: string };
const saidExpected = (w: CliWords, what: Expected): string => (typeof what === 'string' ? w.errors.har.expected[what] : `"${what.char}"`);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function headers(v: unknown): HeaderEntry[] {
  const out: HeaderEntry[] = [];
  if (!Array.isArray(v)) return out;
  for (const h of v as unknown[]) {
    if (!isObject(h)) continue;
    const name = h['name'];
    const value = h['value'];
    if (typeof name === 'string' && typeof value === 'string') out.push({ name, value });
  }
  return out;
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
    ...bodyOf(req['postData']),
  };
}

function bodyOf(postData: unknown): { body?: HarEntry['body'] } {
  if (!isObject(postData)) return {};
  const text = str(postData['text']);
  if (text === undefined || text.length === 0 || text.length > BODY_MAX_CHARS) return {};
  const mimeType = str(postData['mimeType']);
  return { body: { text, ...(mimeType ? { mimeType } : {}) } };
}

function browserOf(log: Json, entries: readonly HarEntry[]): { browser: HarFile['browser']; name: string | undefined } {
  const creator = isObject(log['creator']) ? (str(log['creator']['name']) ?? '') : '';
  const b = isObject(log['browser']) ? log['browser'] : undefined;
  const bName = b ? (str(b['name']) ?? '') : '';
  const bVersion = b ? (str(b['version']) ?? '') : '';
  if (/firefox/i.test(`${creator} ${bName}`)) return { browser: 'firefox', name: `Firefox${bVersion ? ` ${bVersion.split('.')[0]}` : ''}` };
  const chromeLike =
    /webinspector|chrom|edge|opera|brave/i.test(`${creator} ${bName}`) || entries.some((e) => e.initiatorType !== undefined || e.resourceType !== undefined);
  if (!chromeLike) return { browser: 'unknown', name: bName || undefined };
  // Chrome's HAR carries no version; the User-Agent it sent does.
  let ua = '';
  for (const e of entries) {
    ua = e.requestHeaders.find((h) => h.name.toLowerCase() === 'user-agent')?.value ?? '';
    if (ua !== '') break;
  }
  const m = /(?:HeadlessChrome|Chromium|Chrome)\/(\d+)/.exec(ua);
  return { browser: 'chromium', name: m ? `Chromium ${m[1]}` : 'Chromium' };
}

// The file is read as bytes and only its frame is walked here: the top-level object, its "log"
// object and the "log.entries" array. Every value inside (each entry, "creator", "pages", …) is
// handed to JSON.parse on its own, so a 200 MB HAR is never one string (V8 caps strings at
// 512 MB) nor one object tree: each entry's tree is dropped as soon as its fields are copied.
// (Walking into each entry to skip what the CLI does not read was measured slower on a
// 100k-entry HAR: JSON.parse of a whole entry beats a byte-by-byte walk in JavaScript.)
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

class Frame {
  pos = 0;
  constructor(readonly bytes: Buffer) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  skipWhitespace(): void {
    while (this.pos < this.bytes.length && WHITESPACE.has(this.bytes[this.pos] ?? 0)) this.pos++;
  }

  fail(what: Expected): never {
    const end = this.pos >= this.bytes.length;
    const byte = this.bytes[this.pos] ?? 0;
    const pos = this.pos;
    throw new HarError((w) => {
      const at = end ? w.errors.har.endOfFile : w.errors.har.unexpected(describeByte(byte, w), pos);
      return w.errors.har.notJson(at, saidExpected(w, what));
    });
  }

  /** Consume `ch` (after whitespace) or fail. */
  expect(ch: string, what: Expected = { char: ch }): void {
    this.skipWhitespace();
    if (this.bytes[this.pos] !== ch.charCodeAt(0)) this.fail(what);
    this.pos++;
  }

  /** Consume `ch` (after whitespace) if it is next. */
  accept(ch: string): boolean {
    this.skipWhitespace();
    if (this.bytes[this.pos] !== ch.charCodeAt(0)) return false;
    this.pos++;
    return true;
  }

  peek(): number | undefined {
    this.skipWhitespace();
    return this.bytes[this.pos];
  }

  /** The end (exclusive) of the string starting at `start` (its opening quote). */
  #stringEnd(start: number): number {
    let i = start + 1;
    for (;;) {
      const q = indexOf(this.bytes, QUOTE, i);
      if (q < 0) {
        this.pos = this.bytes.length;
        this.fail('endOfString');
      }
      let backslashes = 0;
      while (this.bytes[q - 1 - backslashes] === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) return q + 1;
      i = q + 1;
    }
  }

  /** The next value's text (not yet checked: JSON.parse does that), consumed. */
  rawValue(what: Expected): { text: string; at: number } {
    const start = this.skip(what);
    return { text: this.bytes.toString('utf8', start, this.pos), at: start };
  }

  /** Step over the next value (strings and brackets balanced, nothing decoded); returns where it started. */
  skip(what: Expected): number {
    this.skipWhitespace();
    const start = this.pos;
    const b = this.bytes;
    let i = start;
    const first = b[i];
    if (first === undefined) this.fail(what);
    if (first === QUOTE) i = this.#stringEnd(i);
    else if (first === 0x7b || first === 0x5b) {
      let depth = 0;
      do {
        const c = b[i];
        if (c === undefined) {
          this.pos = b.length;
          this.fail('endOfContainer');
        }
        if (c === QUOTE) {
          i = this.#stringEnd(i);
          continue;
        }
        if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) depth--;
        i++;
      } while (depth > 0);
    } else {
      // A number, true, false or null: up to the next delimiter.
      while (i < b.length && !WHITESPACE.has(b[i] ?? 0) && b[i] !== 0x2c && b[i] !== 0x7d && b[i] !== 0x5d) i++;
      if (i === start) this.fail(what);
    }
    this.pos = i;
    return start;
  }

  /** The next value, parsed. */
  value(what: Expected): unknown {
    const { text, at } = this.rawValue(what);
    try {
      return JSON.parse(text);
    } catch (e) {
      const problem = (e as Error).message;
      throw new HarError((w) => w.errors.har.notJsonValue(problem, at));
    }
  }

  /** The next object key. */
  key(): string {
    if (this.peek() !== QUOTE) this.fail('key');
    const k = this.value('aKey');
    return typeof k === 'string' ? k : '';
  }

  /** Walk an object: `onMember` consumes each member's value. */
  object(onMember: (key: string) => void): void {
    this.expect('{');
    if (this.accept('}')) return;
    do {
      const k = this.key();
      this.expect(':');
      onMember(k);
    } while (this.accept(','));
    this.expect('}', 'commaOrBrace');
  }

  /** Walk an array: `onElement` consumes each element. */
  array(onElement: () => void): void {
    this.expect('[');
    if (this.accept(']')) return;
    do onElement();
    while (this.accept(','));
    this.expect(']', 'commaOrBracket');
  }
}

function indexOf(bytes: Buffer, byte: number, from: number): number {
  return bytes.indexOf(byte, from);
}

function describeByte(b: number, w: CliWords): string {
  return b >= 0x21 && b <= 0x7e ? `"${String.fromCharCode(b)}"` : w.errors.har.byte(b.toString(16).padStart(2, '0'));
}

/**
 * Parse a .har file (its bytes, or its text); throws HarError with a one-line message when it
 * is not one.
 */
export function parseHar(content: string | Uint8Array): HarFile {
  let bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const frame = new Frame(bytes);
  frame.skipWhitespace();
  if (frame.done) throw new HarError((w) => w.errors.har.empty);
  const log: Json = {};
  let sawLog = false;
  let entries: HarEntry[] | undefined;
  let rawCount = 0;
  const readEntries = (): void => {
    entries = [];
    rawCount = 0;
    const list = entries;
    frame.array(() => {
      const e = entry(frame.value('entry'), rawCount++);
      if (e !== null) list.push(e);
    });
  };
  if (frame.peek() !== 0x7b) {
    // Not an object: let JSON.parse judge it (a syntax error, or valid JSON that is no HAR).
    frame.value('jsonValue');
    frame.skipWhitespace();
    if (!frame.done) frame.fail('endOfFile');
    throw new HarError((w) => w.errors.har.noLog);
  }
  frame.object((key) => {
    if (key !== 'log') {
      frame.value('value');
      return;
    }
    if (frame.peek() !== 0x7b) {
      const v = frame.value('value');
      sawLog = isObject(v);
      return;
    }
    sawLog = true;
    entries = undefined;
    for (const k of Object.keys(log)) delete log[k];
    frame.object((k) => {
      if (k === 'entries' && frame.peek() === 0x5b) readEntries();
      else {
        log[k] = frame.value('value');
        if (k === 'entries') entries = undefined;
      }
    });
  });
  frame.skipWhitespace();
  if (!frame.done) frame.fail('endOfFile');
  if (!sawLog) throw new HarError((w) => w.errors.har.noLog);
  if (entries === undefined) throw new HarError((w) => w.errors.har.noEntries);
  const pages = new Map<string, string>();
  if (Array.isArray(log['pages'])) {
    for (const p of log['pages']) if (isObject(p) && typeof p['id'] === 'string' && typeof p['title'] === 'string') pages.set(p['id'], p['title']);
  }
  const { browser, name } = browserOf(log, entries);
  return { browser, browserName: name, pages, entries, skipped: rawCount - entries.length };
}
