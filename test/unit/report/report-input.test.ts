// reportInputFromRecord: a capture record becomes report input with its stored verdict, its
// capture time and source, and notes for what the capture could not see.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderJson, renderMarkdown } from '../../../src/core/report/index.ts';
import { reportInputFromRecord } from '../../../src/shared/report-input.ts';
import { record } from './support.ts';

describe('reportInputFromRecord', () => {
  it('keeps the stored verdict, the start time and the source', () => {
    const r = record('missing-acao');
    const i = reportInputFromRecord(r, { extensionVersion: '9.9.9' });
    assert.equal(i.verdict, r.verdict);
    assert.equal(i.capturedAt, r.startedAt);
    assert.deepEqual(i.source, r.source);
    assert.equal(i.extensionVersion, '9.9.9');
    assert.equal(i.browser, undefined, "the report falls back to the exchange's browser family");
    assert.deepEqual(i.notes, []);
  });

  it('notes a request its failed preflight kept from being sent', () => {
    assert.deepEqual(reportInputFromRecord(record('preflight-401')).notes, ['request-not-sent']);
  });

  it('notes a Firefox record whose outcome was not observable, and evaluates a record without a verdict', () => {
    const { verdict: _drop, ...rest } = record('allowed-get');
    const i = reportInputFromRecord({ ...rest, browser: 'firefox', observedBy: 'headers-only' });
    assert.deepEqual(i.notes, ['outcome-not-observed']);
    assert.equal(i.exchange.browser, 'firefox');
    // ACAO * with neither the credentials mode nor the page's outcome seen: conditional (issue 10).
    assert.equal(i.verdict.reason, 'depends-on-credentials');
  });

  it('the report names the page URL (redacted) as well as the page origin', () => {
    // issue 11: only the page origin was named.
    const page = 'https://app.example.test/orders/42?view=full&session=S3ss10nS3ss10n#tab=2';
    const i = reportInputFromRecord({ ...record('missing-acao'), documentUrl: page });
    const md = renderMarkdown(i);
    assert.match(md, /\*\*Page origin:\*\* `http:\/\/localhost:\d+`/);
    assert.ok(md.includes('**Page:** `https://app.example.test/orders/42?view=full&session=[redacted]#tab=2`'), md);
    assert.ok(!md.includes('S3ss10n'));
    const json = JSON.parse(renderJson(i)) as { exchanges: Array<{ pageUrl: string | null }> };
    assert.equal(json.exchanges[0]?.pageUrl, 'https://app.example.test/orders/42?view=full&session=[redacted]#tab=2');
    assert.equal((JSON.parse(renderJson(i, { redact: false })) as { exchanges: Array<{ pageUrl: string | null }> }).exchanges[0]?.pageUrl, page);

    // Without documentUrl (Chromium), the Referer the browser sent stands for it.
    const r = record('missing-acao');
    const referer = 'https://app.example.test/';
    const withReferer = reportInputFromRecord({ ...r, requestHeaders: [...(r.requestHeaders ?? []), { name: 'Referer', value: referer }] });
    assert.ok(renderMarkdown(withReferer).includes(`**Page:** \`${referer}\``));
    assert.equal((JSON.parse(renderJson(reportInputFromRecord(r))) as { exchanges: Array<{ pageUrl: string | null }> }).exchanges[0]?.pageUrl, null);

    // Chromium with the page witness: the browser named the frame that reported the call.
    const witnessed = reportInputFromRecord({
      ...r,
      witness: {
        api: 'fetch',
        mode: 'cors',
        credentials: 'same-origin',
        redirect: 'follow',
        documentUrl: 'https://app.example.test/cart?token=abcdefabcdefabcdefabcdef',
      },
    });
    const wmd = renderMarkdown(witnessed);
    assert.ok(wmd.includes('**Page:** `https://app.example.test/cart?token=[redacted]`'), wmd);
  });
});
