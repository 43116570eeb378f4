// Capture in real Chromium against local servers: every verdict is checked against what the
// page saw (did fetch resolve) and against Chromium's own corsErrorStatus over the DevTools
// Protocol. A disagreement is a bug in CORS Lens, never a test to loosen.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REASONS } from '../../src/core/reasons.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { CorsSession, type ChromiumVerdict, type FetchResult } from '../support/cors-session.ts';
import { readUntil } from '../support/poll.ts';
import { sessionFor } from '../support/session-hooks.ts';

/** The extension's verdict must say what the browser did, in the browser's own words. */
function assertAgrees(record: CaptureRecord, seen: FetchResult, chromium: ChromiumVerdict): void {
  const verdict = record.verdict;
  assert.ok(verdict, 'the record carries a verdict');
  assert.equal(
    verdict.outcome === 'allowed',
    seen.resolved,
    `verdict ${verdict.outcome}/${verdict.reason} vs fetch ${seen.resolved ? 'resolved' : 'rejected'}`,
  );
  assert.equal(REASONS[verdict.reason].chromium, chromium.corsError, `reason ${verdict.reason} vs Chromium ${chromium.corsError}`);
}

describe('capture in Chromium', () => {
  const s = sessionFor(() => CorsSession.start());

  test('a simple allowed GET: no preflight, allowed', async () => {
    const url = `${s.api.origin}/simple?acao=*`;
    const seen = await s.fetch(url);
    const [rec] = await s.recordsFor(url);
    assertAgrees(rec!, seen, s.chromiumVerdict(url));
    assert.equal(seen.resolved, true);
    assert.equal(rec!.preflight, undefined);
    assert.equal(rec!.verdict?.reason, 'ok');
  });

  test('a GET blocked by a missing Access-Control-Allow-Origin', async () => {
    const url = `${s.api.origin}/no-acao?status=200`;
    const seen = await s.fetch(url);
    const [rec] = await s.recordsFor(url);
    assertAgrees(rec!, seen, s.chromiumVerdict(url));
    assert.equal(rec!.verdict?.reason, 'missing-allow-origin');
    assert.equal(rec!.status, 200, 'the response arrived; CORS hid it from the page');
  });

  test('a PUT with a custom header whose preflight allows it: preflight paired', async () => {
    const url = `${s.api.origin}/put-ok?acao=$origin&vary=Origin&acam=PUT&acah=x-request-id`;
    const seen = await s.fetch(url, { method: 'PUT', headers: { 'X-Request-Id': 'r1' }, body: 'x' });
    const [rec] = await s.recordsFor(url);
    assertAgrees(rec!, seen, s.chromiumVerdict(url, 'PUT'));
    assert.equal(rec!.preflight?.status, 204);
    assert.equal(rec!.preflight?.requestHeaders?.find((h) => h.name === 'Access-Control-Request-Headers')?.value, 'x-request-id');
    assert.deepEqual(
      s.api.log.filter((l) => l.url.startsWith('/put-ok')).map((l) => l.method),
      ['OPTIONS', 'PUT'],
    );
    const records = await s.records();
    assert.equal(records.filter((r) => r.url === url).length, 1, 'the OPTIONS is folded into its request, not a row of its own');
  });

  test('the same PUT blocked at the preflight: the actual request is never sent, paired, blocked', async () => {
    const url = `${s.api.origin}/put-blocked?acao=$origin&acam=PUT`;
    const seen = await s.fetch(url, { method: 'PUT', headers: { 'X-Request-Id': 'r2' }, body: 'x' });
    const [rec] = await s.recordsFor(url);
    const chromium = s.chromiumVerdict(url, 'PUT');
    assertAgrees(rec!, seen, chromium);
    assert.equal(chromium.corsError, 'HeaderDisallowedByPreflightResponse');
    assert.equal(rec!.verdict?.reason, 'header-not-allowed');
    assert.ok(rec!.preflight, 'paired with its preflight');
    assert.deepEqual(
      s.api.log.filter((l) => l.url.startsWith('/put-blocked')).map((l) => l.method),
      ['OPTIONS'],
    );
  });

  test('a preflight answered 401 by an auth layer', async () => {
    const url = `${s.api.origin}/del?acao=*&acam=DELETE&pre.status=401`;
    const seen = await s.fetch(url, { method: 'DELETE' });
    const [rec] = await s.recordsFor(url);
    assertAgrees(rec!, seen, s.chromiumVerdict(url, 'DELETE'));
    assert.equal(rec!.verdict?.reason, 'preflight-invalid-status');
  });

  test('a preflight cache hit: the second request sends no OPTIONS and is still explained', async () => {
    const url = `${s.api.origin}/cached?acao=*&acam=PUT&maxage=600`;
    const first = await s.fetch(url, { method: 'PUT' });
    const second = await s.fetch(url, { method: 'PUT' });
    const [a, b] = await s.recordsFor(url, 2);
    assert.deepEqual(
      s.api.log.filter((l) => l.url.startsWith('/cached')).map((l) => l.method),
      ['OPTIONS', 'PUT', 'PUT'],
    );
    assertAgrees(a!, first, { corsError: null });
    assertAgrees(b!, second, s.chromiumVerdict(url, 'PUT'));
    assert.ok(a!.preflight);
    assert.equal(b!.preflight, undefined);
    assert.equal(b!.preflightCached, true);
    assert.equal(b!.cachedFrom, a!.id);
  });

  test('a credentialed request against a wildcard origin', async () => {
    const url = `${s.api.origin}/creds?acao=*&acac=true`;
    const seen = await s.fetch(url, { credentials: 'include' });
    const [rec] = await s.recordsFor(url);
    const chromium = s.chromiumVerdict(url);
    assertAgrees(rec!, seen, chromium);
    assert.equal(chromium.corsError, 'WildcardOriginNotAllowed');
    // webRequest cannot see `credentials: 'include'` without a cookie: the observed outcome decided.
    assert.equal(rec!.verdict?.credentials.mode, 'include');
  });

  test('a cross-origin redirect that the final server allows (origin becomes null, * accepts it)', async () => {
    const target = `${s.other.origin}/final?acao=*`;
    const url = `${s.api.origin}/hop?acao=*&redirect=${encodeURIComponent(target)}`;
    const seen = await s.fetch(url);
    const [rec] = await s.recordsFor(url);
    assertAgrees(rec!, seen, s.chromiumVerdict(target));
    assert.equal(rec!.redirects.length, 1);
    assert.equal(rec!.redirects[0]?.location, target);
    assert.equal(s.other.log.at(-1)?.headers.origin, 'null', 'Chromium sent a tainted origin');
  });

  test('a cross-origin redirect whose final server allows only the page origin: blocked, the origin is null by then', async () => {
    const target = `${s.other.origin}/final2?acao=${encodeURIComponent(s.site.origin)}`;
    const url = `${s.api.origin}/hop2?acao=*&redirect=${encodeURIComponent(target)}`;
    const seen = await s.fetch(url);
    const [rec] = await s.recordsFor(url);
    assertAgrees(rec!, seen, s.chromiumVerdict(target));
    assert.equal(rec!.verdict?.reason, 'allow-origin-mismatch');
  });

  test('a comma-separated list of origins is invalid, as Chromium says too', async () => {
    const url = `${s.api.origin}/list?acao=${encodeURIComponent(`${s.site.origin}, http://other.test`)}`;
    const seen = await s.fetch(url);
    const [rec] = await s.recordsFor(url);
    assertAgrees(rec!, seen, s.chromiumVerdict(url));
    assert.equal(rec!.verdict?.reason, 'multiple-allow-origin-values');
  });

  test('the toolbar badge counts the blocked requests of the tab', async () => {
    const records = await s.records();
    const blocked = records.filter((r) => r.verdict?.outcome === 'blocked').length;
    assert.ok(blocked >= 5);
    const reader = (await s.page.browser().pages()).find((p) => p.url().startsWith(`chrome-extension://${s.ext.extensionId}/`))!;
    const badge = () => reader.evaluate((tabId: number) => chrome.action.getBadgeText({ tabId }), s.tabId);
    // The badge is updated after the records: polled (bounded), then asserted with what it said last.
    const text = await readUntil(badge, (t) => t === String(blocked));
    assert.equal(text, String(blocked));
  });

  test('same-origin requests are not captured', async () => {
    const url = `${s.site.origin}/same-origin?acao=*`;
    await s.fetch(url);
    const records = await s.records();
    assert.equal(records.filter((r) => r.url === url).length, 0);
  });

  test("a request of the page's service worker (no tab) is attributed to the page's tab", async () => {
    const url = `${s.api.origin}/from-worker?acao=*`;
    const seen = await s.workerFetch(url);
    assert.equal(seen.resolved, true);
    const [rec] = await s.recordsFor(url);
    assert.equal(rec!.tabId, s.tabId);
    assert.equal(rec!.verdict?.outcome, 'allowed');
  });

  test('no extension page logged an error', () => {
    assert.deepEqual(s.ext.extensionErrors, []);
  });
});
