// The page witness (src/witness/) is transparent: the same test page runs the same fetch /
// XMLHttpRequest / sendBeacon / EventSource cases in a Chromium with CORS Lens and in a plain
// Chromium without any extension, and every result must be identical: resolved values
// (status, type, headers, body), rejections (name, message), AbortController, streamed
// bodies, Request objects, sync XHR, event order, thrown exceptions, the wrapped functions'
// length / name / source text, the window's own property names, unhandled rejections, and the
// page's console. Then, with the witness, the page's own listener sees one observation per
// call with the right credentials, mode, redirect mode and outcome, and the
// `settings.witness` switch turns it off and on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { startCorsServer, type CorsServer } from '../../demo/cors-server.ts';
import { CHROME_FLAGS, findChrome } from '../../scripts/chrome-path.ts';
import { launchWithExtension, type LaunchedExtension } from '../support/browser.ts';
import { readUntil } from '../support/poll.ts';
import { DIST_FIREFOX, findFirefox } from '../support/firefox-session.ts';
import { CHANNEL_LIMITS, readPageBatch, WITNESS_CONTROL_EVENT, WITNESS_DATA_EVENT } from '../../src/witness/channel.ts';
import { decodeBatch } from '../../src/shared/witness-codec.ts';
import { isWitnessEntry, type WitnessCall, type WitnessEntry, type WitnessOutcomeEntry } from '../../src/shared/witness-protocol.ts';

// The page's own script: plain JS (no build step, no template interpolation), so that both
// browsers run exactly the same text. `runSuite(api, other)` returns one JSON-able result per
// case; every case uses its own path (/c-<name>) so that observations can be matched.
const SUITE = String.raw`
window.__witness = [];
window.__control = [];
window.__messages = 0;
window.__unhandled = [];
addEventListener('${WITNESS_DATA_EVENT}', function (e) { window.__witness.push(e.detail); });
addEventListener('${WITNESS_CONTROL_EVENT}', function (e) { window.__control.push(e.detail); });
addEventListener('message', function () { window.__messages++; });
addEventListener('unhandledrejection', function (e) {
  window.__unhandled.push({ name: e.reason && e.reason.name, message: e.reason && e.reason.message });
});

function err(e) {
  if (e && typeof e === 'object') return { name: e.name, message: e.message, ctor: e.constructor && e.constructor.name };
  return { value: String(e) };
}
function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
async function summary(r) {
  return { status: r.status, statusText: r.statusText, ok: r.ok, type: r.type, redirected: r.redirected, url: r.url,
    headers: Array.from(r.headers), body: await r.text(), bodyUsed: r.bodyUsed };
}
async function settle(p) {
  try { return { resolved: await summary(await p) }; } catch (e) { return { rejected: err(e) }; }
}
function sync(fn) {
  try { return { returned: fn() }; } catch (e) { return { threw: err(e) }; }
}
/** An async XHR's events in order, with readyState and status at each. */
function xhrRun(setup) {
  return new Promise(function (resolve) {
    var x = new XMLHttpRequest();
    var events = [];
    ['readystatechange', 'loadstart', 'progress', 'load', 'error', 'abort', 'timeout', 'loadend'].forEach(function (t) {
      x.addEventListener(t, function () {
        events.push(t + ':' + x.readyState + ':' + x.status);
        if (t === 'loadend') resolve({ events: events, responseText: x.responseText, headers: x.getAllResponseHeaders() });
      });
    });
    var thrown = sync(function () { setup(x); });
    if (thrown.threw) resolve({ threw: thrown.threw, events: events });
  });
}
/** A stack without extension frames: Chromium names them chrome-extension://, Firefox <anonymous code>. */
function stackWithoutExtensions(e) {
  return String(e && e.stack).split('\n').filter(function (l) { return l.indexOf('-extension://') < 0 && l.indexOf('<anonymous code>') < 0; }).join('\n');
}

window.runSuite = async function (API, OTHER) {
  var out = {};
  var ok = '&acao=*';
  var cred = '&acao=' + encodeURIComponent(location.origin) + '&acac=true';

  out.resolved = await settle(fetch(API + '/c-ok?x=1' + ok));
  out.resolvedUrlObject = await settle(fetch(new URL(API + '/c-url-object?x=1' + ok)));
  out.blocked = await settle(fetch(API + '/c-blocked?x=1'));
  out.credentialed = await settle(fetch(API + '/c-cred?x=1' + cred, { credentials: 'include' }));
  out.credentialsAgainstWildcard = await settle(fetch(API + '/c-cred-wildcard?x=1' + ok, { credentials: 'include' }));
  out.omit = await settle(fetch(API + '/c-omit?x=1' + ok, { credentials: 'omit' }));

  var req = new Request(API + '/c-request?x=1' + cred, { credentials: 'include', mode: 'cors' });
  out.request = await settle(fetch(req));
  out.requestAfter = { bodyUsed: req.bodyUsed, credentials: req.credentials, mode: req.mode, redirect: req.redirect, method: req.method };
  var post = new Request(API + '/c-request-body?x=1' + ok, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
  out.requestBody = await settle(fetch(post));
  out.requestBodyUsed = post.bodyUsed;
  out.requestBodyAgain = await settle(fetch(post));
  out.requestWithInit = await settle(fetch(new Request(API + '/c-request-init?x=1' + ok), { method: 'post', body: 'x', redirect: 'error' }));

  var ac = new AbortController();
  var aborted = fetch(API + '/c-abort?delay=3000' + ok, { signal: ac.signal });
  setTimeout(function () { ac.abort(); }, 50);
  out.abort = await settle(aborted);
  var reason = new Error('my reason');
  var ac2 = new AbortController();
  var aborted2 = fetch(API + '/c-abort-reason?delay=3000' + ok, { signal: ac2.signal });
  setTimeout(function () { ac2.abort(reason); }, 50);
  try { await aborted2; out.abortReason = 'resolved'; } catch (e) { out.abortReason = { same: e === reason, error: err(e) }; }
  out.preAborted = await settle(fetch(API + '/c-pre-aborted?x=1' + ok, { signal: AbortSignal.abort() }));
  var ac3 = new AbortController();
  var r3 = await fetch(API + '/c-abort-body?x=1' + ok, { signal: ac3.signal });
  ac3.abort();
  try { await r3.text(); out.abortBody = 'read'; } catch (e) { out.abortBody = err(e); }

  var streamed = await fetch(API + '/c-stream?x=1' + ok);
  var reader = streamed.body.getReader();
  var chunks = [];
  for (;;) { var c = await reader.read(); if (c.done) break; chunks.push(new TextDecoder().decode(c.value)); }
  out.stream = { text: chunks.join(''), locked: streamed.body.locked, bodyUsed: streamed.bodyUsed, type: streamed.type };

  out.redirectManual = await settle(fetch(API + '/c-manual?redirect=' + encodeURIComponent(OTHER + '/c-manual-target?acao=*') + ok, { redirect: 'manual' }));
  out.redirectError = await settle(fetch(API + '/c-redirect-error?redirect=' + encodeURIComponent(OTHER + '/c-x?acao=*') + ok, { redirect: 'error' }));
  out.redirectFollow = await settle(fetch(API + '/c-redirect-follow?redirect=' + encodeURIComponent(OTHER + '/c-follow-target?acao=*') + ok));
  out.noCors = await settle(fetch(API + '/c-nocors?x=1', { mode: 'no-cors' }));
  out.sameOriginMode = await settle(fetch(API + '/c-same-origin-mode?x=1' + ok, { mode: 'same-origin' }));
  out.invalidUrl = await settle(fetch('http://['));
  out.noArguments = await settle(fetch());
  out.symbolInput = await settle(Promise.resolve().then(function () { return fetch(Symbol('s')); }));
  out.illegalThis = await settle(Promise.resolve().then(function () { return fetch.call({}, API + '/c-illegal?x=1' + ok); }));
  out.forbiddenMethod = await settle(fetch(API + '/c-connect?x=1' + ok, { method: 'CONNECT' }));
  out.navigateMode = await settle(fetch(API + '/c-navigate?x=1' + ok, { mode: 'navigate' }));
  out.badCredentials = await settle(fetch(API + '/c-bad-cred?x=1' + ok, { credentials: 'sometimes' }));
  var conversions = 0;
  out.toStringInput = await settle(fetch({ toString: function () { conversions++; return API + '/c-to-string?x=1' + ok; } }));
  out.toStringConversions = conversions;
  var getterReads = 0;
  var init = {};
  Object.defineProperty(init, 'credentials', { get: function () { getterReads++; return 'omit'; }, enumerable: true });
  out.initGetter = await settle(fetch(API + '/c-init-getter?x=1' + ok, init));
  out.initGetterReads = getterReads;
  var throwingInput = { toString: function () { throw new RangeError('no string for you'); } };
  out.throwingToString = await settle(Promise.resolve().then(function () { return fetch(throwingInput); }));
  var p = fetch(API + '/c-identity?x=1' + ok);
  out.returnsPromise = { isPromise: p instanceof Promise, ctor: p.constructor === Promise, proto: Object.getPrototypeOf(p) === Promise.prototype };
  await p.catch(function () {});
  var fetchBlockedStack = await fetch(API + '/c-blocked-stack?x=1').catch(function (e) { return e; });
  out.blockedStack = stackWithoutExtensions(fetchBlockedStack);

  out.syncXhr = sync(function () {
    var x = new XMLHttpRequest();
    x.open('GET', API + '/c-sync-xhr?x=1' + ok, false);
    x.send();
    return { status: x.status, text: x.responseText, headers: x.getAllResponseHeaders(), readyState: x.readyState };
  });
  out.syncXhrBlocked = sync(function () {
    var x = new XMLHttpRequest();
    x.open('GET', API + '/c-sync-xhr-blocked?x=1', false);
    x.send();
    return x.status;
  });
  out.xhrLoad = await xhrRun(function (x) { x.open('GET', API + '/c-xhr-load?x=1' + ok); x.send(); });
  out.xhrError = await xhrRun(function (x) { x.open('GET', API + '/c-xhr-error?x=1'); x.send(); });
  out.xhrCredentials = await xhrRun(function (x) { x.open('GET', API + '/c-xhr-cred?x=1' + cred); x.withCredentials = true; x.send(); });
  out.xhrAbort = await xhrRun(function (x) { x.open('GET', API + '/c-xhr-abort?delay=3000' + ok); x.send(); setTimeout(function () { x.abort(); }, 50); });
  out.xhrTimeout = await xhrRun(function (x) { x.open('GET', API + '/c-xhr-timeout?delay=3000' + ok); x.timeout = 50; x.send(); });
  out.xhrPost = await xhrRun(function (x) { x.open('post', API + '/c-xhr-post?x=1' + ok); x.setRequestHeader('content-type', 'text/plain'); x.send('body'); });
  out.xhrUrlObject = await xhrRun(function (x) { x.open('GET', new URL(API + '/c-xhr-url-object?x=1' + ok)); x.send(); });
  out.xhrBadMethod = sync(function () { new XMLHttpRequest().open('GET POST', API + '/c-xhr-bad'); });
  out.xhrBadMethodStack = (function () { try { new XMLHttpRequest().open('GET POST', API + '/c-xhr-bad'); } catch (e) { return stackWithoutExtensions(e); } })();
  out.xhrSendUnopened = sync(function () { new XMLHttpRequest().send(); });
  out.xhrDoubleSend = sync(function () { var x = new XMLHttpRequest(); x.open('GET', API + '/c-xhr-double?x=1' + ok); x.send(); x.send(); });
  out.xhrIllegalThis = sync(function () { XMLHttpRequest.prototype.open.call({}, 'GET', '/'); });
  out.xhrReuse = await xhrRun(function (x) {
    x.open('GET', API + '/c-xhr-reuse-1?delay=3000' + ok);
    x.send();
    x.open('GET', API + '/c-xhr-reuse-2?x=1' + ok);
    x.send();
  });

  // Response headers asked for: Headers.get/has and getResponseHeader answer as the originals
  // (null or false for a header the server sent unexposed, the value, a TypeError for a bad name).
  var hidden = await fetch(API + '/c-hidden?x=1' + ok + '&h.X-Total-Count=42');
  out.headerReads = {
    get: hidden.headers.get('X-Total-Count'), has: hidden.headers.has('x-total-count'), type: hidden.headers.get('Content-Type'),
    badName: sync(function () { return hidden.headers.get('bad name'); }),
    again: hidden.headers.get('X-TOTAL-COUNT'),
    illegalThis: sync(function () { return Headers.prototype.get.call({}, 'x'); }),
    noArgument: sync(function () { return hidden.headers.get(); }),
    own: new Headers({ 'X-A': '1' }).get('x-b'),
    body: await hidden.text(),
  };
  var exposed = await fetch(API + '/c-exposed?x=1' + ok + '&aceh=X-Total-Count&h.X-Total-Count=42');
  out.headerExposed = [exposed.headers.get('X-Total-Count'), exposed.headers.get('x-missing'), await exposed.text()];
  out.xhrHeaderReads = await xhrRun(function (x) {
    x.open('GET', API + '/c-xhr-hidden?x=1' + ok + '&h.X-Total-Count=42');
    window.__xhrReads = [x.getResponseHeader('X-Total-Count')];
    x.addEventListener('load', function () { window.__xhrReads.push(x.getResponseHeader('X-Total-Count'), x.getResponseHeader('content-type')); });
    x.send();
  });
  out.xhrHeaderReads.reads = window.__xhrReads;
  out.xhrHeaderIllegalThis = sync(function () { return XMLHttpRequest.prototype.getResponseHeader.call({}, 'x'); });

  out.beacon = sync(function () { return navigator.sendBeacon(API + '/c-beacon?x=1', 'data'); });
  out.beaconJson = sync(function () { return navigator.sendBeacon(API + '/c-beacon-json?x=1', new Blob(['{}'], { type: 'application/json' })); });
  out.beaconBadScheme = sync(function () { return navigator.sendBeacon('ftp://example.test/'); });
  out.beaconIllegalThis = sync(function () { return navigator.sendBeacon.call({}, API + '/c-beacon-illegal'); });

  out.eventSource = await new Promise(function (resolve) {
    var es = new EventSource(API + '/c-es?x=1' + ok);
    var seen = [];
    es.addEventListener('open', function () { seen.push('open'); });
    es.addEventListener('error', function () {
      seen.push('error:' + es.readyState);
      setTimeout(function () { es.close(); resolve({ seen: seen, readyState: es.readyState, url: es.url, withCredentials: es.withCredentials,
        isInstance: es instanceof EventSource, ctor: es.constructor === EventSource }); }, 50);
    });
  });
  out.eventSourceBadUrl = sync(function () { return new EventSource('http://['); });
  out.eventSourceNoNew = sync(function () { return EventSource(API + '/c-es-no-new'); });
  out.eventSourceSubclass = sync(function () {
    class Mine extends EventSource {}
    var m = new Mine(API + '/c-es-subclass?x=1' + ok, { withCredentials: true });
    var result = { mine: m instanceof Mine, base: m instanceof EventSource, withCredentials: m.withCredentials, proto: Object.getPrototypeOf(m) === Mine.prototype };
    m.close();
    return result;
  });

  // The witness asks V8 for fewer stack frames while it takes a call's stack: the page's own
  // Error.stackTraceLimit, and the stacks the page makes, are what they would be without it.
  out.stackTraceLimit = (function () {
    var before = Error.stackTraceLimit;
    fetch(API + '/c-stl?x=1' + ok);
    var after = Error.stackTraceLimit;
    Error.stackTraceLimit = 2;
    fetch(API + '/c-stl2?x=1' + ok);
    var kept = Error.stackTraceLimit;
    var depth = (function a() { return (function b() { return (function c() { return stackWithoutExtensions(new Error('x')).split('\n').length; })(); })(); })();
    Error.stackTraceLimit = before;
    var d = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
    return [before, after, kept, depth, d && [d.writable, d.enumerable, d.configurable]];
  })();

  var src = Function.prototype.toString;
  function attrs(o, k) { var d = Object.getOwnPropertyDescriptor(o, k); return d && [typeof d.value, d.writable, d.enumerable, d.configurable, typeof d.get]; }
  out.shape = {
    fetch: [typeof fetch, fetch.length, fetch.name, 'prototype' in fetch, Object.getOwnPropertyNames(fetch).sort()],
    fetchSource: [src.call(fetch), String(fetch), fetch.toString(), '' + fetch],
    fetchAttrs: attrs(window, 'fetch'),
    newFetch: sync(function () { return new fetch(API); }),
    open: [typeof XMLHttpRequest.prototype.open, XMLHttpRequest.prototype.open.length, XMLHttpRequest.prototype.open.name, src.call(XMLHttpRequest.prototype.open), attrs(XMLHttpRequest.prototype, 'open')],
    send: [XMLHttpRequest.prototype.send.length, XMLHttpRequest.prototype.send.name, src.call(XMLHttpRequest.prototype.send), attrs(XMLHttpRequest.prototype, 'send')],
    getResponseHeader: [XMLHttpRequest.prototype.getResponseHeader.length, XMLHttpRequest.prototype.getResponseHeader.name, src.call(XMLHttpRequest.prototype.getResponseHeader), attrs(XMLHttpRequest.prototype, 'getResponseHeader'), 'prototype' in XMLHttpRequest.prototype.getResponseHeader],
    headersGet: [Headers.prototype.get.length, Headers.prototype.get.name, src.call(Headers.prototype.get), attrs(Headers.prototype, 'get'), 'prototype' in Headers.prototype.get, sync(function () { return new Headers.prototype.get('x'); })],
    headersHas: [Headers.prototype.has.length, Headers.prototype.has.name, src.call(Headers.prototype.has), attrs(Headers.prototype, 'has')],
    sendBeacon: [navigator.sendBeacon.length, navigator.sendBeacon.name, src.call(navigator.sendBeacon), attrs(Navigator.prototype, 'sendBeacon'), Object.getOwnPropertyNames(navigator)],
    eventSource: [typeof EventSource, EventSource.length, EventSource.name, src.call(EventSource), EventSource.CONNECTING, EventSource.CLOSED,
      EventSource.prototype.constructor === EventSource, Object.getOwnPropertyNames(EventSource).sort(), attrs(window, 'EventSource'),
      attrs(EventSource.prototype, 'constructor')],
    toString: [src.name, src.length, src.call(src), 'prototype' in src, attrs(Function.prototype, 'toString'), sync(function () { return src.call({}); })],
    otherFunctions: [src.call(function f(a) { return a + 1; }), src.call(class K {}), src.call(Math.max), src.call(async function g() {})],
    windowNames: Object.getOwnPropertyNames(window).sort(),
  };

  // An about:blank iframe the page makes: its fetch is no way around the witness (manifest
  // match_about_blank; the witness is there before the page can call into the new frame).
  var frame = document.createElement('iframe');
  document.body.appendChild(frame);
  window.__frameWitness = [];
  frame.contentWindow.addEventListener('${WITNESS_DATA_EVENT}', function (e) { window.__frameWitness.push(e.detail); });
  out.blankFrame = await settle(frame.contentWindow.fetch(API + '/c-blank-frame?x=1' + ok));

  // A rejection nobody handles is still reported as unhandled. Waited for (a loaded machine
  // takes well over the 300 ms once slept here for the request to fail), then one more task
  // so that a second report of it would be seen too.
  fetch(API + '/c-unhandled?x=1');
  for (var waited = 0; window.__unhandled.length === 0 && waited < 15000; waited += 20) await sleep(20);
  await sleep(50);
  out.unhandled = window.__unhandled.slice();
  out.messages = window.__messages;
  return out;
};
`;

const PAGE = `<!doctype html><title>witness transparency</title><script>${SUITE}</script><h1>transparency</h1>`;

interface Run {
  results: Record<string, unknown>;
  console: string[];
}

/** The two checks every browser's run makes: same results with and without the witness, and a baseline that is not vacuous. */
function sameResults(runs: () => { without: Run; withWitness: Run }): void {
  test('every case gives the same result with and without the witness', () => {
    const { without, withWitness } = runs();
    assert.deepEqual(Object.keys(withWitness.results).sort(), Object.keys(without.results).sort());
    for (const key of Object.keys(without.results)) {
      assert.deepEqual(withWitness.results[key], without.results[key], `case ${key}`);
    }
  });

  test('the cases really exercised what they claim (the baseline is not vacuous)', () => {
    const { without } = runs();
    checkBaseline(without.results, without.console);
  });
}

async function runSuite(page: Page, site: CorsServer, api: CorsServer, other: CorsServer, witnessed = false): Promise<Run> {
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${(e as Error).message ?? String(e)}`));
  await page.goto(`${site.origin}/`);
  const results = (await page.evaluate(`runSuite(${JSON.stringify(api.origin)}, ${JSON.stringify(other.origin)})`)) as Record<string, unknown>;
  // The witness dispatches outcomes at its slower pace (channel.ts): let the last ones go.
  await new Promise((r) => setTimeout(r, CHANNEL_LIMITS.pageOutcomeFlushMs + 300));
  // With the witness, the last ones are waited for too (bounded; a loaded machine's timers run
  // late): the outcome of the suite's last call (/c-unhandled) and of the about:blank frame's
  // call (its own witness). A page dispatches its entries in order, so every earlier one is out.
  // If they never come, checkObservations says which observation lacks what.
  if (witnessed) {
    const lastOutcomes = async () =>
      observation(await witnessEntries(page), '/c-unhandled')?.outcome !== undefined &&
      observation(await witnessEntries(page, '__frameWitness'), '/c-blank-frame')?.outcome !== undefined;
    await readUntil(lastOutcomes, (seen) => seen);
  }
  return { results, console: consoleLines };
}

async function launchPlain(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'cors-lens-plain-'));
  const browser = await puppeteer.launch({
    executablePath: findChrome(),
    headless: true,
    pipe: true,
    args: [...CHROME_FLAGS, `--user-data-dir=${userDataDir}`],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The witness's entries the page saw (in the top frame, or in the about:blank frame), in order. */
async function witnessEntries(page: Page, global = '__witness'): Promise<WitnessEntry[]> {
  const batches = (await page.evaluate(`window.${global}`)) as unknown[];
  return batches.flatMap((detail) => {
    const batch = readPageBatch(detail);
    if (!batch) throw new Error(`not a page batch: ${String(detail).slice(0, 80)}`);
    const entries = decodeBatch(JSON.parse(batch.entries));
    assert.ok(entries, 'a batch in the wire form');
    assert.equal(entries.length, batch.count, 'a batch says how many entries it holds');
    // As the background reads them: the page passes absolute URLs on unparsed (page.ts
    // `resolve`), so a call to one no parser accepts (fetch('http://[')) is left out there.
    const kept: WitnessEntry[] = [];
    for (const e of entries as Array<WitnessEntry | null>) {
      if (e !== null && isWitnessEntry(e)) kept.push(e);
      else {
        const left = e as { kind?: unknown; url?: unknown } | null;
        assert.ok(
          left?.kind === 'call' && typeof left.url === 'string' && !URL.canParse(left.url),
          `only a call to an unparsable URL is left out: ${JSON.stringify(e)}`,
        );
      }
    }
    return kept;
  });
}

function observation(entries: WitnessEntry[], path: string): { call: WitnessCall; outcome?: WitnessOutcomeEntry['outcome'] } | undefined {
  const calls = entries.filter((e): e is WitnessCall => e.kind === 'call' && new URL(e.url).pathname === path);
  if (calls.length > 1) throw new Error(`${calls.length} calls observed for ${path}`);
  const call = calls[0];
  if (!call) return undefined;
  const outcomes = entries.filter((e): e is WitnessOutcomeEntry => e.kind === 'outcome' && e.seq === call.seq);
  if (outcomes.length > 1) throw new Error(`${outcomes.length} outcomes for ${path}`);
  return { call, ...(outcomes[0] ? { outcome: outcomes[0].outcome } : {}) };
}

/**
 * One observation per call with the right credentials, mode, redirect mode and outcome. The
 * outcome the witness reports must be what the page saw: messages are taken from the baseline
 * run without the witness (they differ between browsers).
 */
// biome-ignore lint/suspicious/noExplicitAny: the page's results, read as loose JSON
function checkObservations(entries: WitnessEntry[], frameEntries: WitnessEntry[], baseline: Record<string, any>, site: CorsServer): void {
  for (const e of entries) assert.ok(isWitnessEntry(e), `valid entry ${JSON.stringify(e)}`);
  const seqs = entries.filter((e) => e.kind === 'call').map((e) => e.seq);
  // Numbered 1, 2, 3 … in call order; the one number missing is fetch('http://['), whose call
  // the page passes on (an absolute URL is not parsed there) and the background leaves out.
  const unparsable = seqs.findIndex((seq, i) => seq !== i + 1);
  assert.deepEqual(
    seqs,
    seqs.map((_, i) => (unparsable < 0 || i < unparsable ? i + 1 : i + 2)),
    'calls are numbered 1, 2, 3 … in call order',
  );

  // biome-ignore lint/suspicious/noExplicitAny: the page's results, read as loose JSON
  const expect = (path: string, call: Partial<WitnessCall>, outcome?: WitnessOutcomeEntry['outcome'] | ((o: any) => void)) => {
    const seen = observation(entries, path);
    assert.ok(seen, `an observation for ${path}`);
    assert.deepEqual(Object.fromEntries(Object.keys(call).map((k) => [k, seen.call[k as keyof WitnessCall]])), call, path);
    if (typeof outcome === 'function') outcome(seen.outcome);
    else if (outcome) assert.deepEqual(seen.outcome, outcome, `${path} outcome`);
  };
  const fetchDefaults = { api: 'fetch', method: 'GET', mode: 'cors', credentials: 'same-origin', redirect: 'follow' } as const;
  expect('/c-ok', fetchDefaults, { kind: 'resolved', type: 'cors', status: 200, redirected: false });
  expect('/c-url-object', fetchDefaults);
  const seenBy = (key: string): WitnessOutcomeEntry['outcome'] => ({
    kind: 'rejected',
    name: baseline[key].rejected.name,
    message: baseline[key].rejected.message,
  });
  expect('/c-blocked', fetchDefaults, seenBy('blocked'));
  expect('/c-cred', { ...fetchDefaults, credentials: 'include' }, { kind: 'resolved', type: 'cors', status: 200, redirected: false });
  expect('/c-cred-wildcard', { credentials: 'include' }, seenBy('credentialsAgainstWildcard'));
  expect('/c-omit', { credentials: 'omit' });
  expect('/c-request', { ...fetchDefaults, credentials: 'include', mode: 'cors' });
  expect('/c-request-body', { method: 'POST' });
  expect('/c-request-init', { method: 'POST', redirect: 'error' });
  expect('/c-abort', fetchDefaults, seenBy('abort'));
  expect('/c-abort-reason', fetchDefaults, { kind: 'rejected', name: 'Error', message: 'my reason' });
  expect('/c-pre-aborted', fetchDefaults, (o) => assert.equal(o.name, 'AbortError'));
  expect('/c-stream', fetchDefaults, { kind: 'resolved', type: 'cors', status: 200, redirected: false });
  expect('/c-manual', { redirect: 'manual' }, { kind: 'resolved', type: 'opaqueredirect', status: 0, redirected: false });
  expect('/c-redirect-error', { redirect: 'error' }, (o) => assert.equal(o.name, 'TypeError'));
  expect('/c-redirect-follow', fetchDefaults, { kind: 'resolved', type: 'cors', status: 200, redirected: true });
  expect('/c-nocors', { mode: 'no-cors' }, { kind: 'resolved', type: 'opaque', status: 0, redirected: false });
  expect('/c-same-origin-mode', { mode: 'same-origin' }, (o) => assert.equal(o.kind, 'rejected'));
  expect('/c-unhandled', fetchDefaults, (o) => assert.equal(o.kind, 'rejected'));
  for (const unseen of ['/c-to-string', '/c-init-getter', '/c-illegal', '/c-connect', '/c-navigate', '/c-bad-cred']) {
    assert.equal(observation(entries, unseen), undefined, `${unseen}: not observed (it would take running page code, or nothing was sent)`);
  }

  const xhr = { api: 'xhr', method: 'GET', mode: 'cors', credentials: 'same-origin', redirect: 'follow' } as const;
  expect('/c-sync-xhr', { ...xhr, sync: true }, { kind: 'xhr', event: 'load', status: 200 });
  expect('/c-sync-xhr-blocked', { sync: true }, { kind: 'rejected', name: baseline.syncXhrBlocked.threw.name, message: baseline.syncXhrBlocked.threw.message });
  expect('/c-xhr-load', xhr, { kind: 'xhr', event: 'load', status: 200 });
  expect('/c-xhr-error', xhr, { kind: 'xhr', event: 'error', status: 0 });
  expect('/c-xhr-cred', { ...xhr, credentials: 'include' }, { kind: 'xhr', event: 'load', status: 200 });
  expect('/c-xhr-abort', xhr, { kind: 'xhr', event: 'abort', status: 0 });
  expect('/c-xhr-timeout', xhr, { kind: 'xhr', event: 'timeout', status: 0 });
  expect('/c-xhr-post', { ...xhr, method: 'POST' }, { kind: 'xhr', event: 'load', status: 200 });
  expect('/c-xhr-url-object', xhr);
  expect('/c-xhr-double', xhr);
  // open() on a request in flight ends it silently: no outcome for the first.
  assert.equal(observation(entries, '/c-xhr-reuse-1')?.outcome, undefined);
  expect('/c-xhr-reuse-2', xhr, { kind: 'xhr', event: 'load', status: 200 });

  expect('/c-beacon', { api: 'beacon', method: 'POST', mode: 'no-cors', credentials: 'include' }, { kind: 'beacon', queued: true });
  expect('/c-beacon-json', { api: 'beacon', mode: 'cors' });
  expect('/c-es', { api: 'eventsource', method: 'GET', mode: 'cors', credentials: 'same-origin' }, { kind: 'eventsource', event: 'error' });
  expect('/c-es-subclass', { api: 'eventsource', credentials: 'include' });

  assert.equal(observation(entries, '/c-blank-frame'), undefined, 'the iframe has its own witness');
  const framed = observation(frameEntries, '/c-blank-frame');
  assert.ok(framed, 'the about:blank iframe made by the page is witnessed');
  assert.deepEqual(framed.outcome, { kind: 'resolved', type: 'cors', status: 200, redirected: false });

  // Headers the page asked its cross-origin responses for and did not get: once per name.
  const unreadOf = (path: string): string[] => {
    const seen = observation(entries, path);
    assert.ok(seen, `an observation for ${path}`);
    return entries.filter((e) => e.kind === 'unread' && e.seq === seen.call.seq).map((e) => (e as { name: string }).name);
  };
  assert.deepEqual(unreadOf('/c-hidden'), ['x-total-count'], 'get and has of the hidden header, once; not Content-Type, not a bad name');
  assert.deepEqual(
    unreadOf('/c-exposed'),
    ['x-missing'],
    'an exposed header is read; a header the server did not send is reported (the background tells them apart)',
  );
  assert.deepEqual(unreadOf('/c-xhr-hidden'), ['x-total-count'], 'getResponseHeader after the headers came; not before');
  assert.deepEqual(unreadOf('/c-ok'), []);

  // Call site: the page's own line for each API (the witness's wrappers are left out), never
  // an extension's script.
  const pageLine = new RegExp(`${site.origin.replace(/[.:/]/g, '\\$&')}/:\\d+:\\d+`);
  for (const path of ['/c-ok', '/c-request', '/c-xhr-load', '/c-sync-xhr', '/c-beacon', '/c-es', '/c-es-subclass']) {
    const call = observation(entries, path)!.call;
    assert.match(call.site ?? '', pageLine, `${path} site ${call.site}`);
    assert.doesNotMatch(call.site ?? '', /extension:|<anonymous code>/, `${path} site ${call.site}`);
  }
}

/** The cases really exercised what they claim: the baseline (no witness) is not vacuous. */
// biome-ignore lint/suspicious/noExplicitAny: the page's results, read as loose JSON
function checkBaseline(r: Record<string, any>, console: string[]): void {
  assert.equal(r.resolved.resolved.status, 200);
  assert.equal(r.resolved.resolved.type, 'cors');
  assert.match(r.resolved.resolved.body, /"path":"\/c-ok"/);
  assert.equal(r.blocked.rejected.name, 'TypeError');
  assert.equal(r.blocked.rejected.ctor, 'TypeError');
  assert.equal(r.credentialed.resolved.status, 200);
  assert.equal(r.credentialsAgainstWildcard.rejected.name, 'TypeError');
  assert.equal(r.requestAfter.credentials, 'include');
  assert.equal(r.requestBodyUsed, true);
  assert.equal(r.requestBodyAgain.rejected.name, 'TypeError');
  assert.equal(r.abort.rejected.name, 'AbortError');
  assert.equal(r.abortReason.same, true);
  assert.equal(r.preAborted.rejected.name, 'AbortError');
  assert.equal(r.abortBody.name, 'AbortError');
  assert.match(r.stream.text, /"path":"\/c-stream"/);
  assert.equal(r.redirectManual.resolved.type, 'opaqueredirect');
  assert.equal(r.redirectError.rejected.name, 'TypeError');
  assert.equal(r.redirectFollow.resolved.redirected, true);
  assert.equal(r.noCors.resolved.type, 'opaque');
  assert.equal(r.toStringConversions, 1);
  assert.equal(r.initGetterReads, 1);
  assert.equal(r.throwingToString.rejected.name, 'RangeError');
  assert.equal(r.illegalThis.rejected.name, 'TypeError');
  assert.equal(r.syncXhr.returned.status, 200);
  assert.equal(r.syncXhrBlocked.threw.name, 'NetworkError');
  assert.ok(r.xhrLoad.events.includes('load:4:200'));
  assert.ok(r.xhrError.events.includes('error:4:0'));
  assert.ok(r.xhrAbort.events.includes('abort:4:0'));
  assert.ok(r.xhrTimeout.events.includes('timeout:4:0'));
  assert.equal(r.xhrBadMethod.threw.name, 'SyntaxError');
  assert.equal(r.xhrSendUnopened.threw.name, 'InvalidStateError');
  assert.equal(r.xhrDoubleSend.threw.name, 'InvalidStateError');
  assert.deepEqual(
    [r.headerReads.get, r.headerReads.has, r.headerReads.type, r.headerReads.again],
    [null, false, 'application/json', null],
    'the hidden header is hidden',
  );
  assert.equal(r.headerReads.badName.threw.name, 'TypeError');
  assert.equal(r.headerReads.illegalThis.threw.name, 'TypeError');
  assert.equal(r.headerReads.noArgument.threw.name, 'TypeError');
  assert.deepEqual(r.headerExposed.slice(0, 2), ['42', null], 'the exposed header is read');
  assert.deepEqual(r.xhrHeaderReads.reads, [null, null, 'application/json']);
  assert.equal(r.xhrHeaderIllegalThis.threw.name, 'TypeError');
  assert.equal(r.beacon.returned, true);
  assert.equal(r.beaconBadScheme.threw.name, 'TypeError');
  assert.equal(r.eventSource.seen[0], 'error:2');
  assert.equal(r.eventSourceBadUrl.threw.name, 'SyntaxError');
  assert.equal(r.eventSourceSubclass.returned.mine, true);
  assert.deepEqual(r.shape.fetch, ['function', 1, 'fetch', false, ['length', 'name']]);
  assert.match(r.shape.fetchSource[0], /^function fetch\(\) \{\s*\[native code\]\s*\}$/);
  assert.equal(r.shape.open[0], 'function');
  assert.equal(r.shape.open[1], 2);
  assert.equal(r.unhandled.length, 1);
  assert.equal(r.messages, 0);
  assert.ok(
    console.some((l) => /CORS|Cross-Origin/i.test(l)),
    'the console comparison has the CORS errors to compare',
  );
}

describe('the page witness in Chromium', () => {
  let api: CorsServer;
  let other: CorsServer;
  let site: CorsServer;
  let ext: LaunchedExtension;
  let withWitness: Run;
  let without: Run;
  let witnessPage: Page;

  before(async () => {
    api = await startCorsServer({ host: '127.0.0.1' });
    other = await startCorsServer({ host: '127.0.0.1' });
    site = await startCorsServer({ host: 'localhost', pages: { '/': PAGE } });
    const plain = await launchPlain();
    try {
      without = await runSuite(await plain.browser.newPage(), site, api, other);
    } finally {
      await plain.close();
    }
    ext = await launchWithExtension();
    witnessPage = await ext.browser.newPage();
    withWitness = await runSuite(witnessPage, site, api, other, true);
  });
  after(async () => {
    await ext?.close();
    await Promise.all([api?.close(), other?.close(), site?.close()]);
  });

  sameResults(() => ({ without, withWitness }));

  test('the page console is the same: the relay logs nothing, not even without a background listener', () => {
    const normalise = (lines: string[]) => [...lines].sort();
    assert.deepEqual(normalise(withWitness.console), normalise(without.console));
    assert.deepEqual(ext.extensionErrors, []);
  });

  test('the witness posts one observation per call, with credentials, mode, redirect mode and the page outcome', async () => {
    checkObservations(await witnessEntries(witnessPage), await witnessEntries(witnessPage, '__frameWitness'), without.results, site);
  });

  test('startedAt is wall-clock time, comparable with webRequest timeStamp (Date.now)', async () => {
    const [before, after] = (await witnessPage.evaluate(`(async () => {
      const before = Date.now();
      await fetch(${JSON.stringify(`${api.origin}/c-time?acao=*`)});
      return [before, Date.now()];
    })()`)) as [number, number];
    let seen = observation(await witnessEntries(witnessPage), '/c-time');
    for (const deadline = Date.now() + 3000; !seen?.outcome && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
      seen = observation(await witnessEntries(witnessPage), '/c-time');
    }
    assert.ok(seen?.outcome);
    assert.ok(seen.call.startedAt >= before - 20 && seen.call.startedAt <= after + 20, `${seen.call.startedAt} in [${before}, ${after}]`);
  });

  test('settings.witness off stops the observations at once and after a reload; on brings them back', async () => {
    const options = await ext.browser.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/panel.html?tabId=0`);
    const setWitness = (value: boolean) => options.evaluate((v) => chrome.storage.local.set({ settings: { witness: v } }), value);
    /**
     * Fetches `path` and says whether the witness reported the call. One that must not come is
     * looked for 400 ms after the fetch; one that must (`expected`) is polled for (bounded), as a
     * loaded machine can take longer than that to dispatch it.
     */
    const fetchAndCount = async (path: string, expected = false) => {
      await witnessPage.evaluate(`fetch(${JSON.stringify(`${api.origin}${path}?acao=*`)}).then((r) => r.text())`);
      const observed = async () => observation(await witnessEntries(witnessPage), path) !== undefined;
      if (expected) return readUntil(observed, (seen) => seen, 5000);
      await new Promise((r) => setTimeout(r, 400));
      return observed();
    };

    await setWitness(false);
    await witnessPage.waitForFunction('window.__control.includes("off")');
    assert.equal(await fetchAndCount('/c-off-live'), false, 'no observation once switched off');

    await witnessPage.reload();
    // The relay reads the switch when the page first has something to report (relay.ts).
    assert.equal(await fetchAndCount('/c-off-reload'), false, 'none after a reload either');
    await witnessPage.waitForFunction('window.__control.includes("off")');

    await setWitness(true);
    await witnessPage.waitForFunction('window.__control.includes("on")');
    assert.equal(await fetchAndCount('/c-on-again', true), true, 'observed again once switched on');
    await options.close();
    assert.deepEqual(ext.extensionErrors, []);
  });
});

describe('the page witness in Firefox', () => {
  let api: CorsServer;
  let other: CorsServer;
  let site: CorsServer;
  let withWitness: Run;
  let without: Run;
  let entries: WitnessEntry[];
  let frameEntries: WitnessEntry[];

  const launchFirefox = () => puppeteer.launch({ browser: 'firefox', executablePath: findFirefox(), headless: true });

  before(async () => {
    if (!existsSync(join(DIST_FIREFOX, 'manifest.json'))) throw new Error(`${DIST_FIREFOX} has no manifest.json: run \`npm run build\` first.`);
    api = await startCorsServer({ host: '127.0.0.1' });
    other = await startCorsServer({ host: '127.0.0.1' });
    site = await startCorsServer({ host: 'localhost', pages: { '/': PAGE } });
    const plain = await launchFirefox();
    try {
      without = await runSuite(await plain.newPage(), site, api, other);
    } finally {
      await plain.close();
    }
    const browser = await launchFirefox();
    try {
      await browser.installExtension(DIST_FIREFOX);
      const page = await browser.newPage();
      withWitness = await runSuite(page, site, api, other, true);
      entries = await witnessEntries(page);
      frameEntries = await witnessEntries(page, '__frameWitness');
    } finally {
      await browser.close();
    }
  });
  after(async () => {
    await Promise.all([api?.close(), other?.close(), site?.close()]);
  });

  sameResults(() => ({ without, withWitness }));

  test('the page console says the same things', () => {
    // As a set: Firefox logs a failed EventSource connection once or twice, in either run
    // (seen both ways, with and without the witness).
    const unique = (lines: string[]) => [...new Set(lines)].sort();
    assert.deepEqual(unique(withWitness.console), unique(without.console));
  });

  test('the witness posts one observation per call, with credentials, mode, redirect mode and the page outcome', () => {
    checkObservations(entries, frameEntries, without.results, site);
  });
});
