// Export from the panel: the report of one exchange or of every blocked one, copied or saved
// as a file, secrets redacted unless the user opts in (with a warning).
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { blockedRecords, browserName, buildExport, type ExportContext } from '../../../src/panel/export.ts';
import { ExportActions } from '../../../src/panel/components/ExportActions.tsx';
import { $, cleanup, click, document, fixture, mount, recordOf, window } from './dom.ts';

afterEach(cleanup);

const records = new Map(fixture.records.map((r) => [r.id, r] as const));
const ctx = (redact = true): ExportContext => ({ records, browser: 'Chromium 156', extensionVersion: '9.9.9', redact });

/** A recorded blocked exchange carrying secrets in its request. */
function withSecrets(): CaptureRecord {
  const r = recordOf('missing-acao');
  return {
    ...r,
    url: `${r.url}&access_token=tok-123`,
    requestHeaders: [...(r.requestHeaders ?? []), { name: 'Cookie', value: 'sid=cookie-456' }, { name: 'Authorization', value: 'Bearer jwt-789' }],
  };
}

test('the Markdown of a blocked exchange names the reason in both browsers and carries the fix', () => {
  const r = recordOf('preflight-header-not-allowed');
  const { text, fileName, mime } = buildExport([r], 'markdown', ctx());
  assert.match(text, /HeaderDisallowedByPreflightResponse/);
  assert.match(text, /CORSMissingAllowHeaderFromPreflight/);
  assert.match(text, /Access-Control-Allow-Headers: x-request-id/);
  assert.match(text, /Chromium 156/);
  assert.match(text, /9\.9\.9/);
  assert.match(fileName, /^cors-lens-127\.0\.0\.1-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[a-z0-9.-]+\.md$/);
  assert.equal(mime, 'text/markdown;charset=utf-8');
});

test('secrets are redacted by default everywhere, and kept only when asked', () => {
  const r = withSecrets();
  for (const format of ['markdown', 'json', 'curl'] as const) {
    const redacted = buildExport([r], format, ctx(true)).text;
    for (const secret of ['tok-123', 'cookie-456', 'jwt-789']) assert.ok(!redacted.includes(secret), `${format} leaks ${secret}`);
  }
  const full = buildExport([r], 'markdown', ctx(false)).text;
  for (const secret of ['tok-123', 'cookie-456', 'jwt-789']) assert.ok(full.includes(secret), `opt-in keeps ${secret}`);
});

test('JSON export is the report format; curl export replays preflight and request', () => {
  const r = recordOf('preflight-header-not-allowed');
  const json = JSON.parse(buildExport([r], 'json', ctx()).text) as { format: string; version: number };
  assert.equal(json.format, 'cors-lens-report');
  assert.equal(json.version, 1);
  const curl = buildExport([r], 'curl', ctx()).text;
  assert.match(curl, /curl .*-X OPTIONS/);
  assert.match(curl, /Access-Control-Request-Method: PUT/);
});

test('"export blocked" covers exactly the blocked exchanges, in order', () => {
  const blocked = blockedRecords(fixture.records);
  assert.ok(blocked.length >= 3);
  assert.ok(blocked.every((r) => r.verdict?.outcome === 'blocked'));
  const text = buildExport(blocked, 'markdown', ctx()).text;
  for (const r of blocked) assert.ok(text.includes(r.verdict!.reason), r.verdict!.reason);
});

test('Save writes a file through an <a download> with the report file name', () => {
  const created: Blob[] = [];
  const clicked: Array<{ download: string; href: string }> = [];
  const url = window.URL as unknown as { createObjectURL: (b: Blob) => string; revokeObjectURL: (u: string) => void };
  globalThis.URL.createObjectURL = (b: Blob) => {
    created.push(b);
    return 'blob:test/1';
  };
  url.createObjectURL = globalThis.URL.createObjectURL;
  const original = window.HTMLAnchorElement.prototype.click;
  window.HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    clicked.push({ download: this.download, href: this.href });
  };
  try {
    const root = mount(<ExportActions records={[recordOf('missing-acao')]} ctx={ctx()} testid="export" />);
    click($(root, '[data-testid="export-save-md"]'));
    assert.equal(clicked.length, 1);
    assert.match(clicked[0]!.download, /^cors-lens-127\.0\.0\.1-.*\.md$/);
    assert.equal(clicked[0]!.href, 'blob:test/1');
    assert.equal(created[0]?.type, 'text/markdown;charset=utf-8');
    assert.match($(root, '[data-testid="export-done"]')?.textContent ?? '', /^Saved cors-lens-/);
    assert.equal(document.querySelectorAll('a[download]').length, 0, 'the temporary link is gone');
  } finally {
    window.HTMLAnchorElement.prototype.click = original;
  }
});

test('with nothing to export the buttons are disabled', () => {
  const root = mount(<ExportActions records={[]} ctx={ctx()} testid="export-blocked" />);
  assert.equal(($(root, '[data-testid="export-blocked-copy-md"]') as HTMLButtonElement).disabled, true);
});

test('the browser is named from the user agent', () => {
  assert.equal(browserName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'), 'Chromium 156');
  assert.equal(browserName('Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0'), 'Firefox 153');
  assert.equal(browserName(''), 'unknown browser');
});
