// HAR → judged exchanges, on a HAR recorded from real Chromium 156 (scripts/record-har.ts)
// and on the same HAR as Firefox would have written it (no _initiator, _resourceType, _error).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BODY_MAX_CHARS, HarError, parseHar } from '../../../src/cli/har-file.ts';
import { renderMarkdown } from '../../../src/core/report/index.ts';
import { exchangesFromHar } from '../../../src/cli/har.ts';
import type { ReportInput } from '../../../src/core/report/index.ts';
import { firefoxHar, HAR_TEXT } from './support.ts';

const byPath = (inputs: readonly ReportInput[], path: string): ReportInput => {
  const found = inputs.find((i) => new URL(i.exchange.url).pathname === path);
  assert.ok(found, `no exchange for ${path}`);
  return found;
};

describe('HAR from Chromium', () => {
  const har = parseHar(HAR_TEXT);
  const { inputs } = exchangesFromHar(har, '0.1.0');

  it('is recognised as Chromium, with the version from the User-Agent', () => {
    assert.equal(har.browser, 'chromium');
    assert.match(har.browserName ?? '', /^Chromium \d+$/);
    assert.equal(har.skipped, 0);
  });

  it("has preflights as their own entries and the blocked requests' net::ERR_FAILED", () => {
    const preflights = har.entries.filter((e) => e.initiatorType === 'preflight');
    assert.equal(preflights.length, 2);
    assert.ok(preflights.every((p) => p.method === 'OPTIONS' && p.resourceType === 'preflight'));
    assert.equal(har.entries.filter((e) => e.error === 'net::ERR_FAILED').length, 2);
  });

  it('puts preflights, redirect hops and requests back together: five exchanges', () => {
    assert.deepEqual(
      inputs.map((i) => `${i.exchange.request.method} ${new URL(i.exchange.url).pathname}`),
      ['GET /items', 'GET /no-acao', 'PUT /put-ok', 'PUT /put-blocked', 'GET /hop'],
    );
    assert.equal(byPath(inputs, '/put-ok').exchange.preflight.kind, 'observed');
    assert.equal(byPath(inputs, '/put-blocked').exchange.preflight.kind, 'observed');
    const hop = byPath(inputs, '/hop').exchange;
    assert.equal(hop.redirects.length, 1);
    assert.equal(hop.redirects[0]?.status, 307);
    assert.equal(hop.response.kind === 'response' && hop.response.status, 200);
  });

  it('replays the body the page sent (redacted), and names the page when the HAR does', () => {
    // issue 11: the CLI's curl of a blocked PUT had no body although the HAR has it.
    const blocked = byPath(inputs, '/put-blocked');
    assert.deepEqual(blocked.requestBody, { text: 'x', mimeType: 'text/plain;charset=UTF-8' });
    const md = renderMarkdown(blocked);
    assert.match(md, /--data-raw 'x'/);
    const doc = JSON.parse(HAR_TEXT) as {
      log: { pages: unknown[]; entries: Array<{ pageref?: string; request: { postData?: { text: string; mimeType: string } } }> };
    };
    doc.log.pages = [{ id: 'page_1', title: 'http://localhost:8080/app?session=abcdefabcdefabcdefabcdef' }];
    for (const e of doc.log.entries) {
      e.pageref = 'page_1';
      if (e.request.postData) e.request.postData = { mimeType: 'application/json', text: '{"password":"hunter2hunter2","n":1}' };
    }
    const again = byPath(exchangesFromHar(parseHar(JSON.stringify(doc)), '0.1.0').inputs, '/put-blocked');
    assert.equal(again.pageUrl, 'http://localhost:8080/app?session=abcdefabcdefabcdefabcdef');
    const md2 = renderMarkdown(again);
    assert.ok(md2.includes('**Page:** `http://localhost:8080/app?session=[redacted]`'), md2);
    assert.ok(!md2.includes('hunter2'), 'the body is redacted like the rest');
    // A body beyond the bound is left out rather than pasted into a ticket.
    for (const e of doc.log.entries) if (e.request.postData) e.request.postData.text = 'y'.repeat(BODY_MAX_CHARS + 1);
    assert.equal(byPath(exchangesFromHar(parseHar(JSON.stringify(doc)), '0.1.0').inputs, '/put-blocked').requestBody, undefined);
  });

  it('judges each as Chromium did', () => {
    const reasons = inputs.map((i) => [new URL(i.exchange.url).pathname, i.verdict.outcome, i.verdict.reason]);
    assert.deepEqual(reasons, [
      ['/items', 'allowed', 'ok'],
      ['/no-acao', 'blocked', 'missing-allow-origin'],
      ['/put-ok', 'allowed', 'ok'],
      ['/put-blocked', 'blocked', 'header-not-allowed'],
      ['/hop', 'allowed', 'ok'],
    ]);
    assert.ok(byPath(inputs, '/hop').verdict.warnings.some((w) => w.code === 'redirect-tainted-origin'));
  });

  it("takes the page origin from the Origin header, or the preflight's when the request was never sent", () => {
    for (const i of inputs) assert.match(String(i.exchange.initiator), /^http:\/\/localhost:\d+$/);
    const blocked = byPath(inputs, '/put-blocked');
    assert.equal(blocked.exchange.response.kind, 'not-sent');
    assert.deepEqual(blocked.notes, ['request-not-sent', 'request-headers-provisional']);
    assert.equal(blocked.exchange.outcome.kind, 'failure');
  });

  it('carries capture time, browser and version', () => {
    const i = byPath(inputs, '/items');
    assert.equal(i.extensionVersion, '0.1.0');
    assert.match(i.browser ?? '', /^Chromium/);
    assert.ok(typeof i.capturedAt === 'number' && i.capturedAt > Date.UTC(2026, 0, 1));
  });
});

describe('HAR from Firefox (same exchanges, no _initiator/_error)', () => {
  const har = parseHar(firefoxHar());
  const { inputs } = exchangesFromHar(har);

  it('is recognised, pairs preflights by their Access-Control-Request-Method, and says the outcome is not recorded', () => {
    assert.equal(har.browser, 'firefox');
    assert.equal(har.browserName, 'Firefox 153');
    assert.equal(inputs.length, 5);
    assert.equal(byPath(inputs, '/put-blocked').exchange.preflight.kind, 'observed');
    for (const i of inputs) {
      assert.equal(i.exchange.outcome.kind, 'not-observed');
      assert.ok(i.notes?.includes('har-firefox'));
    }
  });

  it('still blocks what the headers block', () => {
    assert.equal(byPath(inputs, '/no-acao').verdict.reason, 'missing-allow-origin');
    assert.equal(byPath(inputs, '/put-blocked').verdict.reason, 'header-not-allowed');
    // ACAO *, and a Firefox HAR records neither the credentials mode nor the page's outcome:
    // allowed without credentials, blocked with them; never a flat "allowed" (issue 10).
    assert.equal(byPath(inputs, '/items').verdict.reason, 'depends-on-credentials');
  });
});

describe('parseHar refuses what is not a HAR', () => {
  for (const [text, message] of [
    ['{', /not valid JSON/],
    ['[]', /no "log" object/],
    ['{"log": {}}', /"log.entries" is not an array/],
    ['{"log": {"entries": {}}}', /"log.entries" is not an array/],
  ] as const) {
    it(JSON.stringify(text), () =>
      assert.throws(
        () => parseHar(text),
        (e: unknown) => e instanceof HarError && message.test(e.message),
      ),
    );
  }

  it('skips and counts unreadable entries', () => {
    const har = parseHar(
      '{"log": {"entries": [{"request": {}}, 3, {"request": {"method": "GET", "url": "https://a.test/", "headers": []}, "response": {"status": 200, "headers": []}}]}}',
    );
    assert.equal(har.entries.length, 1);
    assert.equal(har.skipped, 2);
  });
});
