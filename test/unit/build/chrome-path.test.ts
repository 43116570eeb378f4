import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findChrome, NO_CHROME_MESSAGE } from '../../../scripts/chrome-path.ts';

test('CHROME_PATH wins when it exists', () => {
  assert.equal(
    findChrome({ CHROME_PATH: '/opt/c/chrome' }, (p) => p === '/opt/c/chrome' || p === '/usr/bin/chromium'),
    '/opt/c/chrome',
  );
});

test('a CHROME_PATH that does not exist is a clear error, not a silent fallback', () => {
  assert.throws(() => findChrome({ CHROME_PATH: '/nope' }, (p) => p !== '/nope'), /CHROME_PATH points to \/nope/);
});

test('Debian chromium comes before the Chrome locations', () => {
  assert.equal(
    findChrome({}, (p) => p === '/usr/bin/chromium' || p === '/usr/bin/google-chrome'),
    '/usr/bin/chromium',
  );
  assert.equal(
    findChrome({}, (p) => p === '/usr/bin/google-chrome'),
    '/usr/bin/google-chrome',
  );
});

test('no browser: one line that says how to install one', () => {
  assert.throws(
    () => findChrome({}, () => false),
    (e: Error) => e.message === NO_CHROME_MESSAGE,
  );
  assert.match(NO_CHROME_MESSAGE, /apt-get install chromium/);
  assert.doesNotMatch(NO_CHROME_MESSAGE, /\n/);
});
