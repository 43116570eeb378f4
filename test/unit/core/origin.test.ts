// URL Standard origins as the engine serialises and compares them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isCrossOrigin, normalizeOrigin, originOfUrl, parseOrigin, sameOrigin, serializeOrigin } from '../../../src/core/index.ts';
import { parseTokenList } from '../../../src/core/list-parse.ts';
import { mismatchDetail } from '../../../src/core/cors-check.ts';

describe('normalizeOrigin', () => {
  const table: Array<[string, string | null]> = [
    ['http://localhost:5173', 'http://localhost:5173'],
    ['HTTP://LocalHost:5173', 'http://localhost:5173'],
    ['http://a.test:80', 'http://a.test'],
    ['https://a.test:443', 'https://a.test'],
    ['https://a.test:80', 'https://a.test:80'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['http://[0:0:0:0:0:0:0:1]', 'http://[::1]'],
    ['https://a.test/path?q', 'https://a.test'],
    ['null', 'null'],
    ['a.test', null],
    ['', null],
    ['file:///x', null],
  ];
  for (const [input, output] of table) it(`${JSON.stringify(input)} → ${String(output)}`, () => assert.equal(normalizeOrigin(input), output));
});

describe('isCrossOrigin', () => {
  it('different ports', () => assert.equal(isCrossOrigin('http://localhost:3000', 'http://localhost:3001/x'), true));
  it('localhost vs 127.0.0.1', () => assert.equal(isCrossOrigin('http://localhost:3000', 'http://127.0.0.1:3000/'), true));
  it('http vs https', () => assert.equal(isCrossOrigin('http://a.test', 'https://a.test/'), true));
  it('same origin with a default port spelled out', () => assert.equal(isCrossOrigin('https://a.test', 'https://a.test:443/x'), false));
  it('an opaque initiator is cross-origin to everything', () => assert.equal(isCrossOrigin(null, 'https://a.test/'), true));
  it('an unparsable URL counts as cross-origin', () => assert.equal(isCrossOrigin('https://a.test', 'http://[x'), true));
});

describe('origin tuples', () => {
  it('opaque origins are never same-origin', () => {
    const o = parseOrigin('null');
    assert.ok(o);
    assert.equal(sameOrigin(o, o), false);
    assert.equal(serializeOrigin(o), 'null');
  });
  it('file: URLs have opaque origins', () => assert.deepEqual(originOfUrl('file:///etc/hosts'), { opaque: true }));
});

describe('ACAO mismatch classification', () => {
  const want = 'http://localhost:5173';
  const table: Array<[string, string]> = [
    [`${want}/`, 'acao-mismatch-trailing-slash'],
    ['HTTP://LOCALHOST:5173', 'acao-mismatch-case'],
    [`${want}/app`, 'acao-mismatch-path'],
    ['http://localhost:3000', 'acao-mismatch-port'],
    ['https://localhost:5173', 'acao-mismatch-scheme'],
    ['http://127.0.0.1:5173', 'acao-mismatch-host'],
    ['null', 'acao-mismatch-null'],
  ];
  for (const [acao, detail] of table) it(`${acao} → ${detail}`, () => assert.equal(mismatchDetail(acao, want), detail));
  it('an opaque request origin', () => assert.equal(mismatchDetail(want, 'null'), 'acao-mismatch-expected-null'));
});

describe('parseTokenList (Fetch list extraction)', () => {
  it('empty elements and OWS are allowed', () => assert.deepEqual(parseTokenList(' GET ,, PUT\t,'), { ok: true, items: ['GET', 'PUT'] }));
  it('null header is an empty list', () => assert.deepEqual(parseTokenList(null), { ok: true, items: [] }));
  it('a space inside an element fails', () => assert.deepEqual(parseTokenList('GET PUT'), { ok: false, bad: 'GET PUT' }));
  it('a colon fails', () => assert.deepEqual(parseTokenList('x-a:'), { ok: false, bad: 'x-a:' }));
  it('non-ASCII fails', () => assert.equal(parseTokenList('x-é').ok, false));
  it('* is a token', () => assert.deepEqual(parseTokenList('*'), { ok: true, items: ['*'] }));
});
