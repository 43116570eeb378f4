// Fetch §2.2.2 helpers the capture layer uses directly to pair requests with preflights.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyHeader,
  isSafelistedMethod,
  mimeEssence,
  needsPreflight,
  normalizeMethod,
  unsafeRequestHeaderNames,
  type HeaderKind,
} from '../../../src/core/index.ts';
import { isSimpleRange, isUnsafeByte, byteLength } from '../../../src/core/safelist.ts';
import { hl } from './helpers.ts';

describe('normalizeMethod (Fetch "normalize a method")', () => {
  const table: Array<[string, string]> = [
    ['get', 'GET'],
    ['Get', 'GET'],
    ['post', 'POST'],
    ['put', 'PUT'],
    ['delete', 'DELETE'],
    ['options', 'OPTIONS'],
    ['head', 'HEAD'],
    ['patch', 'patch'],
    ['Patch', 'Patch'],
    ['PATCH', 'PATCH'],
    ['propfind', 'propfind'],
  ];
  for (const [input, output] of table) it(`${input} → ${output}`, () => assert.equal(normalizeMethod(input), output));
});

describe('isSafelistedMethod', () => {
  for (const m of ['GET', 'HEAD', 'POST']) it(`${m} is safelisted`, () => assert.equal(isSafelistedMethod(m), true));
  for (const m of ['PUT', 'DELETE', 'PATCH', 'patch', 'get', 'OPTIONS']) it(`${m} is not`, () => assert.equal(isSafelistedMethod(m), false));
});

describe('classifyHeader', () => {
  const table: Array<[string, string, HeaderKind]> = [
    ['accept', '*/*', 'safelisted'],
    ['accept', 'text/html; q="1"', 'unsafe-byte'],
    ['accept', 'a'.repeat(129), 'value-too-long'],
    ['accept-language', 'en-US,en;q=0.9', 'safelisted'],
    ['accept-language', 'en_US', 'language-chars'],
    ['content-language', 'de-DE', 'safelisted'],
    ['content-type', 'text/plain', 'safelisted'],
    ['content-type', 'text/plain; charset=utf-8', 'safelisted'],
    ['content-type', 'Multipart/Form-Data; boundary=x', 'safelisted'],
    ['content-type', 'application/x-www-form-urlencoded', 'safelisted'],
    ['content-type', 'application/json', 'content-type-not-safelisted'],
    ['content-type', 'text/plain+json', 'content-type-not-safelisted'],
    ['content-type', 'text', 'content-type-unparsable'],
    ['content-type', '/plain', 'content-type-unparsable'],
    ['content-type', 'text/plain; charset="x"', 'unsafe-byte'],
    ['range', 'bytes=0-', 'safelisted'],
    ['range', 'bytes=10-20', 'safelisted'],
    ['range', 'bytes=-5', 'range-not-simple'],
    ['range', 'bytes=5-1', 'range-not-simple'],
    ['range', 'bytes = 0-', 'range-not-simple'],
    ['range', 'Bytes=0-', 'range-not-simple'],
    ['range', 'bytes=0-1,2-3', 'range-not-simple'],
    ['x-api-key', 'k', 'name-not-safelisted'],
    ['authorization', 'Bearer x', 'name-not-safelisted'],
    ['origin', PAGE_LIKE(), 'forbidden'],
    ['sec-fetch-mode', 'cors', 'forbidden'],
    ['proxy-authorization', 'x', 'forbidden'],
    ['cookie', 'a=1', 'forbidden'],
    ['user-agent', 'Mozilla', 'browser-added'],
    ['cache-control', 'no-cache', 'cache-added'],
    ['cache-control', 'max-age=0', 'name-not-safelisted'],
    ['if-none-match', '"etag"', 'cache-added'],
  ];
  for (const [name, value, kind] of table) it(`${name}: ${value.slice(0, 40)} → ${kind}`, () => assert.equal(classifyHeader(name, value), kind));
});

function PAGE_LIKE(): string {
  return 'http://localhost:5173';
}

describe('unsafeRequestHeaderNames (what Access-Control-Request-Headers carries)', () => {
  it('lowercases, sorts and de-duplicates', () => {
    assert.deepEqual(
      unsafeRequestHeaderNames(
        hl([
          ['X-B', '1'],
          ['x-a', '2'],
          ['X-A', '3'],
          ['Content-Type', 'application/json'],
        ]),
      ),
      ['content-type', 'x-a', 'x-b'],
    );
  });
  it('ignores browser-set headers', () => {
    assert.deepEqual(unsafeRequestHeaderNames(hl({ Origin: 'http://a.test', 'Sec-Fetch-Mode': 'cors', 'User-Agent': 'UA', Accept: '*/*' })), []);
  });
  it('makes every safelisted header unsafe beyond 1024 bytes in total', () => {
    const headers = hl([
      ['Accept', 'a'.repeat(128)],
      ['Accept-Language', 'b'.repeat(128)],
      ...Array.from({ length: 7 }, () => ['Content-Language', 'c'.repeat(128)] as const),
    ]);
    assert.deepEqual(unsafeRequestHeaderNames(headers), ['accept', 'accept-language', 'content-language']);
  });
  it('returns an empty list for no headers', () => assert.deepEqual(unsafeRequestHeaderNames([]), []));
});

describe('needsPreflight', () => {
  it('GET with safelisted headers: no', () => assert.equal(needsPreflight('GET', hl({ Accept: 'application/json' })), false));
  it('POST text/plain: no', () => assert.equal(needsPreflight('POST', hl({ 'Content-Type': 'text/plain' })), false));
  it('POST application/json: yes', () => assert.equal(needsPreflight('POST', hl({ 'Content-Type': 'application/json' })), true));
  it('PUT: yes', () => assert.equal(needsPreflight('PUT', []), true));
  it('lower-case get: no (normalised)', () => assert.equal(needsPreflight('get', []), false));
});

describe('small byte helpers', () => {
  it('unsafe bytes are exactly the Fetch list', () => {
    const unsafe = [...Array(128).keys()]
      .filter(isUnsafeByte)
      .map((c) => String.fromCharCode(c))
      .filter((c) => c >= ' ')
      .join('');
    assert.equal(unsafe, '"():<>?@[\\]{}\u007f');
    assert.equal(isUnsafeByte(0x09), false);
    assert.equal(isUnsafeByte(0x00), true);
  });
  it('isSimpleRange handles huge numbers without precision loss', () => {
    assert.equal(isSimpleRange('bytes=99999999999999999998-99999999999999999999'), true);
    assert.equal(isSimpleRange('bytes=99999999999999999999-99999999999999999998'), false);
  });
  it('byteLength counts UTF-8 beyond Latin-1', () => {
    assert.equal(byteLength('abc'), 3);
    assert.equal(byteLength('é'), 1);
    assert.equal(byteLength('€'), 3);
    assert.equal(byteLength('😀'), 4);
  });
  it('mimeEssence parses type/subtype and drops parameters', () => {
    assert.equal(mimeEssence(' Text/Plain ; charset=utf-8'), 'text/plain');
    assert.equal(mimeEssence('text/'), null);
    assert.equal(mimeEssence('te xt/plain'), null);
    assert.equal(mimeEssence('text/plain;'), 'text/plain');
  });
});
