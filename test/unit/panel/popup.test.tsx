// The toolbar popup (issue 13, findability): the tab's counts, the last blocked request in one
// line, how to open the panel, and the panel in a tab of its own.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { en, renderSummary } from '../../../src/core/index.ts';
import { Popup } from '../../../src/panel/components/Popup.tsx';
import { rowKind } from '../../../src/panel/row-kind.ts';
import { $, cleanup, click, fixture, mount, text } from './dom.ts';
import { fakeRuntime } from '../../support/fake-runtime.ts';

afterEach(cleanup);

const STATE = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true };

test('counts, the last blocked request, how to open the panel; a button opens it in a tab', () => {
  const bg = fakeRuntime();
  const opened: number[] = [];
  const root = mount(<Popup tabId={5} runtime={bg.runtime} openWindow={(id) => opened.push(id)} />);
  assert.deepEqual(bg.names, ['cors-lens-panel:5']);
  bg.deliver({ type: 'reset', tabId: 5, version: '1', state: STATE });
  assert.match(text(root, '[data-testid="popup-empty"]'), /No cross-origin request/);
  bg.deliver({ type: 'upsert', records: fixture.records });
  const kinds = fixture.records.map(rowKind);
  assert.equal(text(root, '[data-testid="popup-blocked"]'), `${kinds.filter((k) => k === 'blocked').length} blocked`);
  assert.equal(text(root, '[data-testid="popup-warnings"]'), `${kinds.filter((k) => k === 'warning').length} with warnings`);
  assert.equal(text(root, '[data-testid="popup-all"]'), `${fixture.records.length} cross-origin in all`);
  const last = [...fixture.records].reverse().find((r) => rowKind(r) === 'blocked')!;
  assert.ok(text(root, '[data-testid="popup-last-blocked"]').includes(renderSummary(last.verdict!, en)));
  assert.ok(text(root, '[data-testid="popup-last-blocked"]').startsWith(`${last.method} ${last.url}`));
  assert.equal($(root, '[data-testid="popup-empty"]'), null);
  assert.match(text(root, '[data-testid="popup-how"]'), /CORS tab, in the » menu/);
  click($(root, '[data-testid="popup-open-window"]'));
  assert.deepEqual(opened, [5]);
});

test('no tab: says so and connects to nothing', () => {
  const bg = fakeRuntime();
  const root = mount(<Popup tabId={null} runtime={bg.runtime} />);
  assert.match(text(root, '[data-testid="popup"]'), /No tab/);
  assert.deepEqual(bg.names, []);
});
