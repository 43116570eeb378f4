// suggestFix: minimal, safe server changes with ready-to-paste configuration.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, suggestFix, en, renderFixNote, type Fix } from '../../../src/core/index.ts';
import { ex, PAGE, type Spec } from './helpers.ts';

const A = 'Access-Control-Allow-Origin';
const fixFor = (spec: Spec): Fix => {
  const e = ex(spec);
  return suggestFix(evaluate(e), e);
};
const value = (list: Fix['responseHeaders'], name: string) => list.find((h) => h.name === name)?.value;

describe('suggestFix', () => {
  it('a blocked simple GET gets the exact origin and Vary: Origin, no preflight headers', () => {
    const f = fixFor({ outcome: 'net::ERR_FAILED', credentials: 'omit' });
    assert.equal(f.needed, true);
    assert.equal(value(f.responseHeaders, A), PAGE);
    assert.equal(value(f.responseHeaders, 'Vary'), 'Origin');
    assert.deepEqual(f.preflightHeaders, []);
    assert.ok(f.notes.some((n) => n.code === 'exact-origin'));
  });

  it('a credentialed request never gets *', () => {
    const f = fixFor({ credentials: 'include', response: { headers: { [A]: '*' } } });
    assert.equal(value(f.responseHeaders, A), PAGE);
    assert.equal(value(f.responseHeaders, 'Access-Control-Allow-Credentials'), 'true');
    assert.ok(f.notes.some((n) => n.code === 'no-wildcard-with-credentials'));
    assert.match(f.snippets?.express ?? '', /credentials: true/);
    assert.doesNotMatch(f.snippets?.nginx ?? '', /"\*"/);
  });

  it('a preflighted PUT lists exactly the method and the unsafe headers', () => {
    const f = fixFor({
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': 'k' },
      preflight: { status: 204, headers: {} },
      response: 'not-sent',
    });
    assert.equal(value(f.preflightHeaders, 'Access-Control-Allow-Methods'), 'PUT');
    assert.equal(value(f.preflightHeaders, 'Access-Control-Allow-Headers'), 'content-type, x-api-key');
    assert.equal(value(f.preflightHeaders, 'Access-Control-Max-Age'), '600');
    assert.ok(f.notes.some((n) => n.code === 'preflight-headers'));
  });

  it('a 401 preflight says to handle OPTIONS before authentication', () => {
    const f = fixFor({ method: 'PUT', preflight: { status: 401, headers: { [A]: PAGE, 'Access-Control-Allow-Methods': 'PUT' } }, response: 'not-sent' });
    assert.ok(f.notes.some((n) => n.code === 'cors-before-auth'));
    assert.ok(f.notes.some((n) => n.code === 'preflight-ok-status'));
  });

  it('the three snippets carry the origin, the route and the preflight answer', () => {
    const f = fixFor({ method: 'DELETE', url: 'https://api.example.test/items/7', preflight: { headers: {} }, response: 'not-sent' });
    const s = f.snippets;
    assert.ok(s);
    assert.match(s.express, /import cors from 'cors';/);
    assert.match(s.express, /origin: \["http:\/\/localhost:5173"\]/);
    assert.match(s.express, /methods: \["DELETE"\]/);
    assert.match(s.express, /app\.use\("\/items", cors\(corsOptions\)\);/);
    assert.match(s.nginx, /location \/items\/ \{/);
    assert.match(s.nginx, /return 204;/);
    assert.match(s.nginx, /add_header Access-Control-Allow-Origin "http:\/\/localhost:5173" always;/);
    assert.match(s.caddy, /@corsPreflight \{/);
    assert.match(s.caddy, /respond 204/);
  });

  it('an opaque origin without credentials gets * rather than trusting null', () => {
    const f = fixFor({ initiator: null, credentials: 'omit' });
    assert.equal(value(f.responseHeaders, A), '*');
    assert.equal(value(f.responseHeaders, 'Vary'), undefined);
  });

  it('not-CORS verdicts need no fix and no snippets', () => {
    const f = fixFor({ type: 'image', url: 'https://cdn.test/a.png' });
    assert.equal(f.needed, false);
    assert.equal(f.snippets, null);
    assert.equal(f.notes[0]?.code, 'not-cors');
  });

  it('an allowed request needs nothing (beyond hardening)', () => {
    const f = fixFor({ response: { headers: { [A]: '*' } }, credentials: 'omit' });
    assert.equal(f.needed, false);
    assert.equal(f.notes[0]?.code, 'nothing-to-fix');
  });

  it('a missing Vary: Origin is a needed hardening fix', () => {
    const f = fixFor({ response: { headers: { [A]: PAGE } }, credentials: 'omit' });
    assert.equal(f.needed, true);
    assert.ok(f.notes.some((n) => n.code === 'vary-origin'));
  });

  it('a header the page could not read: expose it, keeping what the server exposes already, in every stack', () => {
    const e = ex({ response: { headers: { [A]: '*', 'X-Total-Count': '42', 'X-Page': '2', 'Access-Control-Expose-Headers': 'X-Page' } }, credentials: 'omit' });
    const seen = {
      ...e,
      page: {
        api: 'fetch',
        mode: 'cors',
        credentials: 'omit',
        redirectMode: 'follow',
        outcome: { kind: 'resolved', type: 'cors', status: 200 },
        unread: ['x-total-count'],
      },
    } as const;
    const f = suggestFix(evaluate(seen), seen);
    assert.equal(f.needed, true);
    assert.equal(value(f.responseHeaders, 'Access-Control-Expose-Headers'), 'X-Page, x-total-count');
    assert.ok(!f.notes.some((n) => n.code === 'nothing-to-fix'), 'not "nothing to change": the page cannot read what it asked for');
    const note = f.notes.find((n) => n.code === 'expose-headers');
    assert.ok(note);
    assert.match(renderFixNote(note, en), /Access-Control-Expose-Headers: x-total-count/);
    assert.deepEqual(f.requirements?.expose, ['X-Page', 'x-total-count']);
    assert.match(f.snippets?.nginx ?? '', /Access-Control-Expose-Headers.*X-Page, x-total-count/);
  });

  it('hostile header names never reach the snippets', () => {
    const f = fixFor({
      method: 'PUT',
      headers: [
        ['X-Ok', '1'],
        ['X-Bad"\n}', '1'],
      ],
      preflight: { headers: {} },
      response: 'not-sent',
    });
    assert.doesNotMatch(f.snippets?.nginx ?? '', /X-Bad|x-bad/);
    assert.match(f.snippets?.nginx ?? '', /x-ok/);
  });

  it('a network error says to fix the connection, not the headers', () => {
    const f = fixFor({ response: { error: 'net::ERR_CONNECTION_REFUSED' } });
    assert.equal(f.notes[0]?.code, 'fix-network');
    assert.equal(
      renderFixNote(f.notes[0] ?? { code: 'fix-network', params: {} }, en),
      'Make the server reachable (net::ERR_CONNECTION_REFUSED); no header change can fix a network error.',
    );
  });
});
