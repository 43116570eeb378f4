// Builds webRequest-shaped event sequences as Chromium and Firefox deliver them
// (docs/browser-testing.md), to drive the background in Node.
import type { CaptureHandlers } from '../../src/background/listeners.ts';
import type { WireHeader } from '../../src/background/events.ts';

export const PAGE = 'http://localhost:5173';
export const API_ORIGIN = 'http://127.0.0.1:8080';
/** The response headers of a server that lets any origin read it. */
export const ALLOW_ANY_ORIGIN: Array<[string, string]> = [['Access-Control-Allow-Origin', '*']];

// Wall-clock milliseconds, like real webRequest timestamps (persistence ages records by them).
const tick = () => Date.now();

export interface FakeRequest {
  requestId: string;
  url: string;
  method: string;
  tabId?: number;
  type?: string;
  initiator?: string;
  headers?: Array<[string, string]>;
  /** webRequest's frameId (0: the top frame). */
  frameId?: number;
  /** Chromium's document making the request, and its parent (a frame's). */
  documentId?: string;
  parentDocumentId?: string;
  /** Firefox's documentUrl (default: the initiator's /index.html). */
  documentUrl?: string;
  /**
   * Made by an opaque-origin document (a sandboxed iframe): Chromium's initiator is "null",
   * Firefox gives neither originUrl nor documentUrl; the Origin header is `null`.
   */
  opaque?: true;
}

const wire = (pairs: Array<[string, string]> = []): WireHeader[] => pairs.map(([name, value]) => ({ name, value }));

/** Drives one request through a handler set in a browser's event order. */
export class Wire {
  constructor(
    private readonly h: CaptureHandlers,
    private readonly browser: 'chromium' | 'firefox' = 'chromium',
  ) {}

  private base(r: FakeRequest) {
    const initiator = r.initiator ?? PAGE;
    return {
      requestId: r.requestId,
      url: r.url,
      method: r.method,
      tabId: r.tabId ?? 1,
      type: r.type ?? 'xmlhttprequest',
      timeStamp: tick(),
      frameId: r.frameId ?? 0,
      ...(r.documentId !== undefined ? { documentId: r.documentId } : {}),
      ...(r.parentDocumentId !== undefined ? { parentDocumentId: r.parentDocumentId } : {}),
      ...(this.browser === 'chromium'
        ? { initiator: r.opaque ? 'null' : initiator }
        : r.opaque
          ? {}
          : { originUrl: `${initiator}/index.html`, documentUrl: r.documentUrl ?? `${initiator}/index.html` }),
    };
  }

  start(r: FakeRequest): void {
    this.h.beforeRequest(this.base(r));
  }

  send(r: FakeRequest): void {
    const origin = r.opaque ? 'null' : (r.initiator ?? PAGE);
    this.h.sendHeaders({ ...this.base(r), requestHeaders: wire([['Origin', origin], ['Sec-Fetch-Mode', 'cors'], ['User-Agent', 'UA'], ...(r.headers ?? [])]) });
  }

  respond(r: FakeRequest, status: number, headers: Array<[string, string]>): void {
    this.h.headersReceived({ ...this.base(r), statusCode: status, responseHeaders: wire(headers) });
  }

  redirect(r: FakeRequest, status: number, headers: Array<[string, string]>, to: string): void {
    this.respond(r, status, [...headers, ['Location', to]]);
    this.redirected(r, status, to);
  }

  /** onBeforeRedirect alone: the browser follows the 3xx that `respond` delivered. */
  redirected(r: FakeRequest, status: number, to: string): void {
    this.h.beforeRedirect({ ...this.base(r), statusCode: status, redirectUrl: to });
  }

  complete(r: FakeRequest, status: number): void {
    this.h.completed({ ...this.base(r), statusCode: status });
  }

  /** A request whose headers went out gets its `200` with `headers`, then completes. */
  answer(r: FakeRequest, headers: Array<[string, string]>): void {
    this.respond(r, 200, headers);
    this.complete(r, 200);
  }

  /** The rest of a started request, succeeding: its headers go out, then `answer`. */
  finish(r: FakeRequest, headers: Array<[string, string]>): void {
    this.send(r);
    this.answer(r, headers);
  }

  fail(r: FakeRequest, error = 'net::ERR_FAILED'): void {
    this.h.errorOccurred({ ...this.base(r), error });
  }

  /** A whole preflight exchange for `actual`, with its own request id. */
  preflight(actual: FakeRequest, id: string, status: number, headers: Array<[string, string]>, acrh?: string): FakeRequest {
    const p = preflightOf(actual, id);
    this.start(p);
    this.h.sendHeaders({
      ...this.base(p),
      requestHeaders: wire([
        ['Accept', '*/*'],
        ['Access-Control-Request-Method', actual.method],
        ...(acrh ? ([['Access-Control-Request-Headers', acrh]] as Array<[string, string]>) : []),
        ['Origin', actual.opaque ? 'null' : (actual.initiator ?? PAGE)],
        ['Sec-Fetch-Mode', 'cors'],
      ]),
    });
    this.respond(p, status, headers);
    this.complete(p, status);
    return p;
  }
}

/** The preflight OPTIONS request of `actual`, under its own request id. */
export function preflightOf(actual: FakeRequest, id: string): FakeRequest {
  // The same page makes it: the same document (and, in Firefox, its URL).
  return {
    requestId: id,
    url: actual.url,
    method: 'OPTIONS',
    tabId: actual.tabId,
    initiator: actual.initiator,
    ...(actual.opaque ? { opaque: true as const } : {}),
    ...(actual.documentId !== undefined ? { documentId: actual.documentId } : {}),
    ...(actual.documentUrl !== undefined ? { documentUrl: actual.documentUrl } : {}),
  };
}

/**
 * The preflight's onSendHeaders alone (Access-Control-Request-Method/-Headers, Origin), for
 * driving a preflight one event at a time: `wire.start(preflightOf(a, id))`, this,
 * `wire.respond(…)`, `wire.complete(…)` or `wire.fail(…)`.
 */
export function sendPreflightHeaders(h: CaptureHandlers, browser: 'chromium' | 'firefox', actual: FakeRequest, id: string, acrh?: string): void {
  const initiator = actual.initiator ?? PAGE;
  h.sendHeaders({
    requestId: id,
    url: actual.url,
    method: 'OPTIONS',
    tabId: actual.tabId ?? 1,
    type: actual.type ?? 'xmlhttprequest',
    timeStamp: tick(),
    ...(browser === 'chromium' ? { initiator } : { originUrl: `${initiator}/index.html`, documentUrl: `${initiator}/index.html` }),
    requestHeaders: wire([
      ['Accept', '*/*'],
      ['Access-Control-Request-Method', actual.method],
      ...(acrh ? ([['Access-Control-Request-Headers', acrh]] as Array<[string, string]>) : []),
      ['Origin', initiator],
      ['Sec-Fetch-Mode', 'cors'],
    ]),
  });
}
