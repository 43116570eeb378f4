// reportFileName: host and UTC time, safe characters only.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, type Exchange } from '../../../src/core/index.ts';
import { reportFileName, type ReportInput } from '../../../src/core/report/index.ts';

function at(url: string, capturedAt?: number): ReportInput {
  const exchange: Exchange = {
    initiator: 'https://app.test', url, browser: 'chromium',
    request: { method: 'GET', resourceType: 'xmlhttprequest', headers: [] },
    preflight: { kind: 'none' }, redirects: [], response: { kind: 'not-sent' }, outcome: { kind: 'success' },
  };
  return { exchange, verdict: evaluate(exchange), ...(capturedAt === undefined ? {} : { capturedAt }) };
}

const T = Date.UTC(2026, 10, 22, 12, 5, 3, 456);

describe('reportFileName', () => {
  it('host and UTC time to the second', () => {
    assert.equal(reportFileName(at('https://api.example.com/x?token=1', T)), 'cors-lens-api.example.com-2026-11-22T12-05-03Z.md');
    assert.equal(reportFileName(at('https://api.example.com/', T), 'json'), 'cors-lens-api.example.com-2026-11-22T12-05-03Z.json');
  });

  it('several hosts, IPv6, odd hosts and a missing time', () => {
    assert.equal(reportFileName([at('https://a.test/', T), at('https://b.test/', T)]), 'cors-lens-2-hosts-2026-11-22T12-05-03Z.md');
    assert.equal(reportFileName([at('https://a.test/', T), at('https://a.test/y', T + 5000)]), 'cors-lens-a.test-2026-11-22T12-05-03Z.md');
    assert.equal(reportFileName(at('http://[::1]:8080/', T)), 'cors-lens-1-2026-11-22T12-05-03Z.md');
    assert.equal(reportFileName(at('not a url', T)), 'cors-lens-request-2026-11-22T12-05-03Z.md');
    assert.equal(reportFileName(at('https://xn--bcher-kva.example/', undefined), 'md', T), 'cors-lens-xn--bcher-kva.example-2026-11-22T12-05-03Z.md');
  });

  it('only safe characters, whatever the input', () => {
    for (const url of ['https://a..b.test/', 'https://%2e%2e/', 'https://-x-.test/', 'http://a/b/../../etc/passwd']) {
      assert.match(reportFileName(at(url, T)), /^cors-lens-[a-z0-9][a-z0-9.-]*-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.md$/, url);
    }
  });
});
