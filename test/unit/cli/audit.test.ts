// `cors-lens audit` against local servers with planted misconfigurations: it finds exactly
// those, with their severity and the response that proves them, and nothing on a correct server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli, corsServer, type Behaviour, type TestServer } from './cors-server.ts';

const APP = 'https://app.example';

/** A server that allows the origins `trusts` accepts, the way a misconfigured backend does. */
const allowing =
  (trusts: (origin: string) => boolean, opts: { credentials?: boolean; vary?: boolean } = {}): Behaviour =>
  (_req, origin) => ({
    headers:
      origin !== null && trusts(origin)
        ? {
            'access-control-allow-origin': origin,
            ...(opts.credentials === false ? {} : { 'access-control-allow-credentials': 'true' }),
            ...(opts.vary === false ? {} : { vary: 'Origin' }),
          }
        : {},
  });

interface AuditJson {
  findings: Array<{
    kind: string;
    severity: string;
    origin: string | null;
    credentials: boolean;
    response: { status: number; headers: Array<{ name: string; value: string }> };
  }>;
  trusted: Array<{ origin: string; access: string }>;
  requests: number;
}

describe('cors-lens audit', () => {
  const servers: Record<string, TestServer> = {};
  before(async () => {
    const plant: Record<string, Behaviour> = {
      correct: allowing((o) => o === APP),
      reflecting: allowing(() => true),
      reflectingNoCredentials: allowing(() => true, { credentials: false }),
      nullTrusted: allowing((o) => o === APP || o === 'null'),
      unescapedDot: allowing((o) => /^https:\/\/app.example$/.test(o)),
      prefix: allowing((o) => o.startsWith(APP)),
      suffix: allowing((o) => o.endsWith('app.example')),
      http: allowing((o) => o === APP || o === 'http://app.example'),
      noVary: allowing((o) => o === APP, { vary: false }),
      wildcardCookies: () => ({ headers: { 'access-control-allow-origin': '*', vary: 'Cookie' } }),
    };
    for (const [name, b] of Object.entries(plant)) servers[name] = await corsServer(b);
  });
  after(async () => {
    await Promise.all(Object.values(servers).map((s) => s.close()));
  });
  const url = (name: string): string => `${servers[name]?.origin ?? ''}/api`;
  const audit = async (name: string, ...args: string[]): Promise<{ code: number; doc: AuditJson; stderr: string }> => {
    const r = await cli(['audit', url(name), '--origin', APP, '--json', ...args]);
    return { code: r.code, doc: JSON.parse(r.stdout) as AuditJson, stderr: r.stderr };
  };
  const kinds = (doc: AuditJson): string[] => doc.findings.map((f) => `${f.kind} ${f.severity}`).sort();

  it('a correct allow-list server: no finding, exit 0; the trusted origin is reported allowed with credentials', async () => {
    const r = await audit('correct');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.doc.findings, []);
    assert.deepEqual(r.doc.trusted, [{ origin: APP, access: 'include' }]);
    assert.match(r.stderr, /0 findings, 0 at or above high; \d+ of at most 60 requests sent/);
    const md = await cli(['audit', url('correct'), '--origin', APP]);
    assert.match(md.stdout, /\*\*No finding:\*\* the server trusted none of the forged origins\./);
  });

  it('a server reflecting any origin with credentials: critical, with the response that proves it; exit 1', async () => {
    const r = await audit('reflecting');
    assert.equal(r.code, 1);
    const first = r.doc.findings[0];
    assert.equal(first?.kind, 'arbitrary-origin');
    assert.equal(first?.severity, 'critical');
    assert.equal(first?.origin, 'https://cors-lens-probe.attacker.test');
    assert.deepEqual(first?.response.headers, [
      { name: 'access-control-allow-origin', value: 'https://cors-lens-probe.attacker.test' },
      { name: 'access-control-allow-credentials', value: 'true' },
      { name: 'vary', value: 'Origin' },
    ]);
    assert.ok(kinds(r.doc).includes('null-origin critical'));
    const md = await cli(['audit', url('reflecting'), '--origin', APP]);
    assert.match(md.stdout, /^## 1\. Critical: arbitrary-origin$/m);
    assert.match(md.stdout, /access-control-allow-credentials: true/);
  });

  it('reflecting without credentials: medium (below the default --fail-on high, exit 0); --credentials does not count it', async () => {
    const r = await audit('reflectingNoCredentials');
    assert.equal(r.code, 0);
    assert.equal(r.doc.findings[0]?.kind, 'arbitrary-origin');
    assert.equal(r.doc.findings[0]?.severity, 'medium');
    assert.equal((await audit('reflectingNoCredentials', '--fail-on', 'medium')).code, 1);
    assert.deepEqual((await audit('reflectingNoCredentials', '--credentials')).doc.findings, []);
  });

  it('each planted misconfiguration is found, and only it', async () => {
    assert.deepEqual(kinds((await audit('nullTrusted')).doc), ['null-origin critical']);
    assert.deepEqual(kinds((await audit('unescapedDot')).doc), ['unescaped-dot high']);
    assert.deepEqual(kinds((await audit('prefix')).doc), ['prefix-match high']);
    assert.deepEqual(
      kinds((await audit('suffix')).doc),
      ['any-subdomain medium', 'http-downgrade medium', 'suffix-match high'],
      'a suffix check ignores the scheme too',
    );
    assert.deepEqual(kinds((await audit('http')).doc), ['http-downgrade medium']);
    assert.deepEqual(kinds((await audit('noVary')).doc), ['missing-vary medium']);
    assert.deepEqual(kinds((await audit('wildcardCookies')).doc), ['wildcard-with-cookies medium']);
  });

  it('the forged origins sent: any, null, and the tricks around the trusted origin', async () => {
    const s = servers['correct'];
    assert.ok(s !== undefined);
    s.received.length = 0;
    await audit('correct');
    assert.deepEqual(
      s.received.map((r) => r.origin),
      [
        APP,
        'https://cors-lens-probe.attacker.test',
        'null',
        'https://app.example.attacker.test',
        'https://attackerapp.example',
        'https://appxexample',
        'https://cors-lens-probe.app.example',
        'https://app.example_.attacker.test',
        'https://app.example`.attacker.test',
        'https://app.example}.attacker.test',
        'http://app.example',
      ],
    );
  });

  it('--fail-on and --origin are checked; a network error is one line, exit 2', async () => {
    const bad = await cli(['audit', url('correct'), '--fail-on', 'severe']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^cors-lens: --fail-on is one of low, medium, high, critical, not "severe"\n$/);
    const down = await cli(['audit', 'http://127.0.0.1:1/', '--origin', APP]);
    assert.equal(down.code, 2);
    assert.match(down.stderr, /^cors-lens: GET http:\/\/127\.0\.0\.1:1\/ \(Origin: https:\/\/app\.example\): connection refused\n$/);
  });
});
