import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOwnExtensionPage } from '../../../src/background/sender.ts';

const base = 'chrome-extension://abc/';

test('only the extension’s own pages are trusted', () => {
  assert.equal(isOwnExtensionPage('chrome-extension://abc/panel.html?tabId=1', base), true);
  assert.equal(isOwnExtensionPage('chrome-extension://evil/panel.html', base), false);
  assert.equal(isOwnExtensionPage('https://abc/panel.html', base), false);
  assert.equal(isOwnExtensionPage(undefined, base), false);
});
