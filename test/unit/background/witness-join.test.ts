// The page witness joined to webRequest records (src/background/witness-join.ts): which call is
// which record, in every order they can arrive, and what the verdict then says. Driven through
// the whole background (createCapture) with webRequest-shaped events and relay-shaped messages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapture, type Capture } from '../../../src/background/capture.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { MAX_PENDING_PER_TAB, type WitnessSender } from '../../../src/background/witness-join.ts';
import type { WitnessCall, WitnessMessage, WitnessOutcome } from '../../../src/shared/witness-protocol.ts';
import { isWitnessMessage } from '../../../src/shared/witness-protocol.ts';
import { ALLOW_ANY_ORIGIN, API_ORIGIN, Wire, type FakeRequest } from '../../support/webrequest-fakes.ts';
import { FakeBadge, MemoryStorage } from '../../support/fake-extension.ts';

const task = () => new Promise((r) => setImmediate(r));
const PAGE_ID = 'p'.repeat(16);

async function background(browser: 'chromium' | 'firefox' = 'firefox') {
  const capture = createCapture({ browser, version: '0', storage: new MemoryStorage(), badge: new FakeBadge() });
  await capture.ready;
  return { capture, wire: new Wire(capture.handlers, browser) };
}

function call(seq: number, url: string, over: Partial<WitnessCall> = {}): WitnessCall {
  return { kind: 'call', seq, api: 'fetch', url, method: 'GET', mode: 'cors', credentials: 'same-origin', redirect: 'follow', startedAt: Date.now(), ...over };
}
const outcome = (seq: number, o: WitnessOutcome) => ({ kind: 'outcome' as const, seq, endedAt: Date.now(), outcome: o });
const rejected: WitnessOutcome = { kind: 'rejected', name: 'TypeError', message: 'NetworkError when attempting to fetch resource.' };
const resolved: WitnessOutcome = { kind: 'resolved', type: 'cors', status: 200, redirected: false };

/** Message numbers per page, as the relay counts them. */
const numbers = new Map<string, number>();
function message(entries: WitnessMessage['entries'], page = PAGE_ID): WitnessMessage {
  const n = (numbers.get(page) ?? 0) + 1;
  numbers.set(page, n);
  const m: WitnessMessage = { type: 'witness', v: 1, page, n, entries, dropped: 0 };
  assert.ok(isWitnessMessage(m), 'the test sends what the relay would');
  return m;
}

/** Sends a message as the relay of `from` (by default tab 1's top frame) would, and lets it be applied. */
async function say(c: Capture, m: WitnessMessage, from: WitnessSender = { tabId: 1, frameId: 0 }): Promise<void> {
  c.witness(from, m);
  await task();
  await c.flush();
  await task();
  await c.flush();
}

/** `r` runs from its start to its end, allowed, and its record is stored. */
async function ranToEnd(c: Capture, wire: Wire, r: FakeRequest): Promise<void> {
  wire.start(r);
  wire.finish(r, ALLOW_ANY_ORIGIN);
  await c.flush();
}

/** `rs` start, in this order, and are in flight together. */
function startAll(wire: Wire, ...rs: FakeRequest[]): void {
  for (const r of rs) wire.start(r);
}

/** `rs` end, allowed, in this order, and their records are stored. */
async function finishAll(c: Capture, wire: Wire, ...rs: FakeRequest[]): Promise<void> {
  for (const r of rs) wire.finish(r, ALLOW_ANY_ORIGIN);
  await c.flush();
}

/** The page's calls of `rs`, numbered from 1, in messages of 250 (a burst the relay splits). */
async function sayCalls(c: Capture, rs: FakeRequest[], over: Partial<WitnessCall>): Promise<void> {
  for (let m = 0; m < rs.length / 250; m++) {
    await say(c, message(rs.slice(m * 250, m * 250 + 250).map((r, i) => call(m * 250 + i + 1, r.url, over))));
  }
}

/** Counts the log's writes of record `id` from now on. */
function upsertsOf(c: Capture, ...ids: string[]): () => number {
  let upserts = 0;
  const original = c.logs.upsert.bind(c.logs);
  c.logs.upsert = (record) => {
    if (ids.includes(record.id)) upserts++;
    original(record);
  };
  return () => upserts;
}

const byId = async (c: Capture, id: string, tabId = 1): Promise<CaptureRecord> => {
  const r = (await c.readRecords(tabId)).find((x) => x.id === id);
  assert.ok(r, `record ${id}`);
  return r;
};
const req = (id: string, path = `/r${id}`, over: Partial<FakeRequest> = {}): FakeRequest => ({
  requestId: id,
  url: `${API_ORIGIN}${path}`,
  method: 'GET',
  tabId: 1,
  ...over,
});

describe('the page witness joined to webRequest records', () => {
  test("a call reported after its request completed: the Firefox verdict uses the page's credentials and outcome", async () => {
    const { capture, wire } = await background('firefox');
    const r = req('1');
    await ranToEnd(capture, wire, r);
    assert.equal((await byId(capture, '1')).verdict?.reason, 'depends-on-credentials', 'without the witness: conditional');
    await say(capture, message([call(1, r.url, { credentials: 'include' }), outcome(1, rejected)]));
    const rec = await byId(capture, '1');
    assert.equal(rec.witness?.credentials, 'include');
    assert.equal(rec.verdict?.outcome, 'blocked');
    assert.equal(rec.verdict?.reason, 'wildcard-origin-with-credentials');
    assert.equal(rec.verdict?.credentials.basis, 'page');
  });

  test("the record names the page as the browser named the frame that reported the call (not the page's word)", async () => {
    const { capture, wire } = await background('chromium');
    const r = req('9');
    await ranToEnd(capture, wire, r);
    const from = { tabId: 1, frameId: 0, pageOrigin: 'http://page.test', documentUrl: 'http://page.test/shop?x=1' };
    await say(capture, message([call(1, r.url), outcome(1, resolved)]), from);
    assert.equal((await byId(capture, '9')).witness?.documentUrl, 'http://page.test/shop?x=1');
  });

  test('a burst whose calls all come before their requests: every record gets its facts', async () => {
    // bench/capture, 1,000 fetches: 600 calls reached the worker first, and with 256 waiting
    // at most, a quarter of the records were judged on a guess.
    const { capture, wire } = await background('firefox');
    const n = 1000;
    const rs = Array.from({ length: n }, (_, i) => req(`b${i}`, `/burst/${i}`));
    await sayCalls(capture, rs, { credentials: 'include' });
    for (const r of rs) {
      wire.start(r);
      wire.finish(r, ALLOW_ANY_ORIGIN);
    }
    await capture.flush();
    const records = await capture.readRecords(1);
    assert.equal(records.length, n);
    assert.equal(records.filter((r) => r.witness?.credentials === 'include').length, n, "every record has the page's credentials");
    assert.equal(capture.join.dropped, 0);
  });

  test('a burst whose requests all come before their calls: every record gets its facts', async () => {
    const { capture, wire } = await background('firefox');
    const n = 1000;
    const rs = Array.from({ length: n }, (_, i) => req(`c${i}`, `/burst/${i}`));
    // The page made its calls as the requests started (this test takes seconds to get there).
    const startedAt = Date.now();
    for (const r of rs) {
      wire.start(r);
      wire.finish(r, ALLOW_ANY_ORIGIN);
    }
    await capture.flush();
    await sayCalls(capture, rs, { credentials: 'include', startedAt });
    const records = await capture.readRecords(1);
    assert.equal(records.filter((r) => r.witness?.credentials === 'include').length, n, "every record has the page's credentials");
  });

  test('a call reported before its request started waits for it', async () => {
    const { capture, wire } = await background('firefox');
    const r = req('2');
    await say(capture, message([call(1, r.url, { credentials: 'omit' })]));
    await ranToEnd(capture, wire, r);
    await say(capture, message([outcome(1, resolved)]));
    const rec = await byId(capture, '2');
    assert.equal(rec.witness?.credentials, 'omit');
    assert.equal(rec.verdict?.reason, 'ok');
    assert.equal(rec.verdict?.outcome, 'allowed');
  });

  test('identical requests in flight are paired in call order, and each outcome reaches its own record', async () => {
    const { capture, wire } = await background('firefox');
    const [a, b] = [req('10', '/same'), req('11', '/same')];
    startAll(wire, a, b);
    await say(capture, message([call(1, a.url), call(2, b.url)]));
    await finishAll(capture, wire, a, b);
    await say(capture, message([outcome(2, rejected), outcome(1, resolved)]));
    assert.deepEqual((await byId(capture, '10')).witness?.outcome, resolved);
    assert.deepEqual((await byId(capture, '11')).witness?.outcome, rejected);
    assert.equal((await byId(capture, '10')).witness?.ambiguous, undefined, 'same settings: order pairs them safely');
  });

  test("identical requests made with different credentials close together are ambiguous: neither's facts are used", async () => {
    const { capture, wire } = await background('firefox');
    const [a, b] = [req('20', '/same'), req('21', '/same')];
    startAll(wire, a, b);
    await finishAll(capture, wire, a, b);
    await say(capture, message([call(1, a.url, { credentials: 'include' }), call(2, b.url, { credentials: 'omit' })]));
    for (const id of ['20', '21']) {
      const rec = await byId(capture, id);
      assert.equal(rec.witness?.ambiguous, true, `${id} marked`);
      assert.equal(rec.verdict?.reason, 'depends-on-credentials', `${id}: the network alone decides`);
      assert.ok(rec.verdict?.warnings.some((w) => w.code === 'witness-ambiguous'));
    }
  });

  test("frames: the same URL from two frames joins each frame's own request", async () => {
    const { capture, wire } = await background('firefox');
    const top = req('30', '/f', { frameId: 0 });
    const inner = req('31', '/f', { frameId: 7 });
    startAll(wire, top, inner);
    await finishAll(capture, wire, top, inner);
    await say(capture, message([call(1, inner.url, { credentials: 'include' })], 'q'.repeat(16)), { tabId: 1, frameId: 7 });
    await say(capture, message([call(1, top.url, { credentials: 'omit' })]), { tabId: 1, frameId: 0 });
    assert.equal((await byId(capture, '30')).witness?.credentials, 'omit');
    assert.equal((await byId(capture, '31')).witness?.credentials, 'include');
  });

  test("a message never touches another tab's records", async () => {
    const { capture, wire } = await background('firefox');
    const r = req('40', '/t', { tabId: 2 });
    await ranToEnd(capture, wire, r);
    await say(capture, message([call(1, r.url, { credentials: 'include' })]), { tabId: 1, frameId: 0 });
    assert.equal((await byId(capture, '40', 2)).witness, undefined);
  });

  test('a witness message with no matching request changes nothing, and the reverse keeps the record as seen', async () => {
    const { capture, wire } = await background('firefox');
    const r = req('50');
    await ranToEnd(capture, wire, r);
    const before = await byId(capture, '50');
    await say(capture, message([call(1, `${API_ORIGIN}/elsewhere`, { credentials: 'include' }), outcome(1, rejected), call(2, r.url, { method: 'POST' })]));
    const after = await byId(capture, '50');
    assert.deepEqual(after, before, 'another URL, another method: not this record');
    assert.equal(after.verdict?.reason, 'depends-on-credentials');
  });

  test('only the APIs the witness wraps: an image with the same URL is not joined', async () => {
    const { capture, wire } = await background('firefox');
    const img = req('60', '/pic', { type: 'image', headers: [] });
    const f = req('61', '/pic');
    wire.start(img);
    await ranToEnd(capture, wire, f);
    await say(capture, message([call(1, f.url, { credentials: 'omit' })]));
    assert.equal((await byId(capture, '61')).witness?.credentials, 'omit');
  });

  test("a redirected request is joined by the URL the page asked for; a fragment in webRequest's URL does not matter", async () => {
    const { capture, wire } = await background('chromium');
    const r = req('70', '/hop#frag');
    wire.start(r);
    wire.send(r);
    wire.redirect(r, 307, ALLOW_ANY_ORIGIN, 'http://127.0.0.1:9090/final');
    wire.respond(r, 200, ALLOW_ANY_ORIGIN);
    wire.complete(r, 200);
    await capture.flush();
    await say(capture, message([call(1, `${API_ORIGIN}/hop`, { redirect: 'manual' })]));
    assert.equal((await byId(capture, '70')).witness?.redirect, 'manual');
  });

  test('an in-flight record gets the facts at once and is judged with them when it ends', async () => {
    const { capture, wire } = await background('firefox');
    const r = req('80');
    wire.start(r);
    await say(capture, message([call(1, r.url, { credentials: 'include' }), outcome(1, rejected)]));
    wire.finish(r, ALLOW_ANY_ORIGIN);
    await capture.flush();
    const rec = await byId(capture, '80');
    assert.equal(rec.verdict?.reason, 'wildcard-origin-with-credentials');
  });

  test('paused: nothing is joined', async () => {
    const { capture, wire } = await background('firefox');
    const r = req('90');
    await ranToEnd(capture, wire, r);
    const port = { onMessage: { addListener: (cb: (m: unknown) => void) => cb({ type: 'set-paused', paused: true }) } };
    capture.connectDevtools(1, port);
    await task();
    await say(capture, message([call(1, r.url, { credentials: 'include' })]));
    assert.equal((await byId(capture, '90')).witness, undefined);
  });

  test('a call whose record never comes is forgotten after the window, bounded meanwhile', async () => {
    const { capture } = await background('firefox');
    // Messages carry at most 256 entries: the bound is reached over several.
    for (let m = 0; m < MAX_PENDING_PER_TAB / 256; m++) {
      const many = Array.from({ length: 256 }, (_, i) => call(m * 256 + i + 1, `${API_ORIGIN}/never/${m * 256 + i}`));
      await say(capture, message(many));
    }
    assert.equal(capture.join.dropped, 0, 'a burst up to the bound waits whole');
    await say(capture, message([call(MAX_PENDING_PER_TAB + 1, `${API_ORIGIN}/never/x`)]));
    assert.equal(capture.join.dropped, 1, 'the oldest waiting call gave way');
  });
});

/** A background whose storage counts the reads of records (a `get` of named keys). */
async function countingReads(browser: 'chromium' | 'firefox') {
  const storage = new MemoryStorage();
  let reads = 0;
  const counted = {
    get: (keys: string[] | null) => {
      if (keys !== null) reads++;
      return storage.get(keys);
    },
    set: storage.set.bind(storage),
    remove: storage.remove.bind(storage),
  };
  const capture = createCapture({ browser, version: '0', storage: counted, badge: new FakeBadge() });
  await capture.ready;
  return { capture, wire: new Wire(capture.handlers, browser), reads: () => reads };
}

describe('the cost of a witness report', () => {
  test('a record that just completed is rewritten once for its call and outcome, without reading storage', async () => {
    const { capture, wire, reads } = await countingReads('firefox');
    const r = req('100');
    await ranToEnd(capture, wire, r);
    capture.logs.entries(1); // the log is live
    const upserts = upsertsOf(capture, '100');
    capture.witness({ tabId: 1, frameId: 0 }, message([call(1, r.url, { credentials: 'include' }), outcome(1, rejected)]));
    await task();
    assert.equal(reads(), 0, 'no storage read');
    assert.equal(upserts(), 1, 'one rewrite for the call and its outcome');
    const rec = (await capture.readRecords(1))[0];
    assert.equal(rec?.verdict?.reason, 'wildcard-origin-with-credentials');
  });
});

describe('the cost of a burst whose outcomes come late', () => {
  test("outcomes that repeat Chromium's report for more records than the worker keeps whole: no storage read, no rewrite", async () => {
    const { capture, wire, reads } = await countingReads('chromium');
    // 300 requests: all their calls reach the worker while they are in flight, then they all
    // complete, then their outcomes come (the page dispatches outcomes at its slower pace).
    const rs = Array.from({ length: 300 }, (_, i) => req(String(1000 + i)));
    startAll(wire, ...rs);
    await say(capture, message(rs.map((r, i) => call(i + 1, r.url))));
    await finishAll(capture, wire, ...rs);
    const writes = upsertsOf(capture, ...rs.map((r) => r.requestId));
    await say(capture, message(rs.map((_, i) => outcome(i + 1, resolved))));
    await task();
    assert.equal(reads(), 0, 'no storage read');
    assert.equal(writes(), 0, 'no record rewritten');
    const records = await capture.readRecords(1);
    assert.equal(records.filter((r) => r.witness !== undefined).length, 300, 'every record has its facts');
  });
});

describe("a page outcome that only repeats Chromium's own report", () => {
  for (const [name, events, outcome2, rewritten] of [
    ['resolved, and Chromium completed it: no rewrite', 'complete', resolved, false],
    ['rejected, and Chromium failed it: no rewrite', 'fail', rejected, false],
    ['resolved although Chromium failed it: kept (the trace shows the conflict)', 'fail', resolved, true],
  ] as const) {
    test(name, async () => {
      const { capture, wire } = await background('chromium');
      const r = req('200');
      wire.start(r);
      await say(capture, message([call(1, r.url)]));
      wire.send(r);
      wire.respond(r, 200, ALLOW_ANY_ORIGIN);
      if (events === 'complete') wire.complete(r, 200);
      else wire.fail(r);
      await capture.flush();
      const upserts = upsertsOf(capture, '200');
      await say(capture, message([outcome(1, outcome2)]));
      assert.equal(upserts(), rewritten ? 1 : 0);
      const rec = await byId(capture, '200');
      assert.equal(rec.witness?.outcome !== undefined, rewritten);
      if (rewritten) assert.ok(rec.verdict?.warnings.some((w) => w.code === 'witness-conflict'));
    });
  }
});

describe('headers the page asked its response for and did not get', () => {
  const unread = (seq: number, name: string) => ({ kind: 'unread' as const, seq, name });
  const HIDDEN: Array<[string, string]> = [
    ['Access-Control-Allow-Origin', '*'],
    ['X-Total-Count', '42'],
  ];

  test('after the outcome (the page reads headers once its fetch resolved): the record gets the names and the verdict the warning', async () => {
    const { capture, wire } = await background('chromium');
    const r = req('300');
    wire.start(r);
    await say(capture, message([call(1, r.url, { credentials: 'omit' })]));
    wire.finish(r, HIDDEN);
    await capture.flush();
    await say(capture, message([outcome(1, resolved)]));
    await say(capture, message([unread(1, 'x-total-count'), unread(1, 'x-missing')]));
    const rec = await byId(capture, '300');
    assert.deepEqual(rec.witness?.unread, ['x-total-count', 'x-missing']);
    assert.equal(rec.verdict?.outcome, 'allowed');
    const w = rec.verdict?.warnings.find((x) => x.code === 'unexposed-header-read');
    assert.equal(w?.params['headers'], 'x-total-count', 'only the header the response sent unexposed');
  });

  test('in the same message as the call and its outcome, before the record came: carried with the call', async () => {
    const { capture, wire } = await background('firefox');
    const r = req('301');
    await say(capture, message([call(1, r.url, { credentials: 'omit' }), outcome(1, resolved), unread(1, 'x-total-count')]));
    wire.start(r);
    wire.finish(r, HIDDEN);
    await capture.flush();
    const rec = await byId(capture, '301');
    assert.deepEqual(rec.witness?.unread, ['x-total-count']);
    assert.ok(rec.verdict?.warnings.some((x) => x.code === 'unexposed-header-read'));
  });

  test('a name is kept once, at most 16 per call; a name for a call nobody knows changes nothing', async () => {
    const { capture, wire } = await background('chromium');
    const r = req('302');
    wire.start(r);
    await say(capture, message([call(1, r.url)]));
    wire.finish(r, HIDDEN);
    await capture.flush();
    await say(capture, message([outcome(1, resolved), unread(1, 'x-a'), unread(1, 'x-a')]));
    await say(capture, message(Array.from({ length: 20 }, (_, i) => unread(1, `x-${i}`))));
    await say(capture, message([unread(7, 'x-total-count')]));
    const rec = await byId(capture, '302');
    assert.equal(rec.witness?.unread?.length, 16);
    assert.equal(rec.witness?.unread?.[0], 'x-a');
    assert.equal(new Set(rec.witness?.unread).size, 16);
    assert.ok(capture.join.dropped >= 1, "the unknown call's name was dropped");
  });

  test('a response the page could not read (its fetch rejected) takes no names', async () => {
    const { capture, wire } = await background('chromium');
    const r = req('303');
    wire.start(r);
    await say(capture, message([call(1, r.url)]));
    wire.send(r);
    wire.fail(r);
    await capture.flush();
    await say(capture, message([outcome(1, rejected)]));
    await say(capture, message([unread(1, 'x-total-count')]));
    assert.equal((await byId(capture, '303')).witness?.unread, undefined);
  });
});
