// The page witness's pure helpers: method normalisation, URL resolution, the call site taken
// from a stack in both browsers' formats, the beacon's mode and bounded error text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beaconMode, errorText, frameLocation, normaliseMethod, siteFromStack } from '../../../src/witness/page-core.ts';
import { httpUrl, isWitnessUrl, WITNESS_LIMITS } from '../../../src/shared/witness-protocol.ts';

const tools = {
  parse(url: string, base: string) {
    try {
      return { href: new URL(url, base).href };
    } catch {
      return null;
    }
  },
};

test('methods are normalised as Fetch does, and refused where fetch/XHR would throw', () => {
  assert.equal(normaliseMethod('get'), 'GET');
  assert.equal(normaliseMethod('Post'), 'POST');
  assert.equal(normaliseMethod('options'), 'OPTIONS');
  assert.equal(normaliseMethod('patch'), 'patch', 'PATCH is not among the normalised six');
  assert.equal(normaliseMethod('PROPFIND'), 'PROPFIND');
  for (const bad of ['', 'GE T', 'GET\n', 'connect', 'TRACE', 'track', 'x'.repeat(WITNESS_LIMITS.method + 1), 'é']) {
    assert.equal(normaliseMethod(bad), null, JSON.stringify(bad));
  }
});

test('URLs resolve against the document, lose their fragment, and only http(s) within bounds count', () => {
  const base = 'http://localhost:8080/app/page.html?x=1#top';
  assert.equal(httpUrl('/api?q=1#frag', base, tools), 'http://localhost:8080/api?q=1');
  assert.equal(httpUrl('data.json', base, tools), 'http://localhost:8080/app/data.json');
  assert.equal(httpUrl('//127.0.0.1:9/x', base, tools), 'http://127.0.0.1:9/x');
  assert.equal(httpUrl('HTTPS://A.TEST/%7e a', base, tools), 'https://a.test/%7e%20a');
  assert.equal(httpUrl('http://a.test/#', base, tools), 'http://a.test/');
  for (const other of ['data:text/plain,x', 'blob:http://localhost/uuid', 'javascript:void 0', 'http://[', 'ws://a.test/']) {
    assert.equal(httpUrl(other, base, tools), null, other);
  }
  const long = `http://a.test/?${'q'.repeat(WITNESS_LIMITS.url)}`;
  assert.equal(httpUrl(long, base, tools), null);
  for (const u of ['/api?q=1#frag', 'HTTPS://A.TEST/%7e a', 'http://user:pw@a.test:80/x']) {
    const out = httpUrl(u, base, tools);
    assert.ok(out !== null && isWitnessUrl(out), `${u} -> ${out} passes the protocol check`);
  }
});

test('the call site is the first frame that is not an extension script, in V8 and SpiderMonkey formats', () => {
  const v8 = [
    'Error',
    '    at Object.fetch (chrome-extension://abc/witness-page.js:358:25)',
    '    at loadWidgets (http://localhost:8080/app.js:2:11)',
    '    at http://localhost:8080/app.js:9:1',
  ].join('\n');
  assert.equal(siteFromStack(v8), 'loadWidgets (http://localhost:8080/app.js:2:11)');
  const gecko = [
    'fetch@moz-extension://1234-5678/witness-page.js:358:25',
    'loadWidgets@http://localhost:8080/app.js:2:11',
    '@http://localhost:8080/app.js:9:1',
    '',
  ].join('\n');
  assert.equal(siteFromStack(gecko), 'loadWidgets@http://localhost:8080/app.js:2:11');
  assert.equal(siteFromStack('Error\n    at fetch (chrome-extension://abc/witness-page.js:1:1)'), undefined, 'only our own frames');
  assert.equal(siteFromStack(undefined), undefined);
  assert.equal(siteFromStack(42), undefined);
  const long = siteFromStack(`Error\n    at f (http://a.test/${'x'.repeat(1000)}.js:1:1)`, 300);
  assert.equal(long?.length, 300);
  assert.ok(long?.endsWith('…'));
  assert.equal(siteFromStack('Error\n    at f\u0000g (http://a.test/a.js:1:1)'), 'f g (http://a.test/a.js:1:1)');
});

test("Firefox names a MAIN-world content script's frames <anonymous code>: the witness skips its own location", () => {
  assert.equal(frameLocation('    at install (chrome-extension://abc/witness-page.js:95:15)'), 'chrome-extension://abc/witness-page.js');
  assert.equal(frameLocation('    at chrome-extension://abc/witness-page.js:1:2'), 'chrome-extension://abc/witness-page.js');
  assert.equal(frameLocation('install@<anonymous code>:95:15'), '<anonymous code>');
  assert.equal(frameLocation('@http://localhost:8080/:3:9'), 'http://localhost:8080/');
  assert.equal(frameLocation('Error'), null);
  const gecko = ['fetch@<anonymous code>:358:25', 'loadWidgets@http://localhost:8080/app.js:2:11', ''].join('\n');
  assert.equal(siteFromStack(gecko, 300, ['<anonymous code>']), 'loadWidgets@http://localhost:8080/app.js:2:11');
  assert.equal(siteFromStack(gecko), 'fetch@<anonymous code>:358:25', 'without knowing its own location it cannot tell');
});

test('a beacon is cors only with a Blob of a non-safelisted type', () => {
  assert.equal(beaconMode(null), 'no-cors');
  assert.equal(beaconMode(''), 'no-cors');
  assert.equal(beaconMode('text/plain;charset=UTF-8'), 'no-cors');
  assert.equal(beaconMode('Application/X-WWW-Form-Urlencoded'), 'no-cors');
  assert.equal(beaconMode('multipart/form-data; boundary=x'), 'no-cors');
  assert.equal(beaconMode('application/json'), 'cors');
  assert.equal(beaconMode('text/html'), 'cors');
});

test('error text is bounded and typed', () => {
  assert.deepEqual(errorText('TypeError', 'Failed to fetch'), { name: 'TypeError', message: 'Failed to fetch' });
  assert.deepEqual(errorText(undefined, 42), { name: '', message: '' });
  const long = errorText('N'.repeat(100), 'm'.repeat(1000));
  assert.equal(long.name.length, WITNESS_LIMITS.errorName);
  assert.equal(long.message.length, 300);
  assert.equal(errorText('a\nb', '').name, 'a b');
});
