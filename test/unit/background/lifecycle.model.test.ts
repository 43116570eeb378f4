// Model-based test of the capture record lifecycle (docs/lifecycle.md): random interleavings
// of requests in both browsers' event orders, with worker deaths (and the events in transit
// at a death lost), navigations with and without Preserve log, clears, tab closes with late
// ERR_ABORTED events, the per-tab cap, the byte budget and time passing, all driven through
// the real `createCapture` pipeline and checked after every step against the reference model
// in test/support/lifecycle-model.ts.
//
// Two profiles per browser: one heavy on faults, one of long traffic that keeps the cap and
// the byte budget binding. Each step is followed by the checks (1)-(8) of checkInvariants.
//
// Deterministic: fixed seeds, and the background's clock and timers are a fake that only
// moves when an `advance` step says so (nothing depends on wall-clock time). A failure prints
// the shrunk steps, what the background was given, and fast-check's seed, path and replayPath;
// replay it with all three, e.g.
//   LIFECYCLE_SEED=<seed> LIFECYCLE_PATH=<path> LIFECYCLE_REPLAY_PATH=<replayPath> \
//   node --import tsx --test --test-name-pattern='firefox event order: worker' <this file>
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createCapture, type Capture } from '../../../src/background/capture.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { FakeBadge, MemoryStorage, type StorageLife } from '../../support/fake-extension.ts';
import { PAGE, Wire, preflightOf, sendPreflightHeaders, type FakeRequest } from '../../support/webrequest-fakes.ts';
import {
  FAULTS,
  LifecycleModel,
  TRAFFIC,
  acrhOf,
  applicable,
  opArbitrary,
  opToString,
  pageHeadersOf,
  type Browser,
  type ModelEvent,
  type ModelLimits,
  type ModelRequest,
  type Op,
  type OpWeights,
} from '../../support/lifecycle-model.ts';

/** Small on purpose: the cap and the byte budget (a few records' worth) are hit in most runs. */
const LIMITS: ModelLimits = { perTab: 4, totalBytes: 6000 };
/** Bounds shrinking (deterministically) when the test fails. */
const MAX_SHRINKS = 1500;
const START_CLOCK = 1_767_225_600_000; // 2026-01-01T00:00:00Z

// Taken before any fake is installed: they bound a wait that a fake timer would never end.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** A promise of the capture that must settle without the clock moving (rule 6: microtasks). */
async function bounded<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = realSetTimeout(() => reject(new Error(`${what} did not settle: it waits for a timer, and the clock only moves in advance steps`)), 5000);
  });
  try {
    return await Promise.race([promise, stuck]);
  } finally {
    realClearTimeout(timer);
  }
}

/** Lets the background run what one event queued (microtasks and immediates). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
}

// ---------------------------------------------------------------------------------------------
// Fake time: `Date.now`, `setTimeout` and `setInterval` follow a clock that moves only when a
// step advances it, firing the timers that fall due on the way.

interface FakeTimer {
  id: number;
  at: number;
  every?: number;
  fn: () => void;
}

class FakeTime {
  now = START_CLOCK;
  private timers = new Map<number, FakeTimer>();
  private nextId = 1;

  reset(): void {
    this.now = START_CLOCK;
    this.timers.clear();
  }

  /** Installs the fake; returns the function that puts the real ones back. */
  install(): () => void {
    const g = globalThis as unknown as Record<string, unknown>;
    const saved = { setTimeout: g.setTimeout, clearTimeout: g.clearTimeout, setInterval: g.setInterval, clearInterval: g.clearInterval, now: Date.now };
    const add = (fn: unknown, ms: unknown, args: unknown[], every: boolean) => {
      const id = this.nextId++;
      const delay = Math.max(0, Number(ms) || 0);
      const timer: FakeTimer = { id, at: this.now + delay, fn: () => (fn as (...a: unknown[]) => void)(...args) };
      if (every) timer.every = Math.max(1, delay);
      this.timers.set(id, timer);
      const handle = {
        ref: () => handle,
        unref: () => handle,
        hasRef: () => true,
        refresh: () => {
          timer.at = this.now + delay;
          return handle;
        },
        [Symbol.toPrimitive]: () => id,
      };
      return handle;
    };
    const clear = (handle: unknown) => {
      if (handle !== undefined && handle !== null) this.timers.delete(Number(handle));
    };
    g.setTimeout = (fn: unknown, ms?: unknown, ...args: unknown[]) => add(fn, ms, args, false);
    g.setInterval = (fn: unknown, ms?: unknown, ...args: unknown[]) => add(fn, ms, args, true);
    g.clearTimeout = clear;
    g.clearInterval = clear;
    Date.now = () => this.now;
    return () => {
      Object.assign(g, { setTimeout: saved.setTimeout, clearTimeout: saved.clearTimeout, setInterval: saved.setInterval, clearInterval: saved.clearInterval });
      Date.now = saved.now;
    };
  }

  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (let fired = 0; fired < 10_000; fired++) {
      let due: FakeTimer | undefined;
      for (const t of this.timers.values()) if (t.at <= target && (!due || t.at < due.at || (t.at === due.at && t.id < due.id))) due = t;
      if (!due) break;
      this.now = Math.max(this.now, due.at);
      if (due.every !== undefined) due.at += due.every;
      else this.timers.delete(due.id);
      due.fn();
      await settle();
    }
    this.now = target;
  }
}

// ---------------------------------------------------------------------------------------------
// The system under test: the capture over storage that outlives it, one life at a time.

class Harness {
  readonly storage = new MemoryStorage();
  life!: StorageLife;
  capture!: Capture;
  private wire!: Wire;
  lifeNo = 0;
  readonly trace: string[] = [];
  private navigations = 0;
  /** Each tab's page, and the page each request was made by (Firefox names it by its URL). */
  private readonly pageOfTab = new Map<number, string>();
  private readonly pageOfRequest = new Map<string, string>();

  constructor(
    readonly browser: Browser,
    readonly time: FakeTime,
  ) {}

  async boot(): Promise<void> {
    this.lifeNo++;
    this.life = this.storage.life();
    this.capture = createCapture({
      browser: this.browser,
      version: '0.0.0',
      storage: this.life,
      badge: new FakeBadge(),
      limits: { ...LIMITS },
      now: () => this.time.now,
    });
    this.wire = new Wire(this.capture.handlers, this.browser);
    await bounded('capture.ready', this.capture.ready);
    await settle();
  }

  /**
   * The worker is killed: nothing it writes from now on lands (what it handed over already
   * did), its timers stop, and a new background starts from what storage holds.
   */
  async kill(): Promise<void> {
    this.life.kill();
    this.capture.dispose();
    await this.boot();
  }

  deliver(r: ModelRequest, e: ModelEvent): void {
    let documentUrl = this.pageOfRequest.get(r.id);
    if (documentUrl === undefined) {
      documentUrl = this.pageOfTab.get(r.tab) ?? `${PAGE}/index.html`;
      this.pageOfRequest.set(r.id, documentUrl);
    }
    // A `from-page` request is at its page's own origin until its redirect to `r.url`.
    // A `redirected` request's first hop is at another URL of the API, which sends it to `r.url`.
    const url = e.firstHop === 'page' ? `${PAGE}/from-page/${r.id}` : e.firstHop === 'api' ? `${r.url}?first` : r.url;
    // Chromium names the document by an id of its own (one per document, whatever the tab).
    const documentId = this.browser === 'chromium' ? `doc:${r.tab}:${documentUrl}` : undefined;
    const actual: FakeRequest = {
      requestId: r.id,
      url,
      method: r.method,
      tabId: r.tab,
      headers: pageHeadersOf(r.kind),
      documentUrl,
      ...(documentId ? { documentId } : {}),
    };
    const preflightId = r.preflightId ?? `${r.id}-none`;
    const target = e.on === 'actual' ? actual : preflightOf(actual, preflightId);
    switch (e.type) {
      case 'beforeRequest':
        this.wire.start(target);
        break;
      case 'sendHeaders':
        if (e.on === 'actual') this.wire.send(actual);
        else sendPreflightHeaders(this.capture.handlers, this.browser, actual, preflightId, acrhOf(r.kind));
        break;
      case 'headersReceived':
        this.wire.respond(target, e.status ?? 200, e.firstHop ? [...(e.headers ?? []), ['Location', r.url]] : (e.headers ?? []));
        break;
      case 'beforeRedirect':
        this.wire.redirected(target, e.status ?? 302, r.url);
        break;
      case 'completed':
        this.wire.complete(target, e.status ?? 200);
        break;
      case 'errorOccurred':
        this.wire.fail(target, e.error);
        break;
    }
  }

  navigate(tabId: number): void {
    const n = ++this.navigations;
    this.pageOfTab.set(tabId, `${PAGE}/page-${n}`);
    this.capture.handlers.navigated({
      requestId: `nav-${n}`,
      url: `${PAGE}/page-${n}`,
      method: 'GET',
      tabId,
      type: 'main_frame',
      timeStamp: this.time.now,
      frameId: 0,
    });
  }
}

const describeEvent = (r: ModelRequest, e: ModelEvent) =>
  `${e.on === 'actual' ? r.id : `${r.preflightId}(preflight of ${r.id})`} ${e.type}${e.error ? ` ${e.error}` : e.status ? ` ${e.status}` : ''} [tab ${r.tab}, ${r.kind}]`;

/** What one step delivered, for the checks of evictions. */
interface StepEffects {
  op: Op;
  /** Requests that had an event delivered in this step (it may have ended their record). */
  touched: Set<string>;
}

async function deliver(m: LifecycleModel, h: Harness, r: ModelRequest, fx: StepEffects, note = ''): Promise<void> {
  const e = m.delivered(r);
  h.trace.push(`    deliver ${describeEvent(r, e)}${note}`);
  h.deliver(r, e);
  fx.touched.add(r.id);
  await settle(); // each event runs in its own task, as in the browser
}

async function apply(m: LifecycleModel, h: Harness, op: Op, fx: StepEffects): Promise<void> {
  switch (op.t) {
    case 'start': {
      const tab = m.pickTab(op.tab)!;
      const r = m.start(tab, op.kind, op.big, op.twin);
      await deliver(m, h, r, fx, r.twinOf ? ` (same URL as ${r.twinOf})` : '');
      break;
    }
    case 'step':
      await deliver(m, h, m.pickInFlight(op.pick)!, fx);
      break;
    case 'finish': {
      const r = m.pickInFlight(op.pick)!;
      while (r.next < r.script.length) await deliver(m, h, r, fx);
      break;
    }
    case 'navigate': {
      const tab = m.pickTab(op.tab)!;
      h.trace.push(`    navigated tab ${tab.id} (Preserve log ${tab.preserve ? 'on' : 'off'})`);
      h.navigate(tab.id);
      m.navigate(tab, op.abort);
      await settle();
      break;
    }
    case 'preserve': {
      const tab = m.pickTab(op.tab)!;
      h.trace.push(`    setPreserve(${tab.id}, ${op.on})`);
      h.capture.setPreserve(tab.id, op.on);
      tab.preserve = op.on;
      await settle();
      break;
    }
    case 'clear': {
      const tab = m.pickTab(op.tab)!;
      h.trace.push(`    clearTab(${tab.id})`);
      h.capture.clearTab(tab.id);
      m.clear(tab);
      await settle();
      break;
    }
    case 'close': {
      const tab = m.pickTab(op.tab)!;
      const live = m.abortAll(tab);
      for (const [i, r] of live.entries()) {
        if (((op.early >> i) & 1) === 0) continue;
        while (r.next < r.script.length) await deliver(m, h, r, fx, ' (before tabs.onRemoved)');
      }
      h.trace.push(`    tabClosed(${tab.id})${live.some((r) => r.next < r.script.length) ? '; its aborts still to come' : ''}`);
      h.capture.tabClosed(tab.id);
      m.close(tab);
      await settle();
      break;
    }
    case 'open': {
      const tab = m.openTab();
      h.trace.push(`    tab ${tab.id} opened`);
      break;
    }
    case 'kill': {
      // The last things the dying background handles, with no check (no read) in between.
      for (const act of op.last) if (applicable(m, act)) await apply(m, h, act, fx);
      for (const p of op.lose) {
        const r = m.pickInFlight(p);
        if (!r) continue;
        h.trace.push(`    lost in transit ${describeEvent(r, m.lost(r))}`);
      }
      const tab = op.fresh && m.pickTab(op.fresh.tab);
      if (op.fresh && tab) {
        const r = m.start(tab, op.fresh.kind, false);
        for (let i = 0; i < op.fresh.lost; i++) h.trace.push(`    lost in transit ${describeEvent(r, m.lost(r))}`);
      }
      m.kill();
      await h.kill();
      h.trace.push(`    worker killed; life ${h.lifeNo} started from storage`);
      break;
    }
    case 'advance': {
      m.advance(op.ms);
      await h.time.advance(op.ms);
      h.capture.sweep();
      m.swept();
      h.trace.push(`    clock +${op.ms} ms, sweep() at ${m.clock - START_CLOCK}`);
      await settle();
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The invariants.

interface StoredRecord {
  id: string;
  tabId: number;
  complete: boolean;
  /** Length of the stored JSON. */
  bytes: number;
}

/** Every record storage holds, whatever its key (keys starting `r:`). */
function storedRecords(storage: MemoryStorage): Map<string, StoredRecord> {
  const out = new Map<string, StoredRecord>();
  for (const [key, raw] of storage.data) {
    if (!key.startsWith('r:')) continue;
    let value: unknown = JSON.parse(raw);
    let bytes = raw.length;
    if (typeof value === 'string') {
      bytes = value.length;
      value = JSON.parse(value);
    }
    const rec = value as Partial<CaptureRecord>;
    const id = typeof rec.id === 'string' ? rec.id : key.slice(2);
    out.set(id, { id, tabId: Number(rec.tabId), complete: rec.complete === true, bytes });
  }
  return out;
}

/** What the previous check saw, for the checks of what one step evicted. */
interface Snapshot {
  epochs: Map<number, number>;
  /** Open tabs' records in capture order. */
  lists: Map<number, Array<{ id: string; complete: boolean; bytes: number | undefined }>>;
}

class Violations extends Error {}

async function checkInvariants(m: LifecycleModel, h: Harness, fx: StepEffects, previous: Snapshot | undefined): Promise<Snapshot> {
  await settle();
  const c = h.capture;
  const problems: string[] = [];
  const fail = (rule: string, text: string) => problems.push(`${rule} ${text}`);

  const records = new Map<number, CaptureRecord[]>();
  const read = (tabId: number) => bounded(`readRecords(${tabId})`, c.readRecords(tabId));
  for (const t of m.tabs.values()) records.set(t.id, await read(t.id));
  for (const t of c.logs.tabIds()) {
    if (!m.tabs.has(t)) {
      fail('(3)', `the capture has a log for tab ${t}, which never existed`);
      records.set(t, await read(t));
    }
  }
  await settle(); // writes made while reading land
  const stored = storedRecords(h.storage);
  const live = new Set(c.logs.tabIds());

  // (3) Once: no id twice, each record in the tab of its request, no record of an unknown request.
  const seen = new Map<string, number>();
  for (const [tabId, list] of records) {
    for (const rec of list) {
      if (seen.has(rec.id)) fail('(3)', `record ${rec.id} is listed twice (tabs ${seen.get(rec.id)} and ${tabId})`);
      seen.set(rec.id, tabId);
      const r = m.byId.get(rec.id);
      if (!r) {
        fail('(3)', `record ${rec.id} in tab ${tabId} is no request the tab made (a preflight id, or invented)`);
        continue;
      }
      if (rec.tabId !== r.tab || tabId !== r.tab) fail('(3)', `record ${rec.id} (request of tab ${r.tab}) is in tab ${tabId} with tabId ${rec.tabId}`);
    }
  }

  for (const tab of m.tabs.values()) {
    const list = records.get(tab.id) ?? [];
    if (!tab.open) {
      // (2) A closed tab has nothing, anywhere, and is not recreated.
      if (list.length > 0) fail('(2)', `closed tab ${tab.id} has records ${list.map((r) => r.id).join(', ')}`);
      if (live.has(tab.id)) fail('(2)', `closed tab ${tab.id} is in logs.tabIds()`);
      const keys = [...stored.values()].filter((s) => s.tabId === tab.id).map((s) => s.id);
      if (keys.length > 0) fail('(2)', `storage still holds records ${keys.join(', ')} of closed tab ${tab.id}`);
      continue;
    }
    // (1) Counted: kept + dropped = requests made since the epoch started.
    const dropped = c.state(tab.id).dropped;
    if (list.length + dropped !== tab.made) {
      fail(
        '(1)',
        `tab ${tab.id}: ${list.length} records + ${dropped} dropped ≠ ${tab.made} requests made in epoch ${tab.epoch} [records ${list.map((r) => r.id).join(', ') || 'none'}]`,
      );
    }
    // (8) The cap holds but for records in flight.
    const inflight = list.filter((r) => !r.complete).length;
    if (list.length > LIMITS.perTab + inflight)
      fail('(8)', `tab ${tab.id} holds ${list.length} records, over the cap ${LIMITS.perTab} + ${inflight} in flight`);
    for (const rec of list) {
      const r = m.byId.get(rec.id);
      if (!r) continue;
      // (7) Nothing of an earlier epoch (cleared, or a page navigated away from) in this one.
      if (r.forgotten || r.countedEpoch !== tab.epoch) {
        fail(
          '(7)',
          `record ${rec.id} of tab ${tab.id}'s ${r.countedEpoch === undefined ? 'no' : `epoch ${r.countedEpoch}`} shows in its epoch ${tab.epoch}${r.forgotten ? ' (it was forgotten)' : ''}`,
        );
        continue; // what it holds does not matter: it should not be there
      }
      // (9) A partial record says so.
      const partial = m.mustShowGap(r);
      if (partial && Object.keys(rec.gaps ?? {}).length === 0) fail('(9)', `record ${rec.id} shows no gap though ${partial}`);
      // (4) "Served from the preflight cache" is claimed only when true, and always when seen whole.
      if (rec.preflightCached === true && !m.cacheClaimAllowed(r)) {
        const facts = [
          r.kind,
          ...(r.preflightWentOut ? ['its preflight went out'] : []),
          ...(r.killsWhileInFlight > 0 ? ['not whole: it crossed a restart'] : []),
          ...(r.lostEvents > 0 ? [`${r.lostEvents} of its events were lost`] : []),
        ];
        fail('(4)', `record ${rec.id} (${facts.join('; ')}) claims its preflight came from the cache`);
      }
      if (m.cacheClaimRequired(r) && rec.complete && rec.preflightCached !== true)
        fail('(4)', `record ${rec.id} is a cache hit seen whole but does not say so`);
      // (5) Never pending forever; never ended by the capture in a live background.
      const why = m.mustBeComplete(r);
      if (why && !rec.complete) fail('(5)', `record ${rec.id} is still pending though ${why}`);
      if (m.mustBePending(r) && rec.complete) fail('(5)', `record ${rec.id} is complete though its request is still running, seen whole`);
      // (6) Its real preflight, never another one.
      if (rec.preflight && rec.preflight.requestId !== r.preflightId && m.urlClean(r)) {
        fail('(6)', `record ${rec.id} is paired with preflight ${rec.preflight.requestId}, its own is ${r.preflightId ?? 'none'}`);
      }
      if (m.pairingRequired(r) && rec.preflight?.requestId !== r.preflightId) {
        fail('(6)', `record ${rec.id} has preflight ${rec.preflight?.requestId ?? 'none'}; ${r.preflightId} was seen whole in the same life`);
      }
    }
  }
  // (8) The byte budget.
  if (c.logs.approximateBytes > LIMITS.totalBytes)
    fail('(8)', `complete records take ${c.logs.approximateBytes} bytes, over the budget of ${LIMITS.totalBytes}`);

  // Rules 4 and 5 on what this step evicted (a kill is judged by (1) alone: what it lost is not an eviction).
  const snapshot: Snapshot = { epochs: new Map(), lists: new Map() };
  for (const tab of m.openTabs()) {
    snapshot.epochs.set(tab.id, tab.epoch);
    snapshot.lists.set(
      tab.id,
      (records.get(tab.id) ?? []).map((rec) => ({ id: rec.id, complete: rec.complete, bytes: rec.complete ? stored.get(rec.id)?.bytes : 0 })),
    );
  }
  if (previous && fx.op.t !== 'kill') {
    const bytesOf = (tabId: number) => {
      let sum = 0;
      for (const e of snapshot.lists.get(tabId) ?? []) {
        if (e.bytes === undefined) return undefined;
        sum += e.bytes;
      }
      return sum;
    };
    for (const tab of m.openTabs()) {
      const before = previous.lists.get(tab.id);
      if (!before || previous.epochs.get(tab.id) !== tab.epoch) continue;
      const after = new Set((records.get(tab.id) ?? []).map((r) => r.id));
      const missing = before.filter((e) => !after.has(e.id));
      for (const e of missing) {
        if (e.complete || fx.touched.has(e.id)) continue;
        const r = m.byId.get(e.id);
        const sweptAway = fx.op.t === 'advance' && r !== undefined && (r.killsWhileInFlight > 0 || r.navigatedAwayAt !== undefined);
        if (!sweptAway) fail('(r4)', `in-flight record ${e.id} of tab ${tab.id} was evicted (rule 4: only complete records are)`);
      }
      const evicted = missing.filter((e) => e.complete);
      if (evicted.length === 0) continue;
      // Records that ended in this step and went at once: their bytes are not known here. So
      // for a record born in this step and gone by its end (a `from-page` request's record
      // starts mid-step, at its redirect): in no snapshot at all.
      const bornAndGone = [...fx.touched].some((id) => {
        const r = m.byId.get(id);
        return r !== undefined && r.tab === tab.id && m.recorded(r) && !after.has(id) && !before.some((e) => e.id === id);
      });
      // And a record complete before the step that its events changed (a swept record
      // reopened and completed again) left with bytes no snapshot saw.
      const unknownBytes = missing.some((e) => !e.complete) || bornAndGone || evicted.some((e) => fx.touched.has(e.id));
      const survivors = before.filter((e) => e.complete && after.has(e.id));
      const lastEvicted = Math.max(...evicted.map((e) => before.indexOf(e)));
      const firstSurvivor = Math.min(...survivors.map((e) => before.indexOf(e)));
      if (lastEvicted > firstSurvivor) {
        fail(
          '(r4)',
          `tab ${tab.id} lost ${evicted.map((e) => e.id).join(', ')} but kept the older complete ${before[firstSurvivor]?.id} (rules 4, 5: oldest first)`,
        );
      }
      // Rule 5: a tab loses records to the budget only while it holds the most bytes. Below
      // the cap no eviction of this tab can be the cap's; at the moment of its last
      // eviction it held `after + evicted` at most, and every other tab at least `after`
      // (true when one record at most grew in the step: not so for a sweep, which may end
      // records of several tabs one after the other).
      if ((records.get(tab.id) ?? []).length >= LIMITS.perTab || fx.op.t === 'advance' || unknownBytes) continue;
      const mine = bytesOf(tab.id);
      const lost = evicted.reduce((n, e) => n + (e.bytes ?? NaN), 0);
      if (mine === undefined || Number.isNaN(lost)) continue;
      for (const other of m.openTabs()) {
        const theirs = other.id === tab.id ? undefined : bytesOf(other.id);
        if (theirs === undefined) continue;
        if (mine + lost + 256 + 0.1 * theirs < theirs) {
          fail(
            '(r5)',
            `tab ${tab.id} lost ${evicted.length} complete record(s) (${lost} bytes) to the budget while tab ${other.id} holds ${theirs} bytes to its ${mine + lost} (rule 5: the tab with the most bytes loses first)`,
          );
        }
      }
    }
  }

  if (problems.length > 0) throw new Violations(problems.join('\n'));
  return snapshot;
}

// ---------------------------------------------------------------------------------------------
// The property.

interface Real {
  h: Harness;
  last?: Snapshot;
}

class OpCommand implements fc.AsyncCommand<LifecycleModel, Real> {
  constructor(readonly op: Op) {}
  check(m: Readonly<LifecycleModel>): boolean {
    return applicable(m as LifecycleModel, this.op);
  }
  async run(m: LifecycleModel, real: Real): Promise<void> {
    const { h } = real;
    h.trace.push(`${opToString(this.op)}   [clock ${m.clock - START_CLOCK}, life ${h.lifeNo}]`);
    const fx: StepEffects = { op: this.op, touched: new Set() };
    await apply(m, h, this.op, fx);
    try {
      real.last = await checkInvariants(m, h, fx, real.last);
    } catch (e) {
      if (!(e instanceof Violations)) throw e;
      throw new Error(`after ${opToString(this.op)}:\n${e.message}\n-- what the background was given:\n${h.trace.join('\n')}`);
    }
  }
  toString(): string {
    return opToString(this.op);
  }
}

interface Profile {
  name: string;
  weights: OpWeights;
  numRuns: number;
  maxCommands: number;
  seed: number;
}

const PROFILES: Profile[] = [
  { name: 'worker deaths, lost events, navigations, clears, closes, time', weights: FAULTS, numRuns: 200, maxCommands: 45, seed: 0x5eed_0001 },
  { name: 'long traffic over several tabs under the cap and the byte budget', weights: TRAFFIC, numRuns: 100, maxCommands: 90, seed: 0x5eed_0002 },
];

function lifecycleProperty(browser: Browser, profile: Profile, time: FakeTime) {
  const commands = fc.commands([opArbitrary(profile.weights).map((op) => new OpCommand(op))], {
    maxCommands: profile.maxCommands,
    size: 'max',
    ...(process.env.LIFECYCLE_REPLAY_PATH ? { replayPath: process.env.LIFECYCLE_REPLAY_PATH } : {}),
  });
  return fc.asyncProperty(fc.limitShrink(commands, MAX_SHRINKS), async (cmds) => {
    time.reset();
    const model = new LifecycleModel(browser, LIMITS, START_CLOCK);
    const h = new Harness(browser, time);
    await h.boot();
    try {
      await fc.asyncModelRun(() => ({ model, real: { h } }), cmds);
    } finally {
      h.life.kill();
      h.capture.dispose();
    }
  });
}

describe('capture record lifecycle against the reference model (docs/lifecycle.md)', () => {
  for (const browser of ['chromium', 'firefox'] as const) {
    for (const [i, profile] of PROFILES.entries()) {
      test(`${browser} event order: ${profile.name}`, { timeout: 120_000 }, async () => {
        const time = new FakeTime();
        const restore = time.install();
        try {
          await fc.assert(lifecycleProperty(browser, profile, time), {
            numRuns: profile.numRuns,
            includeErrorInReport: true,
            seed: process.env.LIFECYCLE_SEED ? Number(process.env.LIFECYCLE_SEED) : profile.seed + (browser === 'firefox' ? 0x100 : 0) + i,
            ...(process.env.LIFECYCLE_PATH ? { path: process.env.LIFECYCLE_PATH } : {}),
          });
        } finally {
          restore();
        }
      });
    }
  }
});
