import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectedTabId } from '../../../src/panel/inspected-tab.ts';

test('standalone panel reads ?tabId=N', () => {
  assert.equal(inspectedTabId('?tabId=12'), 12);
  assert.equal(inspectedTabId('?tabId=abc'), null);
  assert.equal(inspectedTabId('?tabId=-3'), null);
  assert.equal(inspectedTabId(''), null);
});
