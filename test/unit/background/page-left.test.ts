// docs/lifecycle.md rule 11: a page keeps starting requests after a navigation began (a timer
// still running, a pagehide beacon, fetches the renderer had not sent yet), and Chromium gives
// them the tab's id. With Preserve log off they are not the new page's: Chromium names the
// document making each request, and the documents of the page left make no record. The page
// was seen in e2e (test/e2e/capture-faults.test.ts) carrying the old page's GETs into the new log.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapture } from '../../../src/background/capture.ts';
import { LEAVING_MAX_MS, LEFT_GRACE_MS } from '../../../src/background/tab-log.ts';
import { API_ORIGIN, PAGE, Wire, type FakeRequest } from '../../support/webrequest-fakes.ts';
import { FakeBadge, FakePort, MemoryStorage } from '../../support/fake-extension.ts';

async function setup(storage = new MemoryStorage(), browser: 'chromium' | 'firefox' = 'chromium', clock = { t: 1_000_000 }) {
  const capture = createCapture({ browser, version: '0.1.0', storage, badge: new FakeBadge(), now: () => clock.t });
  await capture.ready;
  return { capture, storage, clock, wire: new Wire(capture.handlers, browser) };
}

const OLD = 'OLD-DOC';
const NEW = 'NEW-DOC';
const get = (id: string, documentId?: string, extra: Partial<FakeRequest> = {}): FakeRequest => ({
  requestId: id,
  url: `${API_ORIGIN}/${id}`,
  method: 'GET',
  ...(documentId !== undefined ? { documentId } : {}),
  ...extra,
});
const finish = (wire: Wire, r: FakeRequest) => {
  wire.start(r);
  wire.send(r);
  wire.respond(r, 200, [['Access-Control-Allow-Origin', '*']]);
  wire.complete(r, 200);
};
const navigate = (c: Awaited<ReturnType<typeof setup>>['capture'], requestId: string, tabId = 1) =>
  c.handlers.navigated({ requestId, url: `${PAGE}/next`, method: 'GET', tabId, type: 'main_frame', timeStamp: 1 });
const ids = async (c: Awaited<ReturnType<typeof setup>>['capture'], tabId = 1) => (await c.readRecords(tabId)).map((r) => r.id).sort();

describe('requests of a page left (Preserve log off)', () => {
  test('a request the old page starts after the navigation began makes no record, before or after the new page speaks', async () => {
    const { capture, wire } = await setup();
    finish(wire, get('1', OLD));
    navigate(capture, 'nav');
    finish(wire, get('2', OLD)); // the old page's timer, before the new page committed
    finish(wire, get('3', NEW)); // the new page
    finish(wire, get('4', OLD)); // the old page's pagehide beacon
    assert.deepEqual(await ids(capture), ['3']);
  });

  test('a frame of the page left (its parent document is the page) makes no record either', async () => {
    const { capture, wire } = await setup();
    finish(wire, get('1', OLD));
    navigate(capture, 'nav');
    finish(wire, get('2', 'FRAME-DOC', { frameId: 3, parentDocumentId: OLD }));
    finish(wire, get('3', NEW));
    assert.deepEqual(await ids(capture), ['3']);
  });

  test("a document first seen after the navigation is the new page's; one seen only by a same-origin request is known too", async () => {
    const { capture, wire } = await setup();
    // Same-origin: never a record, but it tells which document the page is.
    wire.start({ requestId: '1', url: `${PAGE}/app.js`, method: 'GET', type: 'script', documentId: OLD });
    navigate(capture, 'nav');
    finish(wire, get('2', OLD));
    finish(wire, get('3', NEW));
    assert.deepEqual(await ids(capture), ['3']);
  });

  test("with Preserve log on, the old page's late requests stay in the log (they are its requests)", async () => {
    const { capture, wire } = await setup();
    const panel = new FakePort();
    capture.connectPanel(1, panel);
    panel.send({ type: 'set-preserve', preserve: true });
    await capture.ready;
    finish(wire, get('1', OLD));
    navigate(capture, 'nav');
    finish(wire, get('2', OLD));
    finish(wire, get('3', NEW));
    assert.deepEqual(await ids(capture), ['1', '2', '3']);
  });

  test('a navigation that leaves the page in place (204, aborted, a download) gives the page its documents back at once', async () => {
    for (const end of [{ statusCode: 204 }, { error: 'net::ERR_ABORTED' }, { download: true }]) {
      const { capture, wire } = await setup();
      finish(wire, get('1', OLD));
      navigate(capture, 'nav');
      capture.handlers.navigationEnded({ requestId: 'nav', tabId: 1, ...end });
      finish(wire, get('2', OLD));
      assert.deepEqual(await ids(capture), ['2'], JSON.stringify(end));
    }
  });

  test("a navigation that commits (200, or an error page) keeps the old page out; a superseded one's end changes nothing", async () => {
    for (const end of [{ statusCode: 200 }, { error: 'net::ERR_NAME_NOT_RESOLVED' }]) {
      const { capture, wire } = await setup();
      finish(wire, get('1', OLD));
      navigate(capture, 'nav');
      capture.handlers.navigationEnded({ requestId: 'nav', tabId: 1, ...end });
      finish(wire, get('2', OLD));
      assert.deepEqual(await ids(capture), [], JSON.stringify(end));
    }
    const { capture, wire } = await setup();
    finish(wire, get('1', OLD));
    navigate(capture, 'first');
    navigate(capture, 'second');
    capture.handlers.navigationEnded({ requestId: 'first', tabId: 1, error: 'net::ERR_ABORTED' });
    finish(wire, get('2', OLD));
    assert.deepEqual(await ids(capture), []);
  });

  test('a page left is retired only until its grace after the navigation ended: then it is still there (back/forward cache, a download by type)', async () => {
    const { capture, wire, clock } = await setup();
    finish(wire, get('1', OLD));
    navigate(capture, 'nav');
    clock.t += 5000; // a slow page: the old one runs until the new one commits
    finish(wire, get('2', OLD));
    capture.handlers.navigationEnded({ requestId: 'nav', tabId: 1, statusCode: 200 });
    clock.t += LEFT_GRACE_MS;
    finish(wire, get('3', OLD)); // its pagehide, at the edge of the grace
    clock.t += 1;
    finish(wire, get('4', OLD)); // later: the page is there
    finish(wire, get('5', OLD));
    assert.deepEqual(await ids(capture), ['4', '5']);
  });

  test('a navigation whose end is never heard retires the page for LEAVING_MAX_MS', async () => {
    const { capture, wire, clock } = await setup();
    finish(wire, get('1', OLD));
    navigate(capture, 'nav');
    clock.t += LEAVING_MAX_MS;
    finish(wire, get('2', OLD));
    clock.t += 1;
    finish(wire, get('3', OLD));
    assert.deepEqual(await ids(capture), ['3']);
  });

  test("a Clear is not a navigation: the page's later requests are recorded", async () => {
    const { capture, wire } = await setup();
    finish(wire, get('1', OLD));
    capture.clearTab(1);
    await capture.ready;
    finish(wire, get('2', OLD));
    assert.deepEqual(await ids(capture), ['2']);
  });

  test('other tabs are not affected, and a worker restart keeps what was left', async () => {
    const storage = new MemoryStorage();
    const first = await setup(storage);
    finish(first.wire, get('1', OLD));
    finish(first.wire, get('10', 'OTHER-TAB-DOC', { tabId: 2 }));
    first.capture.handlers.navigated({ requestId: 'nav2', url: `${PAGE}/other`, method: 'GET', tabId: 2, type: 'main_frame', timeStamp: 1 });
    finish(first.wire, get('12', 'OTHER-TAB-NEW', { tabId: 2 }));
    finish(first.wire, get('20', 'THIRD-TAB-DOC', { tabId: 3 }));
    navigate(first.capture, 'nav');
    await first.capture.flush();
    first.capture.dispose();
    const second = await setup(storage);
    finish(second.wire, get('2', OLD));
    finish(second.wire, get('11', 'OTHER-TAB-DOC', { tabId: 2 }));
    finish(second.wire, get('3', NEW));
    finish(second.wire, get('13', 'OTHER-TAB-NEW', { tabId: 2 }));
    finish(second.wire, get('21', 'THIRD-TAB-DOC', { tabId: 3 }));
    assert.deepEqual(await ids(second.capture), ['3']);
    assert.deepEqual(await ids(second.capture, 2), ['12', '13'], "the other tab's navigation retired its own page only");
    assert.deepEqual(await ids(second.capture, 3), ['20', '21'], 'a tab that did not navigate keeps its page');
  });

  test('a page known before a restart is still retired by a navigation after it', async () => {
    const storage = new MemoryStorage();
    const first = await setup(storage);
    finish(first.wire, get('1', OLD));
    await first.capture.flush();
    first.capture.dispose();
    const second = await setup(storage);
    navigate(second.capture, 'nav');
    finish(second.wire, get('2', OLD));
    assert.deepEqual(await ids(second.capture), []);
  });

  test('Firefox: the top frame is known by its URL too (a pagehide fetch has no document id), per tab, unless the page navigated to has the same URL', async () => {
    const OLD_URL = `${PAGE}/index.html`;
    const { capture, wire } = await setup(new MemoryStorage(), 'firefox');
    finish(wire, get('1', OLD, { documentUrl: OLD_URL }));
    finish(wire, get('10', undefined, { documentUrl: OLD_URL, tabId: 2 }));
    navigate(capture, 'nav'); // to ${PAGE}/next
    finish(wire, get('2', undefined, { documentUrl: OLD_URL })); // the old page's pagehide fetch
    finish(wire, get('3', undefined, { documentUrl: `${PAGE}/next` }));
    finish(wire, get('4', undefined, { documentUrl: OLD_URL, frameId: 2 })); // a frame: not known by URL
    finish(wire, get('11', undefined, { documentUrl: OLD_URL, tabId: 2 })); // another tab on that URL
    assert.deepEqual(await ids(capture), ['3', '4']);
    assert.deepEqual(await ids(capture, 2), ['10', '11']);
    // A reload: the same URL before and after, so nothing is retired (its late requests stay).
    const reload = await setup(new MemoryStorage(), 'firefox');
    finish(reload.wire, get('1', undefined, { documentUrl: OLD_URL }));
    reload.capture.handlers.navigated({ requestId: 'r', url: OLD_URL, method: 'GET', tabId: 1, type: 'main_frame', timeStamp: 1 });
    finish(reload.wire, get('2', undefined, { documentUrl: OLD_URL }));
    assert.deepEqual(await ids(reload.capture), ['2']);
    // A navigation redirected back to the page's URL: that hop is where it arrives.
    const back = await setup(new MemoryStorage(), 'firefox');
    finish(back.wire, get('1', undefined, { documentUrl: OLD_URL }));
    navigate(back.capture, 'nav');
    back.capture.handlers.navigated({ requestId: 'nav', url: `${OLD_URL}#top`, method: 'GET', tabId: 1, type: 'main_frame', timeStamp: 2 });
    finish(back.wire, get('2', undefined, { documentUrl: OLD_URL }));
    assert.deepEqual(await ids(back.capture), ['2']);
  });
});
