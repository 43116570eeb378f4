// A page that prerenders a link (speculation rules) stays the tab's page. Chromium 156 shows
// two main-frame requests for it while the page is still shown (recorded from the browser,
// docs/browsers.md "Prerendering"): the prefetch the page's document makes (frame 0, naming that
// document) and the prerender's own navigation (a frame of its own, documentLifecycle
// "prerender"). Taken as navigations, they cleared the page's log and made its later requests
// "of a page left" (rule 11): lost.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapture } from '../../../src/background/capture.ts';
import { navigatesTab } from '../../../src/background/page-documents.ts';
import type { RequestDetails } from '../../../src/background/events.ts';
import { API_ORIGIN, PAGE, Wire, type FakeRequest } from '../../support/webrequest-fakes.ts';
import { FakeBadge, MemoryStorage } from '../../support/fake-extension.ts';

const SHOWN = 'SHOWN-DOC';
const PRERENDERED = 'PRERENDERED-DOC';
const main = (requestId: string, extra: Partial<RequestDetails> = {}): RequestDetails => ({
  requestId,
  url: `${PAGE}/next`,
  method: 'GET',
  tabId: 1,
  type: 'main_frame',
  timeStamp: 1,
  frameId: 0,
  ...extra,
});
/** What Chromium 156 reported for a speculation-rules prerender of /next (recorded 2026-12-04). */
const PREFETCH = main('nav-prefetch', { documentId: SHOWN, documentLifecycle: 'active' });
const PRERENDER = main('nav-prerender', { frameId: 6, documentLifecycle: 'prerender' });
const NAVIGATION = main('nav-real', { documentLifecycle: 'active' });

async function setup() {
  const capture = createCapture({ browser: 'chromium', version: '0', storage: new MemoryStorage(), badge: new FakeBadge() });
  await capture.ready;
  return { capture, wire: new Wire(capture.handlers, 'chromium') };
}
const get = (id: string, documentId: string, extra: Partial<FakeRequest> = {}): FakeRequest => ({
  requestId: id,
  url: `${API_ORIGIN}/${id}`,
  method: 'GET',
  documentId,
  ...extra,
});
const done = (wire: Wire, r: FakeRequest) => {
  wire.start(r);
  wire.finish(r, [['Access-Control-Allow-Origin', '*']]);
};
const paths = async (c: Awaited<ReturnType<typeof setup>>['capture']) => (await c.readRecords(1)).map((r) => r.id).sort();

describe('a prerender is not a navigation of the tab', () => {
  test('which main-frame requests navigate the tab', () => {
    assert.equal(navigatesTab(NAVIGATION, 'chromium'), true);
    assert.equal(navigatesTab(PREFETCH, 'chromium'), false, 'a document of the shown page makes it');
    assert.equal(navigatesTab(PRERENDER, 'chromium'), false, "the prerender's own frame");
    assert.equal(navigatesTab({ ...NAVIGATION, tabId: -1 }, 'chromium'), false, 'no tab');
    // Firefox prerenders nothing; a document id there is no sign of a prefetch.
    assert.equal(navigatesTab({ ...NAVIGATION, documentId: 'ff-doc' }, 'firefox'), true);
  });

  test("the page's log and its later requests stay while it prerenders a link", async () => {
    const { capture, wire } = await setup();
    done(wire, get('100', SHOWN));
    capture.handlers.navigated(PREFETCH);
    capture.handlers.navigationEnded({ requestId: PREFETCH.requestId, tabId: 1, statusCode: 200 });
    capture.handlers.navigated(PRERENDER);
    done(wire, get('102', PRERENDERED, { frameId: 6 })); // the prerendered page's own fetch
    done(wire, get('104', SHOWN)); // the shown page goes on
    assert.deepEqual(await paths(capture), ['100', '102', '104']);
  });

  test('a real navigation still clears the log (Preserve log off)', async () => {
    const { capture, wire } = await setup();
    done(wire, get('110', SHOWN));
    capture.handlers.navigated(NAVIGATION);
    done(wire, get('112', 'NEXT-DOC'));
    assert.deepEqual(await paths(capture), ['112']);
  });
});
