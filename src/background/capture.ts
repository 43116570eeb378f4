// Assembles the capture: tracker → tab logs → (storage, panels, badge), with the engine as
// judge. Browser objects come in as small interfaces, so the whole background can be driven
// in Node, worker restarts included.
import { evaluate, needsPreflight, unsafeRequestHeaderNames, type BrowserEngine } from '../core/index.ts';
import type { CaptureRecord, PageWitness } from '../shared/record.ts';
import { isPageToBackground, type CaptureProblem, type TabState } from '../shared/protocol.ts';
import { ActionBadge, type BadgeApi } from './action-badge.ts';
import type { ErrorDetails, NavigationEnd, RedirectDetails, RequestDetails, ResponseDetails, SendHeadersDetails } from './events.ts';
import type { CaptureHandlers } from './listeners.ts';
import { PanelHub, type PanelPort } from './panel-hub.ts';
import { Persistence, type StorageAreaLike } from './persistence.ts';
import { boundedSource, matchSource, withSource } from './sources.ts';
import { DEFAULT_LIMITS, TabLogs, type TabLogLimits, type TabLogObserver } from './tab-log.ts';
import { Tracker } from './tracker.ts';
import { urlOrigin } from './initiator.ts';
import { toExchange } from '../shared/to-exchange.ts';
import { isWitnessMessage, witnessEnabled, type WitnessMessage } from '../shared/witness-protocol.ts';
import { WitnessJoin, WITNESSED_API_TYPES, type WitnessSender } from './witness-join.ts';
import { trimOldest } from './bounded.ts';
import { documentKeys, navigatesTab, pageUrlKey } from './page-documents.ts';

export interface CaptureOptions {
  browser: BrowserEngine;
  version: string;
  /** storage.session: the capture (gone with the browser session, as it should be). */
  storage: StorageAreaLike;
  /** storage.local: user settings that outlive the session. */
  settings?: StorageAreaLike;
  /** Told whenever "capture only while DevTools is open" is set, at start and on change. */
  onOnlyWithDevtools?: (value: boolean) => void;
  badge: BadgeApi;
  limits?: TabLogLimits;
  /** Wall clock (ms); tests drive it to age records that crossed a restart (docs/lifecycle.md rule 8). */
  now?: () => number;
}

export interface Capture {
  handlers: CaptureHandlers;
  /** Settles once the state of a previous worker life is back; events wait for it. */
  ready: Promise<void>;
  connectPanel(tabId: number, port: PanelPort & { onMessage: { addListener(cb: (m: unknown) => void): void } }): void;
  connectDevtools(tabId: number, port: { onMessage: { addListener(cb: (m: unknown) => void): void } }): void;
  state(tabId: number): TabState;
  tabClosed(tabId: number): void;
  /**
   * A page witness message from a content script of `sender` (tab and frame from the browser's
   * sender, never from the message), already checked with isWitnessMessage. Settles once the
   * message is applied (or journaled) and its effects are in storage: then the relay may
   * forget it (the acknowledgement, src/witness/relay-core.ts `Delivery`).
   */
  witness(sender: WitnessSender, message: WitnessMessage): Promise<void>;
  join: WitnessJoin;
  /** storage.local `settings` changed (its new value): the witness switch is read from it. */
  settingsChanged(settings: unknown): void;
  /** Tabs already open when the extension starts (their navigation was never seen). */
  tabsFound(tabs: Array<{ id?: number; url?: string }>): void;
  logs: TabLogs;
  persistence: Persistence;
  /** The tab's records in capture order, whole (complete ones are read back from storage). */
  readRecords(tabId: number): Promise<CaptureRecord[]>;
  flush(): Promise<void>;
  /** The Clear button: empties the tab's log and starts a new epoch. */
  clearTab(tabId: number): void;
  setPreserve(tabId: number, preserve: boolean): void;
  /** Ends records that can no longer complete (docs/lifecycle.md rule 8); also runs on a timer. */
  sweep(): void;
  /** Stops timers: this background is gone (tests model a killed worker with it). */
  dispose(): void;
}

/** Storage keys of journaled operations: `j:<life>:<seq>` (sorted: oldest life, then order). */
const JOURNAL = 'j:';

/** The webRequest events the tracker follows, each with what it carries. */
interface EventDetails {
  beforeRequest: RequestDetails;
  sendHeaders: SendHeadersDetails;
  headersReceived: ResponseDetails;
  beforeRedirect: RedirectDetails;
  completed: ResponseDetails;
  errorOccurred: ErrorDetails;
}
type EventName = keyof EventDetails;

/**
 * A webRequest event as the capture applies it. Written over the event names (not as a plain
 * union) so that TypeScript relates an operation's `op` to its `d`: `tracker[op.op](op.d)`
 * then type-checks without a switch.
 */
type EventOperation<K extends EventName = EventName> = { [E in K]: { op: E; d: EventDetails[E] } }[K];

/** Everything that changes the capture, in the order it happened (plain JSON: it may be journaled). */
type Operation =
  | EventOperation
  | { op: 'navigated'; d: RequestDetails }
  | { op: 'navigationEnded'; d: NavigationEnd }
  | { op: 'tabClosed'; tabId: number }
  | { op: 'clear'; tabId: number }
  | { op: 'preserve'; tabId: number; value: boolean }
  | { op: 'witness'; sender: WitnessSender; message: WitnessMessage }
  | { op: 'sweep' };

const OPS = new Set([
  'beforeRequest',
  'sendHeaders',
  'headersReceived',
  'beforeRedirect',
  'completed',
  'errorOccurred',
  'navigated',
  'navigationEnded',
  'tabClosed',
  'clear',
  'preserve',
  'witness',
]);

/** A journal entry read back (written by this code, but storage is not typed). */
function isOperation(value: unknown): value is Operation {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { op?: unknown; d?: { requestId?: unknown; tabId?: unknown }; tabId?: unknown; sender?: { tabId?: unknown }; message?: unknown };
  if (typeof v.op !== 'string' || !OPS.has(v.op)) return false;
  // The page's word, journaled: checked again as it was when it came.
  if (v.op === 'witness') return Number.isSafeInteger(v.sender?.tabId) && isWitnessMessage(v.message);
  if (v.op === 'tabClosed' || v.op === 'clear' || v.op === 'preserve') return Number.isSafeInteger(v.tabId);
  return typeof v.d === 'object' && v.d !== null && typeof v.d.requestId === 'string' && Number.isSafeInteger(v.d.tabId);
}

export function createCapture(options: CaptureOptions): Capture {
  let paused = false;
  let onlyWithDevtools = false;
  /**
   * The page witness switch (storage.local settings.witness). The relays follow it too, but a
   * relay whose frame goes before its storage read answers sends what it has (relay.ts
   * pagehide): this is where that is dropped when the witness is off.
   */
  let witnessOn = true;
  /** Set once a change was heard or made: the start's own read is then older. */
  let witnessHeard = false;
  const now = options.now ?? (() => Date.now());
  const persistence = new Persistence(options.storage);
  const observers: TabLogObserver[] = [persistence];
  const fanOut: TabLogObserver = {
    recordChanged: (r) => observers.forEach((o) => o.recordChanged(r)),
    recordsRemoved: (t, ids) => observers.forEach((o) => o.recordsRemoved(t, ids)),
    metaChanged: (t, m) => observers.forEach((o) => o.metaChanged(t, m)),
    tabRemoved: (t) => observers.forEach((o) => o.tabRemoved(t)),
    tombstonesChanged: (t) => persistence.tombstonesChanged(t),
  };
  const logs = new TabLogs(fanOut, options.limits ?? DEFAULT_LIMITS);
  persistence.onWriteFailed = () => logs.shrinkBudget();
  persistence.current = (id) => logs.inflightRecord(id);
  /**
   * Failures that would otherwise pass silently (issue 15, "failures made visible"): each kind
   * is logged once to the background's console and shown in every panel's toolbar.
   */
  const problems = new Map<CaptureProblem['kind'], CaptureProblem>();
  const problem = (kind: CaptureProblem['kind'], error: unknown): void => {
    const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 300);
    if (!problems.has(kind)) console.warn(`CORS Lens: ${kind} failed: ${message}`);
    problems.delete(kind);
    problems.set(kind, { kind, message, at: Date.now() });
    // (Only ever called once the hub below exists: from storage callbacks and the restore.)
    hub.stateChangedEverywhere();
  };
  persistence.onGaveUp = (error) => problem('storage', error);
  // Records are read back as stored, their verdicts without the trace of checks
  // (stored-form.ts): the panel derives the trace when it shows one record in detail.
  const state = (tabId: number): TabState => {
    const { dropped, preserve } = logs.meta(tabId);
    return { dropped, preserve, paused, onlyWithDevtools, witness: witnessOn, ...(problems.size > 0 ? { problems: [...problems.values()] } : {}) };
  };
  /** Those of `ids` still in the tab's log, whole, in capture order (in-flight ones from memory). */
  const readSome = async (tabId: number, ids: readonly string[]): Promise<CaptureRecord[]> => {
    // persistence.readRecords writes what is pending first: storage holds every complete record.
    const stored = await persistence.readRecords(ids.filter((id) => !logs.entry(tabId, id)?.record));
    const wanted = new Set(ids);
    const out: CaptureRecord[] = [];
    // Read against the index as it is now: records evicted meanwhile are left out.
    for (const id of logs.ids(tabId)) {
      if (!wanted.has(id)) continue;
      const record = logs.entry(tabId, id)?.record ?? stored.get(id);
      if (record) out.push(record);
    }
    return out;
  };
  const readRecords = (tabId: number): Promise<CaptureRecord[]> => readSome(tabId, logs.ids(tabId));
  const hub = new PanelHub({ ids: (tabId) => logs.ids(tabId), read: readSome, state }, options.version);
  const badge = new ActionBadge(options.badge, (tabId) => logs.blockedCount(tabId));
  observers.push(hub, badge);

  /** Changes to a stored record's witness facts, one at a time per record (each reads the last). */
  const rewrites = new Map<string, Promise<void>>();
  /**
   * Records that completed before the page witness's report of them came (it comes up to
   * ~250 ms later, batched): kept until their outcome is in, so the rewrite needs no storage
   * read. Bounded; one that fell out is read back from storage.
   */
  const awaitingWitness = new Map<string, CaptureRecord>();
  const MAX_AWAITING_WITNESS = 128;
  /**
   * Complete records that have their call's facts and wait only for the page's outcome: what
   * `confirmsBrowser` needs of each, without the whole record. An outcome that only repeats the
   * browser's report (most of them, in Chromium) then needs no storage read. A burst completes
   * ~200 records in the ~600 ms an outcome waits for its dispatch (page script and relay pacing),
   * more than awaitingWitness keeps; these are small and leave when their outcome comes.
   */
  const awaitingOutcome = new Map<string, OutcomeCheck>();
  const MAX_AWAITING_OUTCOME = 2048;
  // Kept current: a record rewritten another way (a DevTools source) or removed is not rewritten from an old copy.
  observers.push({
    recordChanged: (r) => {
      if (awaitingOutcome.has(r.id)) {
        if (r.complete && r.witness !== undefined && r.witness.outcome === undefined) awaitingOutcome.set(r.id, outcomeCheck(r));
        else awaitingOutcome.delete(r.id);
      }
      if (!awaitingWitness.has(r.id)) return;
      if (r.complete) awaitingWitness.set(r.id, r);
      else awaitingWitness.delete(r.id);
    },
    recordsRemoved: (_tabId, ids) =>
      ids.forEach((id) => {
        awaitingWitness.delete(id);
        awaitingOutcome.delete(id);
      }),
    metaChanged: () => undefined,
    tabRemoved: () => undefined,
  });
  /**
   * Rewrites a complete record with new witness facts, unless all they add is an outcome the
   * browser itself already reported the same way (Chromium's success or CORS failure): that
   * changes no verdict and would cost a storage write per request.
   */
  const rewrite = (stored: CaptureRecord, witness: PageWitness): void => {
    if (confirmsBrowser(stored, witness)) {
      awaitingWitness.delete(stored.id);
      awaitingOutcome.delete(stored.id);
      return;
    }
    rejudge({ ...stored, witness });
  };
  /** A complete record whose page outcome is still to come is kept for its rewrite (bounded). */
  const awaitWitness = (record: CaptureRecord): void => {
    if (record.witness?.outcome !== undefined) {
      awaitingWitness.delete(record.id);
      awaitingOutcome.delete(record.id);
      return;
    }
    awaitingWitness.set(record.id, record);
    trimOldest(awaitingWitness, MAX_AWAITING_WITNESS);
    if (record.witness === undefined) return;
    awaitingOutcome.set(record.id, outcomeCheck(record));
    trimOldest(awaitingOutcome, MAX_AWAITING_OUTCOME);
  };
  const rejudge = (record: CaptureRecord): void => {
    record.verdict = evaluate(toExchange(record));
    awaitWitness(record);
    logs.upsert(record);
  };
  const join = new WitnessJoin({
    now,
    exists: (tabId, id) => logs.entry(tabId, id) !== undefined,
    logged: (tabId) => logs.entries(tabId),
    changed: () => persistence.saveWitness(join.takeChanges()),
    createUnseen: (tabId, p, witness) => {
      if (paused || logs.isClosed(tabId)) return undefined;
      const id = `witness-${p.page}-${p.call.seq}`;
      if (logs.entry(tabId, id)) return id;
      const record: CaptureRecord = {
        id,
        tabId,
        seq: logs.nextSeq(tabId),
        startedAt: p.call.startedAt,
        ...(p.outcome === undefined ? {} : { endedAt: p.outcome.endedAt }),
        url: p.call.url,
        method: p.call.method,
        type: 'xmlhttprequest',
        ...(p.pageOrigin === undefined ? {} : { initiator: p.pageOrigin }),
        ...(p.frameId === undefined ? {} : { frameId: p.frameId }),
        redirects: [],
        complete: true,
        browser: options.browser,
        observedBy: options.browser === 'firefox' ? 'headers-only' : 'browser',
        // docs/lifecycle.md: a request the capture saw nothing of on the network side.
        gaps: { start: true, unseen: true },
        witness,
      };
      rejudge(record);
      return id;
    },
    update: (tabId, id, change) => {
      const entry = logs.entry(tabId, id);
      if (!entry) return;
      const hot = entry.record;
      if (hot) {
        // In flight: the tracker judges it when it ends, with these facts.
        hot.witness = change(hot.witness);
        logs.upsert(hot);
        return;
      }
      const kept = awaitingWitness.get(id);
      if (kept && !rewrites.has(id)) {
        // A complete record is never changed in place (stored-form.ts memoises it).
        return rewrite(kept, change(kept.witness));
      }
      const check = awaitingOutcome.get(id);
      if (check && !rewrites.has(id) && confirmsBrowser(check, change(check.witness))) {
        awaitingOutcome.delete(id);
        return;
      }
      const previous = rewrites.get(id) ?? Promise.resolve();
      const next = previous
        .then(() => persistence.readRecords([id]))
        .then((found) => {
          const stored = found.get(id);
          // Still in the log (not cleared or evicted while reading)?
          if (!stored || !logs.entry(tabId, id) || logs.entry(tabId, id)?.record) return;
          // A complete record is never changed in place (stored-form.ts memoises it).
          rewrite(stored, change(stored.witness));
        })
        .catch(() => undefined)
        .finally(() => {
          if (rewrites.get(id) === next) rewrites.delete(id);
        });
      rewrites.set(id, next);
    },
  });

  const tracker = new Tracker({
    browser: options.browser,
    unsafeHeaderNames: unsafeRequestHeaderNames,
    needsPreflight,
    judge: (record, filler) => evaluate(toExchange(record, filler)),
    findCacheFiller: (record) => logs.findCacheFiller(record),
    nextSeq: (tabId) => logs.nextSeq(tabId),
    tabForWorker: (initiator) => logs.tabForOrigin(initiator),
    upsert: (record) => {
      const fresh = logs.entry(record.tabId, record.id) === undefined;
      if (record.complete && WITNESSED_API_TYPES.has(record.type)) awaitWitness(record);
      logs.upsert(record);
      // A call the page witness reported first may be waiting for this record.
      if (fresh && logs.entry(record.tabId, record.id) !== undefined) join.recordAdded(record);
    },
    discard: (record) => logs.discard(record),
    isForgotten: (requestId, tabId) => logs.isClosed(tabId) || logs.isForgotten(requestId),
    isLogged: (tabId, requestId) => {
      const entry = logs.entry(tabId, requestId);
      return entry !== undefined && entry.record === undefined;
    },
    endedByCapture: (tabId, requestId) => {
      const entry = logs.entry(tabId, requestId);
      return entry?.endGuessed && entry.record === undefined ? { url: entry.url, method: entry.method } : undefined;
    },
    forget: (ids) => logs.forget(ids),
    fromPageLeft: (tabId, documents) => {
      if (logs.fromPageLeft(documents, now())) return true;
      logs.sawDocuments(tabId, documents);
      return false;
    },
    now,
  });

  // Events that wake the worker arrive before storage has answered: queue them, in order.
  // Tab closes and clears take the same queue, so they apply in the order they happened.
  // Until the restore is done nothing else is stored, and a worker (or Firefox event page)
  // killed again before then would lose what it was told: so each queued operation is also
  // written to a journal at once (docs/lifecycle.md rule 6), replayed by the next life.
  let disposed = false;
  let queue: Operation[] | null = [];
  const life = `${Date.now().toString(36).padStart(9, '0')}.${Math.random().toString(36).slice(2, 8)}`;
  let journalSeq = 0;
  const journalKeys: string[] = [];
  const enqueue = (op: Operation) => {
    if (disposed) return;
    if (!queue) return apply(op);
    queue.push(op);
    if (op.op === 'sweep') return;
    const key = `${JOURNAL}${life}:${String(journalSeq++).padStart(6, '0')}`;
    journalKeys.push(key);
    persistence.journal(key, op);
  };
  const apply = (op: Operation) => {
    switch (op.op) {
      case 'navigated':
        if (!navigatesTab(op.d, options.browser)) return;
        return navigated(op.d.tabId, op.d.requestId, op.d.url);
      case 'navigationEnded':
        return navigationEnded(op.d);
      case 'tabClosed':
        tracker.forgetTab(op.tabId);
        join.forgetTab(op.tabId, true);
        navigations.delete(op.tabId);
        return logs.removeTab(op.tabId);
      case 'clear':
        return clearTab(op.tabId);
      case 'preserve':
        return logs.setPreserve(op.tabId, op.value);
      case 'sweep':
        return sweep();
      case 'witness':
        // Paused: nothing new is recorded, so nothing is joined either.
        if (!witnessOn || paused || logs.isClosed(op.sender.tabId)) return;
        if (logs.fromPageLeft(documentKeys(op.sender), now())) return;
        join.receive(op.sender, op.message);
        return scheduleSweep();
      default:
        // Paused: no new record, but the requests already in flight are followed to their end
        // (otherwise they would stay pending forever).
        if (paused && !tracker.tracks(op.d.requestId)) return;
        return dispatch(op);
    }
  };
  // The tracker has a method of each event's name, taking that event's details.
  const events: { [E in EventName]: (d: EventDetails[E]) => void } = tracker;
  const dispatch = <K extends EventName>(op: EventOperation<K>) => events[op.op](op.d);

  // Rule 8: records that may never hear their last event are ended when they fall due.
  let sweepTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleSweep = () => {
    if (sweepTimer !== undefined) clearTimeout(sweepTimer);
    sweepTimer = undefined;
    const a = tracker.nextDeadline();
    const b = join.nextDeadline();
    const due = a === undefined ? b : b === undefined ? a : Math.min(a, b);
    if (due === undefined || disposed) return;
    sweepTimer = setTimeout(() => enqueue({ op: 'sweep' }), Math.max(0, due - now()) + 10);
    // Node (the unit tests) need not stay up for it; browsers have no unref.
    (sweepTimer as { unref?: () => void }).unref?.();
  };
  const sweep = () => {
    tracker.sweep();
    join.expire();
    scheduleSweep();
  };

  /** Writes settings into storage.local `settings`, merged: the object holds every setting. */
  const saveLocalSetting = (patch: Record<string, unknown>): void => {
    void options.settings
      ?.get(['settings'])
      .then((stored) => {
        const current = typeof stored.settings === 'object' && stored.settings !== null ? stored.settings : {};
        return options.settings?.set({ settings: { ...current, ...patch } });
      })
      .catch((error: unknown) => problem('settings', error));
  };
  const setWitness = (value: boolean): void => {
    witnessHeard = true;
    if (value === witnessOn) return;
    witnessOn = value;
    hub.stateChangedEverywhere();
  };
  const ready = Promise.all([persistence.restore(), options.settings?.get(null) ?? Promise.resolve<Record<string, unknown>>({})])
    .then(([{ tabs, settings, tombstones, journal, witness: witnessState }, local]) => {
      paused = settings.paused === true;
      onlyWithDevtools = (local.settings as { onlyWithDevtools?: unknown } | undefined)?.onlyWithDevtools === true;
      // A change heard meanwhile is as new as this read or newer.
      if (!witnessHeard) witnessOn = witnessEnabled(local.settings);
      options.onOnlyWithDevtools?.(onlyWithDevtools);
      logs.loadTombstones(tombstones);
      for (const [tabId, { meta, records }] of tabs) logs.load(tabId, meta, records);
      tracker.restore(logs.inflightRecords());
      join.load(witnessState);
      join.restore(logs.inflightRecords());
      // What earlier lives were told before their own restore finished, oldest first.
      for (const { key, value } of journal) {
        journalKeys.push(key);
        if (key.startsWith(`${JOURNAL}${life}:`) || !isOperation(value)) continue; // this life's are in `queue`
        apply(value);
      }
      scheduleSweep();
    })
    // The capture goes on from an empty state; the panel says the earlier one could not be read.
    .catch((error: unknown) => problem('restore', error))
    .finally(() => {
      const pending = queue ?? [];
      queue = null;
      for (const op of pending) apply(op);
      // Applied, and their effects handed to storage before (same task, earlier write): done.
      persistence.dropJournal(journalKeys.splice(0));
    });

  /**
   * The main-frame request last seen per tab (its redirects are one navigation, not several),
   * with the documents of the page it leaves, until the navigation's request ends.
   */
  const navigations = new Map<number, { requestId: string; left: string[] }>();
  const navigated = (tabId: number, requestId: string, url: string) => {
    if (logs.isClosed(tabId)) return;
    // A redirect of the same navigation: the page it ends on is not one left (Firefox's URL key).
    if (navigations.get(tabId)?.requestId === requestId) return logs.arriving(pageUrlKey(tabId, url));
    if (logs.meta(tabId).preserve) tracker.pageLeft(tabId);
    else {
      logs.forget(tracker.forgetTab(tabId));
      join.forgetTab(tabId);
    }
    navigations.set(tabId, { requestId, left: logs.navigated(tabId, now(), urlOrigin(url) ?? undefined, pageUrlKey(tabId, url)) });
    scheduleSweep();
  };
  // Rule 11: a navigation that ends without a new page (a 204, a download, stopped) leaves the
  // page in place: its documents are the tab's again. A network error shows an error page.
  const navigationEnded = (d: NavigationEnd) => {
    const navigation = navigations.get(d.tabId);
    if (navigation?.requestId !== d.requestId) return;
    const { left } = navigation;
    navigation.left = [];
    const stayed = d.download === true || (d.error !== undefined ? /ABORTED/.test(d.error) : d.statusCode === 204 || d.statusCode === 205);
    logs.navigationEnded(d.tabId, left, stayed, now());
  };

  const handlers: CaptureHandlers = {
    beforeRequest: (d) => enqueue({ op: 'beforeRequest', d }),
    sendHeaders: (d) => enqueue({ op: 'sendHeaders', d }),
    headersReceived: (d) => enqueue({ op: 'headersReceived', d }),
    beforeRedirect: (d) => enqueue({ op: 'beforeRedirect', d }),
    completed: (d) => enqueue({ op: 'completed', d }),
    errorOccurred: (d) => enqueue({ op: 'errorOccurred', d }),
    navigated: (d) => enqueue({ op: 'navigated', d }),
    navigationEnded: (d) => enqueue({ op: 'navigationEnded', d }),
  };

  const onPageMessage = (tabId: number) => (message: unknown) => {
    if (!isPageToBackground(message)) return;
    void ready.then(() => {
      switch (message.type) {
        case 'clear':
          clearTab(tabId);
          break;
        case 'set-preserve':
          logs.setPreserve(tabId, message.preserve);
          break;
        case 'set-paused':
          paused = message.paused;
          persistence.saveSettings({ paused });
          hub.stateChangedEverywhere();
          break;
        case 'set-only-with-devtools':
          onlyWithDevtools = message.value;
          saveLocalSetting({ onlyWithDevtools });
          options.onOnlyWithDevtools?.(onlyWithDevtools);
          hub.stateChangedEverywhere();
          break;
        case 'set-witness':
          // The relays hear the write (storage.local.onChanged) and tell their page scripts.
          setWitness(message.value);
          saveLocalSetting({ witness: witnessOn });
          break;
        case 'records':
          break; // a panel's request, answered on its port (connectPanel)
        case 'source': {
          const id = matchSource(logs.entries(tabId), message);
          if (id === undefined) break;
          const hot = logs.entry(tabId, id)?.record;
          if (hot) {
            hot.source = boundedSource(message.source);
            logs.upsert(hot);
          } else {
            void persistence
              .flush()
              .then(() => persistence.readRecords([id]))
              .then((found) => {
                const record = found.get(id);
                // Still in the log (not cleared or evicted while reading)?
                if (record && logs.entry(tabId, id)) logs.upsert(withSource(record, message.source));
              });
          }
          break;
        }
      }
    });
  };

  function clearTab(tabId: number): void {
    logs.forget(tracker.forgetTab(tabId));
    join.forgetTab(tabId);
    logs.clear(tabId);
  }

  return {
    handlers,
    ready,
    clearTab: (tabId) => enqueue({ op: 'clear', tabId }),
    setPreserve: (tabId, value) => enqueue({ op: 'preserve', tabId, value }),
    sweep: () => enqueue({ op: 'sweep' }),
    dispose: () => {
      disposed = true;
      if (sweepTimer !== undefined) clearTimeout(sweepTimer);
      persistence.dispose();
      hub.dispose();
    },
    logs,
    persistence,
    connectPanel(tabId, port) {
      port.onMessage.addListener(onPageMessage(tabId));
      // Whole records for the panel's detail view and exports, answered on its own port.
      port.onMessage.addListener((m) => {
        if (isPageToBackground(m) && m.type === 'records') void ready.then(() => hub.records(tabId, port, m.ids));
      });
      void ready.then(() => hub.connect(tabId, port));
    },
    readRecords,
    connectDevtools(tabId, port) {
      port.onMessage.addListener(onPageMessage(tabId));
    },
    state,
    tabClosed(tabId) {
      enqueue({ op: 'tabClosed', tabId });
    },
    witness(sender, message) {
      // In order with the webRequest events, and journaled like them until the restore is done.
      enqueue({ op: 'witness', sender, message });
      return persistence.flush();
    },
    join,
    settingsChanged(settings) {
      setWitness(witnessEnabled(settings));
    },
    tabsFound(tabs) {
      void ready.then(() => {
        for (const t of tabs) {
          const origin = t.url?.startsWith('http') ? urlOrigin(t.url) : null;
          if (t.id !== undefined && t.id >= 0 && origin) logs.seenTab(t.id, origin);
        }
      });
    },
    async flush() {
      hub.flush();
      badge.update();
      await persistence.flush();
    },
  };
}

/** What `confirmsBrowser` reads of a complete record. */
type OutcomeCheck = Pick<CaptureRecord, 'observedBy' | 'gaps' | 'error' | 'witness'>;

function outcomeCheck(r: CaptureRecord): OutcomeCheck {
  return {
    observedBy: r.observedBy,
    ...(r.gaps === undefined ? {} : { gaps: r.gaps }),
    ...(r.error === undefined ? {} : { error: r.error }),
    ...(r.witness === undefined ? {} : { witness: r.witness }),
  };
}

/**
 * True when `next` only adds to the record's witness facts an outcome that says what the
 * browser's own report already said (Chromium: resolved with no error, or rejected with a
 * failure that is not a cancellation): nothing in the verdict can change.
 */
function confirmsBrowser(record: OutcomeCheck, next: PageWitness): boolean {
  const before = record.witness;
  const o = next.outcome;
  if (record.observedBy !== 'browser' || before === undefined || before.outcome !== undefined || o === undefined) return false;
  if (record.gaps?.end !== undefined || record.gaps?.unseen === true) return false;
  const { outcome: _o, ...rest } = next;
  if (JSON.stringify(rest) !== JSON.stringify(before)) return false;
  const resolved = o.kind === 'resolved' || (o.kind === 'xhr' && o.event === 'load');
  const rejected = (o.kind === 'rejected' && o.name !== 'AbortError') || (o.kind === 'xhr' && o.event === 'error');
  if (resolved) return record.error === undefined;
  return rejected && record.error !== undefined && !/ERR_ABORTED/.test(record.error);
}
