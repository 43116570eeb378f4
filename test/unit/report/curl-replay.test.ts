// Every curl command a report emits, run with the real curl against a local Node HTTP server
// that answers as the recorded one did: each reproduces the status and the CORS headers the
// browser saw (preflight, every redirect hop, final response), redacted URLs included. And
// what the commands send: the page's headers when the request was never sent, the body,
// Origin: null after a cross-origin redirect, credentials only as a commented placeholder.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, type Exchange, type HeaderList, type ResponseObservation } from '../../../src/core/index.ts';
import { renderCurl, renderCurlScript, renderMarkdown, type ReportInput } from '../../../src/core/report/index.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { reportInputFromRecord } from '../../../src/shared/report-input.ts';
import { curlVersion, runShell, shellParses, startReplayServer, type HttpResponse, type ReplayServer, type Run } from './replay-server.ts';
import { fixture } from './support.ts';
import { hl, hop } from '../core/helpers.ts';
import { scratchDir } from '../../support/scratch-dir.ts';

const CORS_HEADER = /^(access-control-.*|vary|location)$/i;
const cwd = scratchDir('cors-lens-replay-');

let api: ReplayServer;
let other: ReplayServer;
/** Recorded host:port → the live server standing in for it. */
let hosts: Array<[string, string]> = [];

/** A recorded value with the recorded servers' host:port replaced by the live ones (also percent-encoded). */
function live(text: string): string {
  let out = text;
  for (const [from, to] of hosts) {
    out = out.split(from).join(to).split(encodeURIComponent(from)).join(encodeURIComponent(to));
  }
  return out;
}

function liveRecord(r: CaptureRecord): CaptureRecord {
  return JSON.parse(live(JSON.stringify(r))) as CaptureRecord;
}

function liveInput(r: CaptureRecord, change: (r: CaptureRecord) => CaptureRecord = (x) => x): ReportInput {
  const filler = r.cachedFrom === undefined ? undefined : fixture.records.find((x) => x.id === r.cachedFrom);
  return reportInputFromRecord(change(liveRecord(r)), {
    browser: 'Chromium 156',
    ...(filler ? { cacheFiller: liveRecord(filler) } : {}),
  });
}

/** The CORS headers (and Location) of a header list, as comparable pairs. */
function corsOf(headers: ReadonlyArray<{ name: string; value: string } | readonly [string, string]>): string[] {
  return headers
    .map((h) => ('name' in h ? [h.name, h.value] : [h[0], h[1]]))
    .filter(([n]) => CORS_HEADER.test(n ?? ''))
    .map(([n, v]) => `${(n ?? '').toLowerCase()}: ${v ?? ''}`)
    .sort();
}

/** Assert one curl run got one response with the status and CORS headers the browser saw. */
function assertSame(run: Run, seen: ResponseObservation | { kind: 'response'; status: number; headers: HeaderList }, what: string): void {
  assert.equal(run.code, 0, `${what}: curl failed: ${run.stderr}`);
  assert.equal(run.responses.length, 1, `${what}: one response`);
  const got = run.responses[0] as HttpResponse;
  if (seen.kind !== 'response') return;
  assert.equal(got.status, seen.status, `${what}: status`);
  assert.deepEqual(corsOf(got.headers), corsOf(seen.headers), `${what}: CORS headers`);
}

/** Run every command of an input's report and compare each with what the browser saw. */
async function replay(input: ReportInput, redact: boolean): Promise<void> {
  const ex = input.exchange;
  const c = renderCurl(input, { redact });
  const name = `${ex.request.method} ${ex.url} (redact ${redact})`;
  if (c.preflight !== null) {
    const seen = ex.preflight.kind === 'observed' ? ex.preflight.result : ex.preflight.kind === 'cached' ? ex.preflight.earlier?.result : undefined;
    const run = await runShell(c.preflight, cwd);
    if (seen !== undefined) assertSame(run, seen, `${name}: preflight`);
    else assert.equal(run.code, 0, run.stderr);
  }
  // The request, then the browser's request after each redirect: each answered as the browser saw.
  const steps = [c.actual, ...c.redirects.map((h) => h.request)];
  assert.equal(steps.length, ex.redirects.length + 1, `${name}: one command per request the browser sent`);
  for (let i = 0; i < steps.length; i++) {
    const hop = ex.redirects[i];
    const seen: ResponseObservation = hop ? { kind: 'response', status: hop.status, headers: hop.headers } : ex.response;
    assertSame(await runShell(steps[i] ?? '', cwd), seen, `${name}: request ${i + 1}`);
  }
}

function exchange(over: Partial<Exchange> & Pick<Exchange, 'url' | 'request'>): Exchange {
  return {
    initiator: 'http://localhost:5173',
    browser: 'chromium',
    preflight: { kind: 'none' },
    redirects: [],
    response: { kind: 'not-sent' },
    outcome: { kind: 'failure', error: 'net::ERR_FAILED' },
    ...over,
  };
}

const header = (list: HeaderList, name: string) => list.find((h) => h.name.toLowerCase() === name)?.value;

describe('curl replay against a live server', () => {
  before(async () => {
    assert.ok(curlVersion(), 'the curl binary is needed (apt-get install curl)');
    api = await startReplayServer();
    other = await startReplayServer();
    const recordedApi = new URL(fixture.records[0]?.url ?? '').host;
    const recordedOther = new URL(fixture.records.flatMap((r) => r.redirects)[0]?.location ?? '').host;
    hosts = [
      [recordedApi, api.host],
      [recordedOther, other.host],
    ];
  });
  after(async () => {
    await api.close();
    await other.close();
  });

  it('every recorded exchange: each command reproduces the status and CORS headers the browser saw', async () => {
    for (const r of fixture.records) {
      for (const redact of [true, false]) await replay(liveInput(r), redact);
    }
  });

  it('redacted URLs run (no curl glob error) and still reproduce the answer', async () => {
    // issue 11: `curl: (3) bad range in URL` for `?token=[redacted]`.
    for (const r of fixture.records) {
      const input = liveInput(r, (x) => ({ ...x, url: `${x.url}${x.url.includes('?') ? '&' : '?'}token=Sup3rS3cretValue&sid=S1d0000000042` }));
      const c = renderCurl(input);
      assert.match(c.actual, /token=\[redacted\]&sid=\[redacted\]/);
      const run = await runShell(c.actual, cwd);
      assert.equal(run.code, 0, `curl failed on the redacted URL: ${run.stderr.trim()}`);
      await replay(input, true);
      assert.match(api.log.at(-1)?.url ?? '', /token=\[redacted\]&sid=\[redacted\]$/, 'the server got the URL as shown');
    }
  });

  it('a cross-origin redirect is replayed hop by hop, with Origin: null after the cross-origin hop', async () => {
    // issue 11: the curl stopped at the 307; the failing hop (Origin: null) was never replayed.
    const record = fixture.records.find((r) => r.redirects.length > 0);
    assert.ok(record);
    const input = liveInput(record);
    const c = renderCurl(input);
    assert.equal(c.redirects.length, 1);
    const before = other.log.length;
    await replay(input, true);
    const afterHop = other.log.slice(before).at(-1);
    assert.equal(afterHop?.headers.origin, 'null', 'the browser sends Origin: null after a cross-origin hop');
    assert.equal(afterHop?.url, new URL(input.exchange.redirects[0]?.location ?? '').pathname + new URL(input.exchange.redirects[0]?.location ?? '').search);

    // Where the target reflects the Origin, the replay gets the `null` the browser got.
    const target = `${other.origin}/final?acao=$origin`;
    const url = `${api.origin}/hop?acao=*&redirect=${encodeURIComponent(target)}`;
    const ex = exchange({
      url,
      request: { method: 'GET', resourceType: 'xmlhttprequest', headers: hl({ Origin: 'http://localhost:5173' }) },
      redirects: [hop(url, target, { 'Access-Control-Allow-Origin': '*', Location: target }, 307)],
      response: { kind: 'response', status: 200, headers: hl({ 'Access-Control-Allow-Origin': 'null' }) },
    });
    await replay({ exchange: ex, verdict: evaluate(ex) }, true);
  });

  it('a same-origin hop keeps the Origin; a 303 after POST turns into a GET without the body', async () => {
    const second = `${api.origin}/next?acao=$origin`;
    const url = `${api.origin}/form?acao=$origin&redirect=${encodeURIComponent(second)}&redirect.status=303`;
    const ex = exchange({
      url,
      request: { method: 'POST', resourceType: 'xmlhttprequest', headers: hl({ Origin: 'http://localhost:5173', 'Content-Type': 'text/plain' }) },
      redirects: [hop(url, second, { 'Access-Control-Allow-Origin': 'http://localhost:5173', Location: second }, 303)],
      response: { kind: 'response', status: 200, headers: hl({ 'Access-Control-Allow-Origin': 'http://localhost:5173' }) },
      outcome: { kind: 'success' },
    });
    const start = api.log.length;
    await replay({ exchange: ex, verdict: evaluate(ex), requestBody: { text: 'a=1', mimeType: 'text/plain' } }, true);
    const [post, get] = api.log.slice(start);
    assert.equal(post?.method, 'POST');
    assert.equal(post?.body, 'a=1');
    assert.equal(get?.method, 'GET');
    assert.equal(get?.body, '');
    assert.equal(get?.headers.origin, 'http://localhost:5173', 'a hop within the API origin keeps the Origin');
    assert.equal(get?.headers['content-type'], undefined, 'body headers go with the body');
  });

  it("a request whose preflight failed is rebuilt from the preflight's Access-Control-Request-Headers, with placeholders", async () => {
    // issue 11: the actual request's curl omitted the headers the page wanted to send.
    const record = fixture.records.find((r) => r.preflight !== undefined && r.requestHeaders === undefined && r.preflight.status === 204);
    assert.ok(record);
    const input = liveInput(record);
    const asked = (header(input.exchange.preflight.kind === 'observed' ? input.exchange.preflight.requestHeaders : [], 'access-control-request-headers') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    assert.ok(asked.length > 0);
    const start = api.log.length;
    const run = await runShell(renderCurl(input).actual, cwd);
    assert.equal(run.code, 0, run.stderr);
    const got = api.log.slice(start).at(-1);
    assert.equal(got?.method, input.exchange.request.method);
    for (const name of asked) assert.ok(got?.headers[name] !== undefined, `${name} sent`);
  });

  it('a request body is sent (redacted by the same rules), whatever bytes it holds', async () => {
    // issue 11: the request's curl had no body although the HAR has one.
    const ex = exchange({
      url: `${api.origin}/items?acao=$origin&acam=PUT`,
      request: { method: 'PUT', resourceType: 'xmlhttprequest', headers: [{ name: 'Origin', value: 'http://localhost:5173' }] },
    });
    const bodies: Array<{ text: string; mimeType?: string; sent: (redacted: string) => void }> = [
      {
        text: '{"name":"it\'s $(id) `x`","password":"Hunter2Hunter2","nested":{"api_key":"K3yK3yK3yK3y","n":1}}',
        mimeType: 'application/json',
        sent: (s) => {
          const v = JSON.parse(s) as { name: string; password: string; nested: { api_key: string; n: number } };
          assert.equal(v.name, "it's $(id) `x`");
          assert.equal(v.password, '[redacted]');
          assert.equal(v.nested.api_key, '[redacted]');
          assert.equal(v.nested.n, 1);
        },
      },
      {
        text: 'user=ann&token=T0kenT0kenT0ken&page=2',
        mimeType: 'application/x-www-form-urlencoded',
        sent: (s) => assert.equal(s, 'user=ann&token=[redacted]&page=2'),
      },
      { text: '@/etc/passwd', sent: (s) => assert.equal(s, '@/etc/passwd', 'a leading @ is data, not a file') },
      { text: 'line 1\nline\t2\r\n\\x41 \u0007end', mimeType: 'text/plain', sent: (s) => assert.equal(s, 'line 1\nline\t2\r\n\\x41 \u0007end') },
    ];
    for (const b of bodies) {
      const input: ReportInput = { exchange: ex, verdict: evaluate(ex), requestBody: { text: b.text, ...(b.mimeType ? { mimeType: b.mimeType } : {}) } };
      const c = renderCurl(input);
      assert.ok(!/Hunter2|K3yK3y|T0kenT0ken/.test(c.actual), 'secrets in the body are redacted');
      assert.ok(!/[\u0000-\u0008\u000b-\u001f]/.test(c.actual), 'no raw control character reaches the terminal');
      const start = api.log.length;
      const run = await runShell(c.actual, cwd);
      assert.equal(run.code, 0, run.stderr);
      const got = api.log.slice(start).at(-1);
      assert.equal(got?.method, 'PUT');
      b.sent(got?.body ?? '');
      if (b.mimeType) assert.equal(got?.headers['content-type'], b.mimeType);
      else assert.equal(got?.headers['content-type'], undefined, 'curl adds no form Content-Type of its own');
      // Without redaction the body is sent byte for byte.
      const start2 = api.log.length;
      assert.equal((await runShell(renderCurl(input, { redact: false }).actual, cwd)).code, 0);
      assert.equal(api.log.slice(start2).at(-1)?.body, b.text);
    }
  });

  it('credentialed requests: the cookie or authorization is a commented placeholder, never sent as [redacted]', async () => {
    // issue 11: nothing told the owner the browser sent credentials.
    const record = fixture.records.find((r) => r.verdict?.credentials.mode === 'include');
    assert.ok(record);
    const input = liveInput(record);
    const c = renderCurl(input);
    assert.match(c.actual, /^# .*credential.*\n#   -H 'Cookie: <value not captured>'\ncurl /im);
    const start = api.log.length;
    await replay(input, true);
    assert.equal(api.log.slice(start).at(-1)?.headers.cookie, undefined);

    const ex = exchange({
      url: `${api.origin}/me?acao=$origin&acac=true`,
      request: {
        method: 'GET',
        resourceType: 'xmlhttprequest',
        credentials: 'include',
        headers: [
          { name: 'Origin', value: 'http://localhost:5173' },
          { name: 'Cookie', value: 'sid=C00kieC00kie1' },
          { name: 'Authorization', value: 'Bearer AuthAuthAuth123' },
        ],
      },
    });
    const secret = renderCurl({ exchange: ex, verdict: evaluate(ex) });
    assert.match(secret.actual, /^#   -H 'Cookie: sid=\[redacted\]'$/m);
    assert.match(secret.actual, /^#   -H 'Authorization: Bearer \[redacted\]'$/m);
    assert.ok(!/C00kie|AuthAuth/.test(secret.actual));
    const s2 = api.log.length;
    assert.equal((await runShell(secret.actual, cwd)).code, 0);
    const got = api.log.slice(s2).at(-1);
    assert.equal(got?.headers.cookie, undefined);
    assert.equal(got?.headers.authorization, undefined);
    // Unredacted, they are sent as captured.
    const s3 = api.log.length;
    assert.equal((await runShell(renderCurl({ exchange: ex, verdict: evaluate(ex) }, { redact: false }).actual, cwd)).code, 0);
    assert.equal(api.log.slice(s3).at(-1)?.headers.cookie, 'sid=C00kieC00kie1');
  });

  it("the whole curl script and the Markdown's sh block run: one response per command", async () => {
    const inputs = fixture.records.map((r) => liveInput(r));
    const count = inputs.reduce((n, i) => {
      const c = renderCurl(i);
      return n + (c.preflight === null ? 0 : 1) + 1 + c.redirects.reduce((k, h) => k + 1 + (h.preflight === null ? 0 : 1), 0);
    }, 0);
    const script = renderCurlScript(inputs);
    assert.ok(shellParses(script));
    const run = await runShell(script, cwd);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.responses.length, count);
    for (const i of inputs) {
      const md = renderMarkdown(i);
      const block = /```sh\n([\s\S]*?)\n```/.exec(md)?.[1];
      assert.ok(block, 'the Markdown has a curl block');
      const c = renderCurl(i);
      const n = (c.preflight === null ? 0 : 1) + 1 + c.redirects.length;
      const r = await runShell(block, cwd);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.responses.length, n);
    }
  });
});
