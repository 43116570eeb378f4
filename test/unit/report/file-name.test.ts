// reportFileName: host, UTC time and what was exported, safe characters only, never the same
// name for two different exports.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, type Exchange } from '../../../src/core/index.ts';
import { reportFileName, type ReportInput } from '../../../src/core/report/index.ts';
import { blockedRecords, buildExport } from '../../../src/panel/export.ts';
import { fixture } from './support.ts';

function at(url: string, capturedAt?: number, method = 'GET'): ReportInput {
  const exchange: Exchange = {
    initiator: 'https://app.test',
    url,
    browser: 'chromium',
    request: { method, resourceType: 'xmlhttprequest', headers: [] },
    preflight: { kind: 'none' },
    redirects: [],
    response: { kind: 'not-sent' },
    outcome: { kind: 'success' },
  };
  return { exchange, verdict: evaluate(exchange), ...(capturedAt === undefined ? {} : { capturedAt }) };
}

const T = Date.UTC(2026, 10, 22, 12, 5, 3, 456);
const SAFE = /^cors-lens-[a-z0-9][a-z0-9.-]*-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[a-z0-9][a-z0-9.-]*-[a-z0-9]+\.(md|json|sh)$/;

describe('reportFileName', () => {
  it('host, UTC time to the second, the method and the format', () => {
    const name = reportFileName(at('https://api.example.com/items?token=1', T));
    assert.match(name, SAFE);
    assert.ok(name.startsWith(`cors-lens-api.example.com-${new Date(T).toISOString().slice(0, 19).replace(/:/g, '-')}Z-get-items-`), name);
    assert.ok(!name.includes('token'), 'no query in the name');
    assert.ok(reportFileName(at('https://api.example.com/', T), 'json').endsWith('.json'));
  });

  it('several hosts, IPv6, odd hosts and a missing time', () => {
    assert.match(reportFileName([at('https://a.test/', T), at('https://b.test/', T)]), /^cors-lens-2-hosts-2026-11-22T12-05-03Z-2-requests-/);
    assert.match(reportFileName([at('https://a.test/', T), at('https://a.test/y', T + 5000)]), /^cors-lens-a\.test-2026-11-22T12-05-03Z-2-requests-/);
    assert.match(reportFileName(at('http://[::1]:8080/', T)), /^cors-lens-1-2026-11-22T12-05-03Z-get-/);
    assert.match(reportFileName(at('not a url', T)), /^cors-lens-request-2026-11-22T12-05-03Z-get-/);
    assert.match(reportFileName(at('https://xn--bcher-kva.example/', undefined), 'md', T), /^cors-lens-xn--bcher-kva\.example-2026-11-22T12-05-03Z-/);
  });

  it('only safe characters, whatever the input', () => {
    for (const url of [
      'https://a..b.test/',
      'https://%2e%2e/',
      'https://-x-.test/',
      'http://a/b/../../etc/passwd',
      'https://a.test/$(id)/`x`/..',
      'https://a.test/reset/Q7wLx2Rk9TzP4mVb8YcN1sHd',
    ]) {
      const name = reportFileName(at(url, T, "PU'T"));
      assert.match(name, SAFE, url);
      assert.ok(!name.includes('q7wlx2rk9tzp4mvb8ycn1shd'), 'a token-like path segment stays out of the name');
    }
  });

  it('a single-request export and "Export blocked" in the same second get different names', () => {
    // issue 11: both were cors-lens-<host>-<first capture time>.md.
    const first = at('https://api.test/a', T);
    const second = at('https://api.test/b', T);
    const names = [reportFileName(first), reportFileName([first, second]), reportFileName(second), reportFileName([second, first])];
    assert.equal(new Set(names).size, names.length, names.join('\n'));
    assert.equal(reportFileName([first, second]), reportFileName([first, second]), 'the same export, the same name');

    // The same through the panel's export of recorded requests.
    const ctx = { records: { get: () => undefined }, browser: 'Chromium 156', extensionVersion: '0.1.0', redact: true };
    const blocked = blockedRecords(fixture.records);
    assert.ok(blocked.length > 1);
    const one = blocked[0];
    assert.ok(one);
    for (const format of ['markdown', 'json', 'curl'] as const) {
      assert.notEqual(buildExport([one], format, ctx).fileName, buildExport(blocked, format, ctx).fileName, format);
    }
  });
});
