// A request of an opaque-origin document (a sandboxed iframe): Chromium names its initiator
// "null"; Firefox gives it neither originUrl nor documentUrl (verified, Firefox 153), so the
// capture keeps it with the initiator unknown and its Origin header names it (initiator.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapture } from '../../../src/background/capture.ts';
import { evaluate } from '../../../src/core/index.ts';
import { toExchange } from '../../../src/shared/to-exchange.ts';
import { API_ORIGIN, PAGE, Wire, type FakeRequest } from '../../support/webrequest-fakes.ts';
import { FakeBadge, MemoryStorage } from '../../support/fake-extension.ts';

async function setup(browser: 'chromium' | 'firefox') {
  const capture = createCapture({ browser, version: '0', storage: new MemoryStorage(), badge: new FakeBadge() });
  await capture.ready;
  return { capture, wire: new Wire(capture.handlers, browser) };
}

for (const browser of ['chromium', 'firefox'] as const) {
  test(`${browser}: a sandboxed frame's fetch is kept and judged for Origin: null`, async () => {
    const { capture, wire } = await setup(browser);
    const page: FakeRequest = { requestId: '1', url: `${API_ORIGIN}/a`, method: 'GET', opaque: true };
    const nullOk: FakeRequest = { requestId: '2', url: `${API_ORIGIN}/b`, method: 'GET', opaque: true };
    wire.start(page);
    wire.send(page);
    wire.respond(page, 200, [['Access-Control-Allow-Origin', PAGE]]);
    if (browser === 'chromium') wire.fail(page);
    else wire.complete(page, 200);
    wire.start(nullOk);
    wire.finish(nullOk, [['Access-Control-Allow-Origin', 'null']]);
    await capture.flush();
    const records = await capture.readRecords(1);
    assert.deepEqual(
      records.map((r) => r.url),
      [`${API_ORIGIN}/a`, `${API_ORIGIN}/b`],
    );
    assert.deepEqual(
      records.map((r) => r.initiator),
      [null, null],
      'the opaque origin, as the Origin header names it',
    );
    const [a, b] = records.map((r) => evaluate(toExchange(r)));
    assert.equal(a?.reason, 'allow-origin-mismatch', 'ACAO naming the page does not match null');
    assert.notEqual(b?.outcome, 'blocked', 'ACAO null matches the opaque origin');
  });

  test(`${browser}: a sandboxed frame's request without an Origin header is not kept`, async () => {
    const { capture, wire } = await setup(browser);
    const img: FakeRequest = { requestId: '3', url: `${API_ORIGIN}/i.png`, method: 'GET', opaque: true, type: 'xmlhttprequest' };
    wire.start(img);
    // A no-cors GET: no Origin header at all.
    capture.handlers.sendHeaders({
      requestId: '3',
      url: img.url,
      method: 'GET',
      tabId: 1,
      type: 'xmlhttprequest',
      timeStamp: Date.now(),
      frameId: 0,
      ...(browser === 'chromium' ? { initiator: 'null' } : {}),
      requestHeaders: [{ name: 'Sec-Fetch-Mode', value: 'no-cors' }],
    });
    wire.answer(img, []);
    await capture.flush();
    const records = await capture.readRecords(1);
    // Chromium knows the initiator (null): a no-cors fetch is listed as such. Firefox cannot
    // tell whose it is without Origin: not kept rather than invented.
    assert.equal(records.length, browser === 'chromium' ? 1 : 0);
  });
}
