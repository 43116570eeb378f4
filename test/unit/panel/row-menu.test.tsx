// The row context menu (issue 13): right click or the menu key on a row offers copy as curl,
// copy as fetch and copy report; the copied text is the export of that row's whole record;
// Escape and a click elsewhere close it.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../../src/panel/components/App.tsx';
import { immediately } from '../../../src/panel/next-task.ts';
import { $, $$, cleanup, click, document, fire, fixture, key, mount, recordOf, settle, text, window } from './dom.ts';
import { fakeRuntime } from '../../support/fake-runtime.ts';

afterEach(cleanup);

const STATE = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true };

function panel() {
  const { runtime, deliver } = fakeRuntime();
  const root = mount(<App tabId={7} version="9.9.9" runtime={runtime} schedule={immediately} />);
  deliver({ type: 'reset', tabId: 7, version: '9.9.9', state: STATE });
  deliver({ type: 'upsert', records: fixture.records });
  return root;
}

/** Copies land here (no clipboard API in jsdom: the execCommand path). */
function clipboard(): string[] {
  const copied: string[] = [];
  (document as Document & { execCommand: (c: string) => boolean }).execCommand = () => {
    copied.push((document.activeElement as HTMLTextAreaElement | null)?.value ?? '');
    return true;
  };
  return copied;
}

test('right click on a row: its menu; copy as fetch copies that request as a fetch() call', async () => {
  const copied = clipboard();
  const root = panel();
  const r = recordOf('preflight-header-not-allowed');
  fire(
    $(root, `[data-testid="request-row"][data-id="${r.id}"]`)!,
    new window.MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 30, clientY: 40 }),
  );
  const menu = $(root, '[data-testid="row-menu"]') as HTMLElement;
  assert.equal(menu.getAttribute('data-id'), r.id);
  assert.deepEqual(
    $$(menu, 'button').map((b) => b.textContent),
    ['Copy as curl', 'Copy as fetch', 'Copy report (Markdown)'],
  );
  assert.equal($(root, '.row.selected')?.getAttribute('data-id'), r.id, 'the row is selected too');
  click($(menu, '[data-testid="row-menu-fetch"]'));
  await settle(5);
  assert.equal($(root, '[data-testid="row-menu"]'), null, 'a choice closes it');
  assert.equal(copied.length, 1);
  assert.match(copied[0]!, new RegExp(`^await fetch\\(${JSON.stringify(r.url).replace(/[.?*+$()[\]]/g, '\\$&')}, \\{\\n  method: "PUT",`, 'm'));
  assert.match(copied[0]!, /"X-Request-Id": /i);
  assert.equal(text(root, '[data-testid="row-menu-result"]'), 'Copied');
});

test('copy as curl and copy report copy the exports of that row', async () => {
  const copied = clipboard();
  const root = panel();
  const r = recordOf('missing-acao');
  for (const item of ['curl', 'markdown']) {
    fire($(root, `[data-testid="request-row"][data-id="${r.id}"]`)!, new window.MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
    click($(root, `[data-testid="row-menu-${item}"]`));
    await settle(5);
  }
  assert.match(copied[0]!, /curl -g -i /);
  assert.match(copied[0]!, new RegExp(new URL(r.url).pathname));
  assert.match(copied[1]!, /MissingAllowOriginHeader|missing-allow-origin/);
});

test('Escape and a click elsewhere close it; the keyboard opens it on the selected row', () => {
  clipboard();
  const root = panel();
  const first = fixture.records[0]!.id;
  fire($(root, `[data-testid="request-row"][data-id="${first}"]`)!, new window.MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
  key(document.body, 'Escape');
  assert.equal($(root, '[data-testid="row-menu"]'), null);
  fire($(root, `[data-testid="request-row"][data-id="${first}"]`)!, new window.MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
  fire(document.body, new window.MouseEvent('mousedown', { bubbles: true }));
  assert.equal($(root, '[data-testid="row-menu"]'), null);
  const list = $(root, '[data-testid="request-list"]')!;
  key(list, 'Home');
  key(list, 'ArrowDown');
  key(list, 'ContextMenu');
  assert.equal($(root, '[data-testid="row-menu"]')?.getAttribute('data-id'), fixture.records[1]!.id);
});
