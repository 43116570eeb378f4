// `cors-lens check` against local servers: the requests the servers receive, in order (as the
// browser would send them), and the verdict and exit code the check prints.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { assertValidReport } from '../report/support.ts';
import { cli, corsServer, lines, type TestServer } from './cors-server.ts';

const PAGE = 'https://app.example';

describe('cors-lens check', () => {
  let api: TestServer; // allow-list: PAGE only; preflight allows PUT and x-token
  let third: TestServer; // allows any origin (*), preflights too
  let wild: TestServer; // Access-Control-Allow-Origin: * everywhere
  before(async () => {
    third = await corsServer((req) => ({
      headers:
        req.method === 'OPTIONS'
          ? { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-token' }
          : { 'access-control-allow-origin': '*' },
    }));
    api = await corsServer((req, origin) => {
      const acao = origin === PAGE ? { 'access-control-allow-origin': PAGE, vary: 'Origin' } : {};
      if (req.method === 'OPTIONS')
        return { status: 204, headers: { ...acao, 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-token, user-agent' } };
      if (req.url === '/to-third') return { status: 307, headers: { ...acao, location: `${third.origin}/x` } };
      if (req.url === '/loop') return { status: 302, headers: { ...acao, location: '/loop' } };
      if (req.url === '/hang') return 'hang';
      if (req.url === '/huge') return { headers: { ...acao, 'x-big': 'a'.repeat(10 * 1024 * 1024) } };
      return { headers: acao };
    });
    wild = await corsServer(() => ({ headers: { 'access-control-allow-origin': '*' } }));
  });
  after(async () => {
    await Promise.all([api.close(), third.close(), wild.close()]);
  });
  const reset = (): void => {
    for (const s of [api, third, wild]) s.received.length = 0;
  };

  it("--stack: the blocked check's report shows that server's snippet first; with --json or an unknown stack, one line and exit 2", async () => {
    reset();
    const r = await cli(['check', `${api.origin}/x`, '--origin', 'https://other.example', '--stack', 'django']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /\*\*Django \(django-cors-headers\)\*\* \(your stack\)/);
    assert.match(r.stdout, /CORS_ALLOWED_ORIGINS = \[\s*"https:\/\/other\.example"/);
    assert.match(r.stdout, /Verified by CORS Lens/);
    for (const bad of [['--stack', 'django', '--json'], ['--stack', 'nope'], ['--stack']]) {
      const u = await cli(['check', `${api.origin}/x`, '--origin', PAGE, ...bad]);
      assert.equal(u.code, 2, bad.join(' '));
      assert.equal(u.stderr.trim().split('\n').length, 1, u.stderr);
      assert.equal(u.stdout, '');
    }
  });

  it('a simple GET: no preflight, one request with Origin; allowed, exit 0', async () => {
    reset();
    const r = await cli(['check', `${api.origin}/x`, '--origin', PAGE]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(api), [`GET ${PAGE} - -`]);
    assert.match(r.stdout, /^# Allowed/);
    assert.match(r.stderr, /allowed \(ok\); 1 of at most 30 requests sent, 10 s timeout each \(GET\)/);
  });

  it('the preflight names the unsafe headers lowercased, sorted, comma-separated, then the PUT follows', async () => {
    reset();
    const r = await cli(['check', `${api.origin}/x`, '--origin', PAGE, '--method', 'put', '--header', 'X-Token: 1']);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(lines(api), [`OPTIONS ${PAGE} PUT x-token`, `PUT ${PAGE} - -`]);
    reset();
    await cli([
      'check',
      `${api.origin}/x`,
      '--origin',
      PAGE,
      '--method',
      'PUT',
      '--header',
      'X-B: 1',
      '--header',
      'X-A: 2',
      '--header',
      'Content-Type: application/json',
      '--header',
      'Accept: text/plain',
    ]);
    assert.deepEqual(lines(api), [`OPTIONS ${PAGE} PUT content-type,x-a,x-b`]);
  });

  it("a preflight that fails: the request is never sent; blocked with both browsers' names, exit 1", async () => {
    reset();
    const r = await cli(['check', `${api.origin}/x`, '--origin', PAGE, '--method', 'PUT', '--header', 'X-Other: 1']);
    assert.equal(r.code, 1);
    assert.deepEqual(lines(api), [`OPTIONS ${PAGE} PUT x-other`]);
    assert.match(r.stdout, /^# Blocked: `PUT /);
    assert.match(r.stdout, /Chromium `HeaderDisallowedByPreflightResponse`, Firefox `CORSMissingAllowHeaderFromPreflight`/);
  });

  it('a refused origin: blocked, MissingAllowOriginHeader, and the fix', async () => {
    reset();
    const r = await cli(['check', `${api.origin}/x`, '--origin', 'https://other.example']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Chromium `MissingAllowOriginHeader`/);
    assert.match(r.stdout, /## Fix/);
  });

  it('--credentials against Access-Control-Allow-Origin: * is blocked (WildcardOriginNotAllowed); without, allowed', async () => {
    reset();
    assert.equal((await cli(['check', `${wild.origin}/`, '--origin', PAGE])).code, 0);
    const r = await cli(['check', `${wild.origin}/`, '--origin', PAGE, '--credentials']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Chromium `WildcardOriginNotAllowed`/);
  });

  it('a cross-origin redirect taints the origin: the next server gets Origin: null', async () => {
    reset();
    const r = await cli(['check', `${api.origin}/to-third`, '--origin', PAGE]);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(lines(api), [`GET ${PAGE} - -`]);
    assert.deepEqual(lines(third), ['GET null - -']);
  });

  it("a preflighted request redirected to a third origin is preflighted again: Chromium with Origin null, Firefox with the page's", async () => {
    reset();
    const args = ['check', `${api.origin}/to-third`, '--origin', PAGE, '--method', 'PUT', '--header', 'X-Token: 1'];
    assert.equal((await cli(args)).code, 0);
    assert.deepEqual(lines(api), [`OPTIONS ${PAGE} PUT x-token`, `PUT ${PAGE} - -`]);
    assert.deepEqual(lines(third), ['OPTIONS null PUT x-token', 'PUT null - -']);
    reset();
    assert.equal((await cli([...args, '--browser', 'firefox'])).code, 0);
    assert.deepEqual(lines(third), [`OPTIONS ${PAGE} PUT x-token`, 'PUT null - -']);
  });

  it('a script-set User-Agent: Chromium drops it, Firefox preflights it (docs/browsers.md)', async () => {
    reset();
    await cli(['check', `${api.origin}/x`, '--origin', PAGE, '--header', 'User-Agent: mine']);
    assert.deepEqual(lines(api), [`GET ${PAGE} - -`]);
    assert.match(api.received[0]?.userAgent ?? '', /^cors-lens\//);
    reset();
    await cli(['check', `${api.origin}/x`, '--origin', PAGE, '--header', 'User-Agent: mine', '--browser', 'firefox']);
    assert.deepEqual(lines(api), [`OPTIONS ${PAGE} GET user-agent`, `GET ${PAGE} - -`]);
    assert.equal(api.received[1]?.userAgent, 'mine');
  });

  it('--json is the report document (docs/report.schema.json)', async () => {
    const r = await cli(['check', `${api.origin}/x`, '--origin', PAGE, '--json']);
    assertValidReport(r.stdout);
    const doc = JSON.parse(r.stdout) as { exchanges: Array<{ verdict: { reason: string } }> };
    assert.equal(doc.exchanges[0]?.verdict.reason, 'ok');
  });

  it('network trouble is one line and exit 2: refused, no answer within --timeout, a redirect loop', async () => {
    const refused = await cli(['check', 'http://127.0.0.1:1/x', '--origin', PAGE]);
    assert.deepEqual([refused.code, refused.stdout], [2, '']);
    assert.equal(refused.stderr, 'cors-lens: GET http://127.0.0.1:1/x: connection refused\n');
    const started = Date.now();
    const hang = await cli(['check', `${api.origin}/hang`, '--origin', PAGE, '--timeout', '0.3']);
    assert.equal(hang.code, 2);
    assert.match(hang.stderr, /^cors-lens: GET http:\/\/127\.0\.0\.1:\d+\/hang: no response within 0\.3 s\n$/);
    assert.ok(Date.now() - started < 3000);
    const huge = await cli(['check', `${api.origin}/huge`, '--origin', PAGE]);
    assert.equal(huge.code, 2);
    assert.match(huge.stderr, /^cors-lens: GET .*\/huge: response headers larger than 256 KiB\n$/);
    const loop = await cli(['check', `${api.origin}/loop`, '--origin', PAGE]);
    assert.equal(loop.code, 2);
    assert.match(loop.stderr, /^cors-lens: redirect loop: .*\/loop redirects back to GET .*\/loop \(after 1 redirects\)\n$/);
  });

  it('TLS trouble is one line and exit 2: plain HTTP behind https://, an untrusted certificate (which --insecure accepts); a 10 MB header too', async () => {
    const { createServer: createTls } = await import('node:https');
    const { createServer: createHttp } = await import('node:http');
    const { readFileSync } = await import('node:fs');
    const port = new URL(api.origin).port;
    const plain = await cli(['check', `https://127.0.0.1:${port}/x`, '--origin', PAGE, '--timeout', '3']);
    assert.equal(plain.code, 2);
    assert.equal(
      plain.stderr,
      `cors-lens: GET https://127.0.0.1:${port}/x: TLS handshake failed: the server does not answer in TLS on this port (http:// rather than https://?)\n`,
    );
    const fixtures = new URL('./fixtures/', import.meta.url);
    const tls = createTls(
      { key: readFileSync(new URL('self-signed.key', fixtures)), cert: readFileSync(new URL('self-signed.crt', fixtures)) },
      (_req, res) => {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.end('{}');
      },
    );
    await new Promise<void>((done) => tls.listen(0, '127.0.0.1', done));
    const big = createHttp((_req, res) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('X-Big', 'a'.repeat(10 * 1024 * 1024));
      res.end('{}');
    });
    await new Promise<void>((done) => big.listen(0, '127.0.0.1', done));
    try {
      const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/x`;
      const untrusted = await cli(['check', url, '--origin', PAGE, '--timeout', '3']);
      assert.equal(untrusted.code, 2);
      assert.match(
        untrusted.stderr,
        /^cors-lens: GET https:\/\/127\.0\.0\.1:\d+\/x: TLS certificate not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT: self[- ]signed certificate\); --insecure accepts it\n$/,
      );
      const accepted = await cli(['check', url, '--origin', PAGE, '--timeout', '3', '--insecure']);
      assert.equal(accepted.code, 0, accepted.stderr);
      const started = Date.now();
      const huge = await cli(['check', `http://127.0.0.1:${(big.address() as AddressInfo).port}/x`, '--origin', PAGE, '--timeout', '3']);
      assert.equal(huge.code, 2);
      assert.match(huge.stderr, /^cors-lens: GET .*\/x: response headers larger than 256 KiB\n$/);
      assert.ok(Date.now() - started < 3000, 'within the timeout');
      for (const r of [plain, untrusted, huge]) assert.equal(r.stderr.split('\n').length, 2, 'one line');
    } finally {
      tls.closeAllConnections();
      tls.close();
      big.closeAllConnections();
      big.close();
    }
  });

  it("a server's header values reach the terminal made visible: no control character is printed raw", async () => {
    // Raw bytes (latin1): 0x9B is the C1 control CSI, which a terminal takes as an escape sequence.
    const raw = createServer((socket) => {
      socket.once('data', () =>
        socket.end(Buffer.from(`HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: ${PAGE}\r\nX-Note: a\x9b31mred\r\nContent-Length: 0\r\n\r\n`, 'latin1')),
      );
    });
    await new Promise<void>((done) => raw.listen(0, '127.0.0.1', done));
    const { port } = raw.address() as AddressInfo;
    try {
      const r = await cli(['check', `http://127.0.0.1:${port}/`, '--origin', PAGE, '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      assert.match(r.stdout, /a\\u009b31mred/);
    } finally {
      raw.close();
    }
  });

  it('usage errors are one line and exit 2', async () => {
    for (const [args, message] of [
      [['check', `${api.origin}/x`], /--origin is required/],
      [['check', '--origin', PAGE], /no URL given/],
      [['check', 'ftp://x/', '--origin', PAGE], /only http and https/],
      [['check', `${api.origin}/x`, '--origin', 'nope'], /is not an origin/],
      [['check', `${api.origin}/x`, '--origin', PAGE, '--browser', 'safari'], /--browser is chromium or firefox/],
      [['check', `${api.origin}/x`, '--origin', PAGE, '--header', 'Origin: x'], /the browser sets it/],
      [['check', `${api.origin}/x`, '--origin', PAGE, '--frob'], /unknown option --frob \(cors-lens --help lists the options\)/],
      [['check', `${api.origin}/x`, '--origin', PAGE, '--max-requests', '0'], /--max-requests takes a number/],
    ] as const) {
      const r = await cli([...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.equal(r.stderr.split('\n').length, 2, 'one line');
    }
  });

  it('the request budget bounds the run', async () => {
    const r = await cli(['check', `${api.origin}/to-third`, '--origin', PAGE, '--max-requests', '1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /request budget of 1 spent/);
  });
});
