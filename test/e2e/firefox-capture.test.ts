// Capture in real Firefox (firefox-esr) against local servers. Firefox's webRequest completes a
// CORS-blocked simple request like any other, so there the verdict rests on the headers alone
// and the record must say the browser's outcome was not observed. Every verdict is checked
// against what the page saw (did fetch resolve) and against Firefox's own reason key from its
// console ("Reason: …", category CORSMissingAllowOrigin …). A disagreement is a bug in
// CORS Lens, never a test to loosen. Needs firefox-esr (or FIREFOX_PATH): it fails, not skips,
// without it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../src/core/index.ts';
import { REASONS } from '../../src/core/reasons.ts';
import { toExchange } from '../../src/shared/to-exchange.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { FirefoxSession, type FetchResult } from '../support/firefox-session.ts';
import { recordWhen } from '../support/page-traffic.ts';
import { sessionFor } from '../support/session-hooks.ts';

/** The reason key Firefox should log for this verdict, by the engine's own account. */
function engineFirefoxName(record: CaptureRecord): string | null {
  const verdict = record.verdict!;
  return verdict.firefoxReason ?? REASONS[verdict.reason].firefox;
}

function outcomeCheck(record: CaptureRecord) {
  // Records come back without their trace (stored-form.ts): derived again, as the panel does.
  return evaluate(toExchange(record)).checks.find((c) => c.id === 'outcome');
}

/** Blocked in the page, blocked by the engine, and under the name Firefox itself used first. */
async function assertBlockedAsFirefoxSays(s: FirefoxSession, record: CaptureRecord, seen: FetchResult, firefoxUrl = record.url): Promise<string[]> {
  assert.ok(record.verdict, 'the record carries a verdict');
  assert.equal(seen.resolved, false, 'the page saw fetch reject');
  assert.equal(record.verdict.outcome, 'blocked', `verdict ${record.verdict.outcome}/${record.verdict.reason}`);
  const firefox = await s.firefoxReasons(firefoxUrl);
  assert.ok(firefox.length > 0, `Firefox logged no CORS reason for ${firefoxUrl}`);
  assert.equal(engineFirefoxName(record), firefox[0], `engine ${record.verdict.reason} names ${engineFirefoxName(record)}, Firefox said ${firefox.join(', ')}`);
  return firefox;
}

/** The record once the page witness's report of the page's outcome has reached it too. */
function witnessed(s: FirefoxSession, url: string): Promise<CaptureRecord> {
  return recordWhen(
    () => s.records(),
    url,
    (r) => r.complete && r.witness?.outcome !== undefined,
    "complete with the page's outcome",
  );
}

describe('capture in Firefox', () => {
  const s = sessionFor(() => FirefoxSession.start());

  test('a simple allowed GET: webRequest\'s "completed" proves nothing, the page\'s own outcome (the witness) does', async () => {
    const url = `${s.api.origin}/simple?acao=*`;
    const seen = await s.fetch(url);
    const rec = await witnessed(s, url);
    assert.equal(seen.resolved, true);
    assert.equal(rec!.observedBy, 'headers-only', 'success in Firefox proves nothing');
    assert.equal(rec!.status, 200);
    assert.equal(rec!.error, undefined);
    assert.equal(rec!.preflight, undefined);
    assert.equal(rec!.verdict?.outcome, 'allowed');
    assert.equal(rec!.verdict?.reason, 'ok');
    assert.deepEqual(rec!.witness?.outcome, { kind: 'resolved', type: 'cors', status: 200, redirected: false });
    assert.equal(outcomeCheck(rec!)?.detail, 'outcome-agrees', 'the page saw it resolve: the verdict is confirmed');
    assert.equal(rec!.verdict?.credentials.basis, 'page', "fetch()'s default credentials mode, seen in the page");
    assert.deepEqual(await s.firefoxReasons(url, 0, 0), []);
  });

  test('a GET blocked by a missing Access-Control-Allow-Origin completes as a 200 in webRequest; the headers decide', async () => {
    const url = `${s.api.origin}/no-acao?status=200`;
    const seen = await s.fetch(url);
    const rec = await witnessed(s, url);
    assert.equal(rec!.complete, true);
    assert.equal(rec!.status, 200, 'Firefox reports the blocked response as an ordinary completed one');
    assert.equal(rec!.error, undefined, 'and with no error at all');
    assert.equal(rec!.observedBy, 'headers-only');
    assert.equal(rec!.verdict?.reason, 'missing-allow-origin');
    const check = outcomeCheck(rec!);
    assert.equal(check?.detail, 'outcome-agrees', "the page witness saw the fetch reject: the headers' verdict is confirmed");
    const firefox = await assertBlockedAsFirefoxSays(s, rec!, seen);
    assert.deepEqual(firefox, ['CORSMissingAllowOrigin']);
  });

  test('a PUT with a custom header whose preflight allows it: preflight paired, allowed', async () => {
    const url = `${s.api.origin}/put-ok?acao=$origin&vary=Origin&acam=PUT&acah=x-request-id`;
    const seen = await s.fetch(url, { method: 'PUT', headers: { 'X-Request-Id': 'r1' }, body: 'x' });
    const [rec] = await s.recordsFor(url);
    assert.equal(seen.resolved, true);
    assert.equal(rec!.verdict?.outcome, 'allowed');
    assert.equal(rec!.verdict?.reason, 'ok');
    assert.equal(rec!.preflight?.status, 204);
    assert.equal(rec!.preflight?.requestHeaders?.find((h) => h.name === 'Access-Control-Request-Headers')?.value, 'x-request-id');
    assert.equal(rec!.requestHeaders?.find((h) => h.name.toLowerCase() === 'x-request-id')?.value, 'r1');
    assert.deepEqual(
      s.api.log.filter((l) => l.url.startsWith('/put-ok')).map((l) => l.method),
      ['OPTIONS', 'PUT'],
    );
    assert.equal((await s.records()).filter((r) => r.url === url).length, 1, 'the OPTIONS is folded into its request, not a row of its own');
    assert.deepEqual(await s.firefoxReasons(url, 0, 0), []);
  });

  test('the same PUT blocked at the preflight: both requests error with NS_ERROR_DOM_BAD_URI, paired, blocked', async () => {
    const url = `${s.api.origin}/put-blocked?acao=$origin&acam=PUT`;
    const seen = await s.fetch(url, { method: 'PUT', headers: { 'X-Request-Id': 'r2' }, body: 'x' });
    const [rec] = await s.recordsFor(url);
    assert.equal(rec!.error, 'NS_ERROR_DOM_BAD_URI');
    assert.equal(rec!.preflight?.status, 204, 'paired with its preflight');
    assert.equal(rec!.preflight?.error, 'NS_ERROR_DOM_BAD_URI');
    assert.equal(rec!.verdict?.reason, 'header-not-allowed');
    assert.equal(outcomeCheck(rec!)?.detail, 'outcome-agrees', 'an error is an observed outcome, even in Firefox');
    assert.deepEqual(
      s.api.log.filter((l) => l.url.startsWith('/put-blocked')).map((l) => l.method),
      ['OPTIONS'],
    );
    const firefox = await assertBlockedAsFirefoxSays(s, rec!, seen);
    // Firefox then reports the actual request too, as "CORS request did not succeed".
    assert.deepEqual(firefox, ['CORSMissingAllowHeaderFromPreflight', 'CORSDidNotSucceed']);
  });

  test('a preflight answered 401 by an auth layer', async () => {
    const url = `${s.api.origin}/del?acao=*&acam=DELETE&pre.status=401`;
    const seen = await s.fetch(url, { method: 'DELETE' });
    const [rec] = await s.recordsFor(url);
    assert.equal(rec!.verdict?.reason, 'preflight-invalid-status');
    assert.equal(rec!.preflight?.status, 401);
    const firefox = await assertBlockedAsFirefoxSays(s, rec!, seen);
    assert.deepEqual(firefox, ['CORSPreflightDidNotSucceed', 'CORSDidNotSucceed']);
  });

  test('a preflight whose Allow-Methods lacks the method', async () => {
    const url = `${s.api.origin}/patch?acao=*&acam=POST`;
    const seen = await s.fetch(url, { method: 'PATCH' });
    const [rec] = await s.recordsFor(url);
    assert.equal(rec!.verdict?.reason, 'method-not-allowed');
    await assertBlockedAsFirefoxSays(s, rec!, seen);
  });

  test('a cross-origin redirect whose final server allows only the page origin: blocked, Origin was null', async () => {
    const target = `${s.other.origin}/final2?acao=${encodeURIComponent(s.site.origin)}`;
    const url = `${s.api.origin}/hop2?acao=*&redirect=${encodeURIComponent(target)}`;
    const seen = await s.fetch(url);
    const [rec] = await s.recordsFor(url);
    assert.equal(rec!.redirects.length, 1);
    assert.equal(rec!.verdict?.reason, 'allow-origin-mismatch');
    assert.equal(s.other.log.at(-1)?.headers.origin, 'null', 'Firefox sent a tainted origin too');
    // Firefox names the URL it was at when it blocked: the redirect target.
    await assertBlockedAsFirefoxSays(s, rec!, seen, target);
  });

  // Firefox names a one-line list and two header lines differently, but its webRequest joins
  // repeated lines into one value: the extension gets the same input for both, so no engine
  // can name both right from what it sees. The verdict therefore names both (firefoxAlternatives);
  // the facts themselves are pinned here.
  const acaoCases: Partial<Record<'list' | 'twoLines', { rec: CaptureRecord; firefox: string[] }>> = {};

  test('ACAO as one line holding a list and as two lines: the same value in webRequest, different names in Firefox', async () => {
    const o = s.site.origin;
    const urls = {
      list: `${s.api.origin}/list?acao=${encodeURIComponent(`${o}, ${o}`)}`,
      twoLines: `${s.api.origin}/two?acao=${encodeURIComponent(o)}&acao=${encodeURIComponent(o)}`,
    };
    for (const [name, url] of Object.entries(urls) as Array<[keyof typeof urls, string]>) {
      const seen = await s.fetch(url);
      const [rec] = await s.recordsFor(url);
      assert.equal(seen.resolved, false, name);
      assert.deepEqual(
        rec!.responseHeaders?.filter((h) => h.name.toLowerCase() === 'access-control-allow-origin').map((h) => h.value),
        [`${o}, ${o}`],
        name,
      );
      assert.equal(rec!.verdict?.outcome, 'blocked', name);
      assert.equal(rec!.verdict?.reason, 'multiple-allow-origin-values', name);
      acaoCases[name] = { rec: rec!, firefox: await s.firefoxReasons(url) };
    }
    assert.deepEqual(acaoCases.list?.firefox, ['CORSAllowOriginNotMatchingOrigin']);
    assert.deepEqual(acaoCases.twoLines?.firefox, ['CORSMultipleAllowOriginNotAllowed']);
  });

  test('for both, the verdict names exactly the two keys Firefox may have used, and the one it used is among them', () => {
    for (const name of ['list', 'twoLines'] as const) {
      const { rec, firefox } = acaoCases[name]!;
      const v = rec.verdict!;
      const named = [v.firefoxReason ?? REASONS[v.reason].firefox, ...(v.firefoxAlternatives ?? [])];
      assert.deepEqual([...named].sort(), ['CORSAllowOriginNotMatchingOrigin', 'CORSMultipleAllowOriginNotAllowed'], name);
      assert.ok(named.includes(firefox[0]!), `${name}: Firefox said ${firefox[0]}, the verdict names ${named.join(' | ')}`);
    }
  });

  test('a credentialed request against a wildcard origin: webRequest cannot see credentials, the page witness can', async () => {
    const url = `${s.api.origin}/creds?acao=*&acac=true`;
    const seen = await s.fetch(url, { credentials: 'include' });
    const rec = await witnessed(s, url);
    assert.equal(seen.resolved, false);
    const firefox = await s.firefoxReasons(url);
    assert.deepEqual(firefox, ['CORSNotSupportingCredentials']);
    // No cookie: the credentials mode is the page's, seen by the witness, not an assumption.
    assert.equal(rec.verdict?.credentials.basis, 'page');
    assert.equal(rec.verdict?.credentials.mode, 'include');
    assert.equal(rec.verdict?.outcome, 'blocked');
    assert.equal(REASONS[rec.verdict!.reason].firefox, firefox[0]);
  });

  test("the panel page for the tab lists the records and shows Firefox's name for a blocked one", async () => {
    const records = await s.records();
    const panel = await s.openExtensionPage(`/panel.html?tabId=${s.tabId}`);
    const rows = await s.inExtension<string[]>(
      panel,
      `new Promise((resolve) => {
      const read = () => [...document.querySelectorAll('[data-testid="request-row"]')].map((e) => e.getAttribute('data-id'));
      const poll = () => (read().length >= ${records.length} ? resolve(read()) : setTimeout(poll, 50));
      poll();
    })`,
    );
    assert.deepEqual([...rows].sort(), records.map((r) => r.id).sort());
    const blocked = records.find((r) => r.url.includes('/no-acao'))!;
    const name = await s.inExtension<string>(
      panel,
      `new Promise((resolve) => {
      document.querySelector('[data-testid="request-row"][data-id="${blocked.id}"]').click();
      const poll = () => {
        const el = document.querySelector('[data-testid="detail"][data-id="${blocked.id}"] [data-testid="firefox-name"]');
        el ? resolve(el.textContent) : setTimeout(poll, 50);
      };
      poll();
    })`,
    );
    assert.equal(name, 'CORSMissingAllowOrigin');
  });

  test('no extension page raised an error', async () => {
    assert.deepEqual(await s.extensionErrors(), []);
  });
});
