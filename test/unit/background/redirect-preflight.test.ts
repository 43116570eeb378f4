// A preflighted request redirected to another origin is preflighted again there (Fetch
// #http-redirect-fetch). That second OPTIONS belongs to the redirect hop, not in place of the
// first preflight (seen in Chromium 156: it replaced it, and the verdict named the wrong rule).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapture } from '../../../src/background/capture.ts';
import { API_ORIGIN, PAGE, Wire, type FakeRequest } from '../../support/webrequest-fakes.ts';
import { FakeBadge, MemoryStorage } from '../../support/fake-extension.ts';

const THIRD = 'http://127.0.0.1:9191/t';
const ALLOW_PAGE: Array<[string, string]> = [
  ['Access-Control-Allow-Origin', PAGE],
  ['Access-Control-Allow-Methods', 'PUT'],
  ['Access-Control-Allow-Headers', 'x-a'],
];

for (const browser of ['chromium', 'firefox'] as const) {
  test(`${browser}: the preflight re-sent after a redirect is the hop's, the first stays the request's`, async () => {
    const capture = createCapture({ browser, version: '0', storage: new MemoryStorage(), badge: new FakeBadge() });
    await capture.ready;
    const wire = new Wire(capture.handlers, browser);
    const put: FakeRequest = { requestId: '10', url: `${API_ORIGIN}/p`, method: 'PUT', tabId: 1, headers: [['X-A', '1']] };
    wire.start(put);
    wire.preflight(put, '11', 204, ALLOW_PAGE, 'x-a');
    wire.send(put);
    wire.redirect(put, 307, ALLOW_PAGE, THIRD);
    // The second preflight, to the redirect's target; Chromium sends it with Origin: null.
    wire.preflight({ ...put, url: THIRD, initiator: browser === 'chromium' ? 'null' : PAGE }, '12', 204, ALLOW_PAGE, 'x-a');
    wire.fail(put);
    await capture.flush();
    const [rec] = await capture.readRecords(1);
    assert.equal(rec?.preflight?.requestId, '11', "the first preflight stays the request's");
    assert.deepEqual(
      rec?.hopPreflights?.map((p) => [p.requestId, p.hop, p.status]),
      [['12', 0, 204]],
    );
    if (browser === 'chromium') {
      // Origin: null against ACAO naming the page: Chromium's PreflightAllowOriginMismatch.
      assert.equal(rec?.verdict?.reason, 'preflight-allow-origin-mismatch');
      assert.equal(rec?.verdict?.params['target'], 'http://127.0.0.1:9191');
    }
  });
}
