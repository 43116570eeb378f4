// The reference model of docs/lifecycle.md and the event generator for the model-based test
// test/unit/background/lifecycle.model.test.ts.
//
// The model is the browser side: which requests each tab made, in which epoch, which of
// their webRequest events happened, which were delivered to a living background and which
// were lost in transit at a kill. It does not reimplement the capture: the test asks the real
// capture for its records and checks them against what the model knows must (or must never)
// be there. Eviction is the capture's choice; the model only knows how many requests a tab
// made, so `kept + dropped` is checked, not which ones were kept.
import fc from 'fast-check';
import { API_ORIGIN } from './webrequest-fakes.ts';

export type Browser = 'chromium' | 'firefox';

/**
 * Fetch/XHR requests only: none is a no-cors subresource, so none is discarded uncounted.
 * `from-page`: a request to the page's own origin that a 302 sends to the API (local-redirects.ts):
 * its events up to the redirect are a same-origin request's, which has no record.
 * `redirected`: a CORS request the API redirects (307) to another of its URLs: one record, two hops.
 */
export type Kind = 'simple' | 'simple-blocked' | 'preflighted' | 'cache-hit' | 'preflight-failed' | 'from-page' | 'redirected';
const KINDS: readonly Kind[] = ['simple', 'simple-blocked', 'preflighted', 'cache-hit', 'preflight-failed', 'from-page', 'redirected'];

type EventType = 'beforeRequest' | 'sendHeaders' | 'headersReceived' | 'beforeRedirect' | 'completed' | 'errorOccurred';

export interface ModelEvent {
  /** Which of the request's two ids the event is for. */
  on: 'actual' | 'preflight';
  type: EventType;
  status?: number;
  /** Response headers (headersReceived). */
  headers?: Array<[string, string]>;
  error?: string;
  /** The last event of the actual request. */
  terminal?: true;
  /**
   * An event of a redirected request's first hop, before it reaches `r.url`: at its page's own
   * origin (`page`, a `from-page` request: no record is due yet), or at another URL of the API
   * (`api`, a `redirected` request).
   */
  firstHop?: FirstHop;
}

type FirstHop = 'page' | 'api';

/** docs/lifecycle.md rule 8. */
const STALE_AFTER_MS = 3000;

const ABORTED: Record<Browser, string> = { chromium: 'net::ERR_ABORTED', firefox: 'NS_BINDING_ABORTED' };

const ALLOW: Array<[string, string]> = [['Access-Control-Allow-Origin', '*']];
const PREFLIGHT_OK: Array<[string, string]> = [
  ['Access-Control-Allow-Origin', '*'],
  ['Access-Control-Allow-Methods', 'PUT'],
  ['Access-Control-Allow-Headers', 'x-trace'],
  ['Access-Control-Max-Age', '600'],
];
/** Makes a record about 1.5 KB heavier, so that tabs differ in bytes, not only in counts. */
const PAD: Array<[string, string]> = [['X-Pad', 'x'.repeat(1500)]];

function methodOf(kind: Kind): string {
  return kind === 'preflighted' || kind === 'cache-hit' ? 'PUT' : kind === 'preflight-failed' ? 'DELETE' : 'GET';
}

/** Request headers the page set (beyond Origin / Sec-Fetch-Mode, which the wire adds). */
export function pageHeadersOf(kind: Kind): Array<[string, string]> {
  return kind === 'preflighted' || kind === 'cache-hit' ? [['X-Trace', '1']] : [];
}

/** Access-Control-Request-Headers of its preflight. */
export function acrhOf(kind: Kind): string | undefined {
  return kind === 'preflighted' ? 'x-trace' : undefined;
}

function hasPreflightEvents(kind: Kind): boolean {
  return kind === 'preflighted' || kind === 'preflight-failed';
}

/**
 * The webRequest events of one request, in the browser's order (docs/browsers.md):
 * Chromium runs the whole preflight between the actual's onBeforeRequest and onSendHeaders,
 * Firefox after the actual's onSendHeaders; a blocked simple request errors in Chromium and
 * completes with 200 in Firefox; a failed preflight ends the actual request (never sent) in
 * net::ERR_FAILED in Chromium, in NS_ERROR_DOM_BAD_URI on both ids in Firefox. A preflight
 * cache hit has no OPTIONS events at all.
 */
function scriptFor(browser: Browser, kind: Kind, big: boolean): ModelEvent[] {
  const pad = big ? PAD : [];
  const A = (type: EventType, rest: Partial<ModelEvent> = {}): ModelEvent => ({ on: 'actual', type, ...rest });
  const P = (type: EventType, rest: Partial<ModelEvent> = {}): ModelEvent => ({ on: 'preflight', type, ...rest });
  const chromium = browser === 'chromium';
  // A redirected request: its first hop, then the hop its redirect leads to (`r.url`).
  const redirected = (at: FirstHop, status: number, headers: Array<[string, string]>): ModelEvent[] => [
    A('beforeRequest', { firstHop: at }),
    A('sendHeaders', { firstHop: at }),
    A('headersReceived', { firstHop: at, status, headers }),
    A('beforeRedirect', { firstHop: at, status }),
    A('beforeRequest'),
    A('sendHeaders'),
    A('headersReceived', { status: 200, headers: [...ALLOW, ...pad] }),
    A('completed', { status: 200, terminal: true }),
  ];
  switch (kind) {
    case 'from-page':
      return redirected('page', 302, []);
    case 'redirected':
      return redirected('api', 307, ALLOW);
    case 'simple':
    case 'cache-hit':
      return [
        A('beforeRequest'),
        A('sendHeaders'),
        A('headersReceived', { status: 200, headers: [...ALLOW, ...pad] }),
        A('completed', { status: 200, terminal: true }),
      ];
    case 'simple-blocked':
      return [
        A('beforeRequest'),
        A('sendHeaders'),
        A('headersReceived', { status: 200, headers: [...pad] }),
        chromium ? A('errorOccurred', { error: 'net::ERR_FAILED', terminal: true }) : A('completed', { status: 200, terminal: true }),
      ];
    case 'preflighted': {
      const preflight = [P('beforeRequest'), P('sendHeaders'), P('headersReceived', { status: 204, headers: PREFLIGHT_OK }), P('completed', { status: 204 })];
      const response = [A('headersReceived', { status: 200, headers: [...ALLOW, ...pad] }), A('completed', { status: 200, terminal: true })];
      return chromium ? [A('beforeRequest'), ...preflight, A('sendHeaders'), ...response] : [A('beforeRequest'), A('sendHeaders'), ...preflight, ...response];
    }
    case 'preflight-failed': {
      const start = [P('beforeRequest'), P('sendHeaders'), P('headersReceived', { status: 401, headers: [...ALLOW, ...pad] })];
      return chromium
        ? [A('beforeRequest'), ...start, P('completed', { status: 401 }), A('errorOccurred', { error: 'net::ERR_FAILED', terminal: true })]
        : [
            A('beforeRequest'),
            A('sendHeaders'),
            ...start,
            P('errorOccurred', { error: 'NS_ERROR_DOM_BAD_URI' }),
            A('errorOccurred', { error: 'NS_ERROR_DOM_BAD_URI', terminal: true }),
          ];
    }
  }
}

export interface ModelTab {
  id: number;
  open: boolean;
  /** Bumped by Clear and by a navigation with Preserve log off. */
  epoch: number;
  /** Requests counted in the current epoch (rule 2). */
  made: number;
  preserve: boolean;
  /** Bumped by each navigation with Preserve log off: the page a request of it belongs to (rule 11). */
  page: number;
  /** Pages whose document the capture was shown since the last navigation (an onBeforeRequest, a same-origin hop's event, or a record's first event). */
  noted: Set<number>;
  /** Pages left that were noted: the capture knows their documents are gone (rule 11). */
  retired: Set<number>;
}

export interface ModelRequest {
  id: string;
  preflightId: string | undefined;
  tab: number;
  kind: Kind;
  big: boolean;
  url: string;
  /** The running request whose URL (and method, headers) it shares, if any. */
  twinOf?: string;
  method: string;
  script: ModelEvent[];
  /** Index of the next event of `script` (events before it were delivered or lost). */
  next: number;
  /** Background lives in which at least one of its events was delivered. */
  deliveredLives: Set<number>;
  lostEvents: number;
  /** Epoch of its tab when its first actual-request event was delivered (rule 2): it has a record then. */
  countedEpoch?: number;
  /**
   * Its tab's page when its first event of all was delivered: the page that made it (the
   * harness names its document then). It is counted at its first actual-request event off the
   * page's origin; made by a page its tab has since left (Preserve log off), it is not the new
   * page's (rule 11), even when that event rebuilds its record. A clear meanwhile does not
   * matter: it forgets records, and this one had none yet.
   */
  madeOnPage?: number;
  /** Its first delivered actual event came when its tab was already closed: never counted. */
  neverCounted: boolean;
  /** Cleared, navigated away from with Preserve off, or its tab closed: no record, ever again. */
  forgotten: boolean;
  terminal?: 'delivered' | 'lost';
  /** Ended by a navigation or tab close (ERR_ABORTED) instead of its own last event. */
  aborted: boolean;
  /** At least one preflight event happened (delivered or lost): a preflight went out. */
  preflightWentOut: boolean;
  /** The preflight's onSendHeaders (where pairing happens) was delivered. */
  preflightPairable: boolean;
  /**
   * Its preflight's failure (an error, or a non-2xx completion) was delivered: the actual
   * request can only fail now, and a capture may end the record before its own error comes.
   */
  preflightFailed: boolean;
  /** Background kills while the request was not over (its terminal not delivered). */
  killsWhileInFlight: number;
  /** The last kill it crossed while it had a record (rule 8, timeout). */
  crossedDeathAt?: number;
  /** Its events lost before the one its record starts (or is rebuilt) at, and that event. */
  lostBeforeRecord?: number;
  recordStartedBy?: EventType;
  /** An event of it was delivered after `crossedDeathAt`: the capture knows it is alive. */
  heardSinceDeath: boolean;
  /** A navigation (Preserve log on) of its tab while it was not over (rule 8, navigated). */
  navigatedAwayAt?: number;
  /** An event of it was delivered after `navigatedAwayAt`. */
  heardSinceNavigation: boolean;
}

export interface ModelLimits {
  perTab: number;
  totalBytes: number;
}

export class LifecycleModel {
  clock: number;
  life = 1;
  readonly tabs = new Map<number, ModelTab>();
  /** Every request, in start order. */
  readonly requests: ModelRequest[] = [];
  readonly byId = new Map<string, ModelRequest>();
  lastSweepAt = -Infinity;
  private nextTabId = 1;
  private nextRequestId = 1000;
  static readonly MAX_OPEN_TABS = 3;
  static readonly MAX_TABS = 6;

  constructor(
    readonly browser: Browser,
    readonly limits: ModelLimits,
    readonly startClock: number,
  ) {
    this.clock = startClock;
    this.openTab();
    this.openTab();
  }

  openTabs(): ModelTab[] {
    return [...this.tabs.values()].filter((t) => t.open);
  }

  closedTabs(): ModelTab[] {
    return [...this.tabs.values()].filter((t) => !t.open);
  }

  canOpenTab(): boolean {
    return this.openTabs().length < LifecycleModel.MAX_OPEN_TABS && this.tabs.size < LifecycleModel.MAX_TABS;
  }

  openTab(): ModelTab {
    const tab: ModelTab = { id: this.nextTabId++, open: true, epoch: 0, made: 0, preserve: false, page: 0, noted: new Set(), retired: new Set() };
    this.tabs.set(tab.id, tab);
    return tab;
  }

  /** An open tab chosen by a generated number (stable under shrinking). */
  pickTab(pick: number): ModelTab | undefined {
    const open = this.openTabs();
    return open.length === 0 ? undefined : open[pick % open.length];
  }

  /** Requests with events still to come, in start order. */
  inFlight(): ModelRequest[] {
    return this.requests.filter((r) => r.next < r.script.length);
  }

  pickInFlight(pick: number): ModelRequest | undefined {
    const live = this.inFlight();
    return live.length === 0 ? undefined : live[pick % live.length];
  }

  /**
   * A new request of `tab`; none of its events has happened yet. Its URL is its own, or
   * with `twin` (Chromium) that of a request of the same kind still running in the tab: an
   * identical request, whose preflight only the id adjacency tells apart.
   */
  start(tab: ModelTab, kind: Kind, big: boolean, twin = false): ModelRequest {
    const n = this.nextRequestId;
    this.nextRequestId += 2;
    const id = String(n);
    // Chromium gives the preflight the next id; Firefox its own, unrelated one.
    const preflightId = hasPreflightEvents(kind) ? String(this.browser === 'chromium' ? n + 1 : n + 500_000) : undefined;
    const prefix = kind === 'cache-hit' ? 'c' : hasPreflightEvents(kind) ? 'p' : 's';
    // Firefox has no id adjacency and identical requests are interchangeable to it: twins
    // only in Chromium.
    const sibling =
      twin && this.browser === 'chromium' && hasPreflightEvents(kind)
        ? this.requests.findLast((o) => o.tab === tab.id && o.kind === kind && o.next < o.script.length)
        : undefined;
    const r: ModelRequest = {
      id,
      preflightId,
      tab: tab.id,
      kind,
      big,
      url: sibling?.url ?? `${API_ORIGIN}/${prefix}/${id}`,
      ...(sibling ? { twinOf: sibling.id } : {}),
      method: methodOf(kind),
      script: scriptFor(this.browser, kind, big),
      next: 0,
      deliveredLives: new Set(),
      lostEvents: 0,
      neverCounted: false,
      forgotten: false,
      aborted: false,
      preflightWentOut: false,
      preflightPairable: false,
      preflightFailed: false,
      killsWhileInFlight: 0,
      heardSinceDeath: false,
      heardSinceNavigation: false,
    };
    this.requests.push(r);
    this.byId.set(id, r);
    return r;
  }

  peek(r: ModelRequest): ModelEvent {
    const e = r.script[r.next];
    if (!e) throw new Error(`request ${r.id} has no event left`);
    return e;
  }

  /** The next event of `r` reached the living background. */
  delivered(r: ModelRequest): ModelEvent {
    const e = this.peek(r);
    r.next++;
    r.deliveredLives.add(this.life);
    r.heardSinceDeath = true;
    r.heardSinceNavigation = true;
    const tab = this.tabs.get(r.tab);
    // The page that made it: the tab's page at its first delivered event, whichever it is.
    if (r.madeOnPage === undefined) r.madeOnPage = tab?.page;
    const page = r.madeOnPage ?? 0;
    if (e.on === 'preflight') {
      r.preflightWentOut = true;
      if (e.type === 'sendHeaders') r.preflightPairable = true;
      if (e.type === 'errorOccurred' || (e.type === 'completed' && (e.status ?? 200) >= 300)) r.preflightFailed = true;
    } else if (r.countedEpoch === undefined && !r.neverCounted && e.firstHop !== 'page') {
      if (tab?.open && page !== tab.page && tab.retired.has(page)) {
        // Made by a page its tab has left (Preserve log off), which the capture had seen: not
        // the new page's (rule 11). A page it never saw a request of it cannot tell apart.
        r.neverCounted = true;
        r.forgotten = true;
      } else if (tab?.open) {
        r.countedEpoch = tab.epoch;
        r.lostBeforeRecord = r.lostEvents;
        r.recordStartedBy = e.type;
        tab.made++;
        // Its record starts here (or is rebuilt here): the capture sees its document.
        tab.noted.add(page);
      } else {
        r.neverCounted = true;
      }
    }
    // Every onBeforeRequest shows the capture the document making it (page-documents.ts), and
    // so does every event of a same-origin hop: it has no record, so the tracker looks it up.
    if ((e.type === 'beforeRequest' || (e.on === 'actual' && e.firstHop === 'page')) && tab?.open && !tab.retired.has(page)) tab.noted.add(page);
    if (e.terminal) r.terminal = 'delivered';
    return e;
  }

  /** The next event of `r` was in transit to a background that is being killed. */
  lost(r: ModelRequest): ModelEvent {
    const e = this.peek(r);
    r.next++;
    r.lostEvents++;
    if (e.on === 'preflight') r.preflightWentOut = true;
    if (e.terminal) r.terminal = 'lost';
    return e;
  }

  /** Has a record as far as the contract goes (it may have been evicted: that is counted). */
  recorded(r: ModelRequest): boolean {
    return r.countedEpoch !== undefined && !r.forgotten;
  }

  /** The background is killed and a new one starts from storage. */
  kill(): void {
    for (const r of this.requests) {
      if (r.terminal === 'delivered') continue;
      r.killsWhileInFlight++;
      if (!this.recorded(r)) continue;
      r.crossedDeathAt = this.clock;
      r.heardSinceDeath = false;
    }
    this.life++;
  }

  /** The rest of `r` becomes an abort (navigation away, tab closed). */
  abort(r: ModelRequest): void {
    if (r.next >= r.script.length) return;
    const done = r.script.slice(0, r.next);
    const preflightRunning =
      done.some((e) => e.on === 'preflight') && !done.some((e) => e.on === 'preflight' && (e.type === 'completed' || e.type === 'errorOccurred'));
    const error = ABORTED[this.browser];
    // Aborted before its redirect: the error is at its first hop's URL (for `from-page`, a
    // same-origin request's).
    const at = r.script[r.next]?.firstHop;
    r.script = [
      ...done,
      ...(preflightRunning ? [{ on: 'preflight', type: 'errorOccurred', error } satisfies ModelEvent] : []),
      { on: 'actual', type: 'errorOccurred', error, terminal: true, ...(at ? { firstHop: at } : {}) },
    ];
    r.aborted = true;
  }

  /** A top-level navigation started in `tab`; bit i of `abortMask` aborts its i-th request in flight. */
  navigate(tab: ModelTab, abortMask: number): void {
    this.requests
      .filter((r) => r.tab === tab.id && r.next < r.script.length)
      .forEach((r, i) => {
        if ((abortMask >> i) & 1) this.abort(r);
      });
    if (!tab.preserve) {
      // Every document the capture saw of the tab is retired (tab-log.ts), not only the page's.
      for (const p of tab.noted) tab.retired.add(p);
      tab.noted.clear();
      tab.page++;
      this.newEpoch(tab);
      return;
    }
    for (const r of this.requests) {
      if (r.tab !== tab.id || r.terminal === 'delivered' || !this.recorded(r)) continue;
      r.navigatedAwayAt = this.clock;
      r.heardSinceNavigation = false;
    }
  }

  clear(tab: ModelTab): void {
    this.newEpoch(tab);
  }

  private newEpoch(tab: ModelTab): void {
    tab.epoch++;
    tab.made = 0;
    for (const r of this.requests) if (r.tab === tab.id && r.countedEpoch !== undefined) r.forgotten = true;
  }

  /** Its requests in flight, all turned into aborts (the caller delivers some before the close). */
  abortAll(tab: ModelTab): ModelRequest[] {
    const live = this.requests.filter((r) => r.tab === tab.id && r.next < r.script.length);
    for (const r of live) this.abort(r);
    return live;
  }

  close(tab: ModelTab): void {
    tab.open = false;
    for (const r of this.requests) if (r.tab === tab.id) r.forgotten = true;
  }

  advance(ms: number): void {
    this.clock += ms;
  }

  swept(): void {
    this.lastSweepAt = this.clock;
  }

  /**
   * Rule 8: the capture must have ended the record of `r` by now (it still has one): its
   * last event came; or it crossed a restart (or its page was navigated away from, Preserve
   * log on) and nothing of it was heard since, for STALE_AFTER_MS, and a sweep ran. (A
   * record heard from after the restart is alive: it may stay pending while it runs.)
   */
  mustBeComplete(r: ModelRequest): string | undefined {
    if (r.terminal === 'delivered') return 'its last event was delivered';
    const since = (t: number) => `${t - this.startClock} ms`;
    if (r.crossedDeathAt !== undefined && !r.heardSinceDeath && this.lastSweepAt >= r.crossedDeathAt + STALE_AFTER_MS) {
      return `it crossed a restart at ${since(r.crossedDeathAt)}, ${r.terminal === 'lost' ? 'its last event was lost' : 'nothing of it was heard since'}, and sweep() ran at ${since(this.lastSweepAt)}`;
    }
    if (r.navigatedAwayAt !== undefined && !r.heardSinceNavigation && this.lastSweepAt >= r.navigatedAwayAt + STALE_AFTER_MS) {
      return `its page was navigated away from (Preserve log on) at ${since(r.navigatedAwayAt)}, nothing of it was heard since, and sweep() ran at ${since(this.lastSweepAt)}`;
    }
    return undefined;
  }

  /** Rule 8, "records in a live background never time out": still running, seen whole so far. */
  mustBePending(r: ModelRequest): boolean {
    return r.terminal === undefined && r.killsWhileInFlight === 0 && r.navigatedAwayAt === undefined && !r.preflightFailed;
  }

  /**
   * No request sharing its URL lost an event: a preflight whose own request is not known
   * (its first events lost) may go to another request of the same URL (docs/lifecycle.md:
   * held as an orphan only when there is no record for it at all), which the model does not
   * judge.
   */
  urlClean(r: ModelRequest): boolean {
    return this.requests.every((o) => o.url !== r.url || o.lostEvents === 0);
  }

  /** Rule 7 (and the model): whether a "served from the preflight cache" claim on `r` would be true. */
  cacheClaimAllowed(r: ModelRequest): boolean {
    // Only on a whole record: one life from its first event to its last, nothing lost.
    if (r.killsWhileInFlight > 0 || r.lostEvents > 0) return false;
    if (r.kind === 'cache-hit') return true;
    // Its preflight may have gone to a request of the same URL whose own was not seen.
    // A request aborted before its preflight went out claims nothing: it was not a cache hit.
    return !this.urlClean(r);
  }

  /**
   * "Never state a guess as a fact": a record that may have missed events says so (a gap).
   * It crossed a restart, or its first events were lost and the capture rebuilt it from a
   * later one. Not knowable: events lost before an onBeforeRequest, which is the start of a
   * request as far as the capture can tell (a redirect's next hop re-enters there).
   */
  mustShowGap(r: ModelRequest): string | undefined {
    if (!this.recorded(r)) return undefined;
    if (r.crossedDeathAt !== undefined) return 'it crossed a restart';
    if ((r.lostBeforeRecord ?? 0) > 0 && r.recordStartedBy !== 'beforeRequest') return `its first ${r.lostBeforeRecord} event(s) were lost`;
    return undefined;
  }

  /** Rule 7: a cache hit observed whole in one life, ended by its own last event, must say so. */
  cacheClaimRequired(r: ModelRequest): boolean {
    return (
      r.kind === 'cache-hit' && r.terminal === 'delivered' && !r.aborted && r.lostEvents === 0 && r.killsWhileInFlight === 0 && r.navigatedAwayAt === undefined
    );
  }

  /** Pairing: preflight and actual seen in one life, nothing lost (of it or of a request of its URL). */
  pairingRequired(r: ModelRequest): boolean {
    return r.preflightPairable && r.killsWhileInFlight === 0 && r.deliveredLives.size === 1 && this.urlClean(r);
  }
}

// ---------------------------------------------------------------------------------------------
// The generator: operations with small numbers that are resolved against the model when run
// (`pick % n`), so that a shrunk sequence still means something.

/** What a background may do just before it is killed. */
type LastAct = Extract<Op, { t: 'step' | 'navigate' | 'preserve' | 'clear' | 'close' }>;

export type Op =
  | { t: 'start'; tab: number; kind: Kind; big: boolean; twin: boolean }
  | { t: 'step'; pick: number }
  | { t: 'finish'; pick: number }
  | { t: 'navigate'; tab: number; abort: number }
  | { t: 'preserve'; tab: number; on: boolean }
  | { t: 'clear'; tab: number }
  | { t: 'close'; tab: number; early: number }
  | { t: 'open' }
  /**
   * The background dies. First it handles the `last` steps (events, or tab changes) with no
   * check in between: nothing reads the capture (and so nothing flushes it) between them and
   * the death, which must then lose nothing that was handed over. Then the `lose` events
   * are lost in transit, and `fresh` starts a request whose first events are lost too (the
   * next background learns of it from a later event).
   */
  | { t: 'kill'; last: LastAct[]; lose: number[]; fresh: { tab: number; kind: Kind; lost: number } | null }
  | { t: 'advance'; ms: number };

export function opToString(op: Op): string {
  switch (op.t) {
    case 'start':
      return `start(tab#${op.tab}, ${op.kind}${op.big ? ', big' : ''}${op.twin ? ', twin' : ''})`;
    case 'step':
    case 'finish':
      return `${op.t}(#${op.pick})`;
    case 'navigate':
      return `navigate(tab#${op.tab}, abort=${op.abort.toString(2)})`;
    case 'preserve':
      return `preserve(tab#${op.tab}, ${op.on})`;
    case 'clear':
      return `clear(tab#${op.tab})`;
    case 'close':
      return `close(tab#${op.tab}, abortsBefore=${op.early.toString(2)})`;
    case 'open':
      return 'open()';
    case 'kill': {
      const fresh = op.fresh ? `, fresh=(tab#${op.fresh.tab}, ${op.fresh.kind}, first ${op.fresh.lost} lost)` : '';
      return `kill(last=[${op.last.map(opToString).join(', ')}], lose=[${op.lose.map((p) => `#${p}`).join(',')}]${fresh})`;
    }
    case 'advance':
      return `advance(${op.ms}ms)+sweep`;
  }
}

/** Whether `op` can run in the model's state (fast-check's `check`). */
export function applicable(m: LifecycleModel, op: Op): boolean {
  switch (op.t) {
    case 'start':
    case 'navigate':
    case 'preserve':
    case 'clear':
    case 'close':
      return m.openTabs().length > 0;
    case 'step':
    case 'finish':
      return m.inFlight().length > 0;
    case 'open':
      return m.canOpenTab();
    case 'kill':
    case 'advance':
      return true;
  }
}

const pick = fc.nat({ max: 63 });
const tabPick = fc.nat({ max: 5 });
const mask = fc.nat({ max: 15 });

/** How often each operation is generated. */
export type OpWeights = Record<Op['t'], number>;

/** Every fault, often: deaths, lost events, navigations, clears, closes, time. */
export const FAULTS: OpWeights = { start: 6, step: 12, finish: 2, navigate: 1, preserve: 1, clear: 1, close: 1, open: 1, kill: 2, advance: 2 };

/** Long runs of traffic over several tabs, so that the per-tab cap and the byte budget bind; few faults. */
export const TRAFFIC: OpWeights = { start: 6, step: 12, finish: 4, navigate: 0, preserve: 0, clear: 0, close: 1, open: 2, kill: 1, advance: 1 };

export function opArbitrary(weights: OpWeights): fc.Arbitrary<Op> {
  const kind = fc.constantFrom<Kind>(...KINDS);
  const step = fc.record({ t: fc.constant('step' as const), pick });
  const navigate = fc.record({ t: fc.constant('navigate' as const), tab: tabPick, abort: mask });
  const preserve = fc.record({ t: fc.constant('preserve' as const), tab: tabPick, on: fc.boolean() });
  const clear = fc.record({ t: fc.constant('clear' as const), tab: tabPick });
  const close = fc.record({ t: fc.constant('close' as const), tab: tabPick, early: mask });
  // Mostly events; tab changes only where the profile makes them at all.
  const lastActs: Array<{ weight: number; arbitrary: fc.Arbitrary<LastAct> }> = [
    { weight: 4, arbitrary: step },
    ...(weights.navigate > 0 ? [{ weight: 1, arbitrary: navigate }] : []),
    ...(weights.preserve > 0 ? [{ weight: 1, arbitrary: preserve }] : []),
    ...(weights.clear > 0 ? [{ weight: 1, arbitrary: clear }] : []),
    ...(weights.close > 0 ? [{ weight: 1, arbitrary: close }] : []),
  ];
  const lastAct = fc.oneof(...lastActs);
  const arbitraries: { [T in Op['t']]: fc.Arbitrary<Extract<Op, { t: T }>> } = {
    start: fc.record({ t: fc.constant('start' as const), tab: tabPick, kind, big: fc.boolean(), twin: fc.boolean() }),
    step,
    finish: fc.record({ t: fc.constant('finish' as const), pick }),
    navigate,
    preserve,
    clear,
    close,
    open: fc.record({ t: fc.constant('open' as const) }),
    kill: fc.record({
      t: fc.constant('kill' as const),
      last: fc.array(lastAct, { maxLength: 3 }),
      lose: fc.array(pick, { maxLength: 2 }),
      fresh: fc.option(fc.record({ tab: tabPick, kind, lost: fc.integer({ min: 1, max: 2 }) }), { nil: null, freq: 2 }),
    }),
    advance: fc.record({ t: fc.constant('advance' as const), ms: fc.constantFrom(200, 1000, 3100, 5000) }),
  };
  const ops = (Object.keys(arbitraries) as Array<Op['t']>).filter((t) => weights[t] > 0);
  return fc.oneof(...ops.map((t) => ({ weight: weights[t], arbitrary: arbitraries[t] as fc.Arbitrary<Op> })));
}
