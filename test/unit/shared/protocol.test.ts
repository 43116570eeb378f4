import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  devtoolsPortName,
  isBackgroundToPanel,
  isPageToBackground,
  MAX_ID_LENGTH,
  MAX_RECORD_IDS,
  panelPortName,
  parsePortName,
} from '../../../src/shared/protocol.ts';

test('a panel port name carries the inspected tab id both ways', () => {
  assert.deepEqual(parsePortName(panelPortName(42)), { kind: 'panel', tabId: 42 });
  assert.deepEqual(parsePortName('cors-lens-panel:0'), { kind: 'panel', tabId: 0 });
  assert.deepEqual(parsePortName(devtoolsPortName(9)), { kind: 'devtools', tabId: 9 });
  assert.notEqual(parsePortName(devtoolsPortName(9))?.kind, 'panel', 'a devtools port is not a panel port');
});

test('other port names are not ours', () => {
  for (const name of ['', 'cors-lens-panel:', 'cors-lens-panel:-1', 'cors-lens-panel:1x', 'other:1', 'cors-lens-devtools:a']) {
    assert.equal(parsePortName(name), null, name);
  }
});

test('a tab id must be a safe non-negative integer: huge digit strings are refused, not read as Infinity', () => {
  assert.equal(parsePortName(`cors-lens-panel:${'9'.repeat(400)}`), null);
  assert.equal(parsePortName(`cors-lens-devtools:${'1'.repeat(400)}`), null);
  assert.equal(parsePortName(`cors-lens-panel:${Number.MAX_SAFE_INTEGER + 1}`), null, '2^53 is past the safe range');
  assert.deepEqual(parsePortName(`cors-lens-panel:${Number.MAX_SAFE_INTEGER}`), { kind: 'panel', tabId: Number.MAX_SAFE_INTEGER });
  assert.deepEqual(parsePortName('cors-lens-panel:007'), { kind: 'panel', tabId: 7 });
});

test('the panel-side guard accepts each message kind and rejects look-alikes', () => {
  const state = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false };
  assert.equal(isBackgroundToPanel({ type: 'reset', tabId: 1, version: '1.0.0', state }), true);
  assert.equal(isBackgroundToPanel({ type: 'upsert', records: [] }), true);
  assert.equal(isBackgroundToPanel({ type: 'remove', ids: ['1'] }), true);
  assert.equal(isBackgroundToPanel({ type: 'state', state }), true);
  assert.equal(isBackgroundToPanel({ type: 'reset', tabId: '1', version: '1', state }), false);
  assert.equal(isBackgroundToPanel({ type: 'upsert', records: 'x' }), false);
  assert.equal(isBackgroundToPanel({ type: 'rows', rows: [] }), true);
  assert.equal(isBackgroundToPanel({ type: 'rows', rows: {} }), false);
  assert.equal(isBackgroundToPanel({ type: 'rows' }), false);
  assert.equal(isBackgroundToPanel({ type: 'hello' }), false);
  assert.equal(isBackgroundToPanel(null), false);
});

test('the background-side guard accepts only well-formed commands', () => {
  assert.equal(isPageToBackground({ type: 'clear' }), true);
  assert.equal(isPageToBackground({ type: 'set-preserve', preserve: true }), true);
  assert.equal(isPageToBackground({ type: 'set-paused', paused: 'yes' }), false);
  assert.equal(isPageToBackground({ type: 'source', url: 'u', method: 'GET', startedAt: 1, source: { kind: 'script' } }), true);
  assert.equal(isPageToBackground({ type: 'source', url: 'u', method: 'GET', startedAt: 1, source: {} }), false);
  assert.equal(isPageToBackground({ type: 'drop-database' }), false);
});

test('a records request is bounded: an array of at most MAX_RECORD_IDS short non-empty id strings', () => {
  assert.equal(isPageToBackground({ type: 'records', ids: [] }), true);
  assert.equal(isPageToBackground({ type: 'records', ids: ['12', '13'] }), true);
  assert.equal(isPageToBackground({ type: 'records', ids: Array.from({ length: MAX_RECORD_IDS }, (_, i) => String(i)) }), true);
  assert.equal(isPageToBackground({ type: 'records', ids: Array.from({ length: MAX_RECORD_IDS + 1 }, (_, i) => String(i)) }), false);
  assert.equal(isPageToBackground({ type: 'records', ids: ['x'.repeat(MAX_ID_LENGTH)] }), true);
  assert.equal(isPageToBackground({ type: 'records', ids: ['x'.repeat(MAX_ID_LENGTH + 1)] }), false);
  assert.equal(isPageToBackground({ type: 'records', ids: [''] }), false);
  assert.equal(isPageToBackground({ type: 'records', ids: [12] }), false);
  assert.equal(isPageToBackground({ type: 'records', ids: '12' }), false);
  assert.equal(isPageToBackground({ type: 'records' }), false);
});
