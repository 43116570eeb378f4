import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBackgroundToPanel, panelPortName, tabIdFromPortName } from '../../../src/shared/protocol.ts';

test('a panel port name carries the inspected tab id both ways', () => {
  assert.equal(tabIdFromPortName(panelPortName(42)), 42);
  assert.equal(tabIdFromPortName('cors-lens-panel:0'), 0);
});

test('other port names are not panel ports', () => {
  for (const name of ['', 'cors-lens-panel:', 'cors-lens-panel:-1', 'cors-lens-panel:1x', 'other:1']) {
    assert.equal(tabIdFromPortName(name), null, name);
  }
});

test('the guard accepts a hello and rejects look-alikes', () => {
  assert.equal(isBackgroundToPanel({ type: 'hello', version: '1.0.0', tabId: 3 }), true);
  assert.equal(isBackgroundToPanel({ type: 'hello', version: 1, tabId: 3 }), false);
  assert.equal(isBackgroundToPanel(null), false);
  assert.equal(isBackgroundToPanel('hello'), false);
});
