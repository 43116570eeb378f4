// The toolbar's overflow menu (issue 13): at any width every control is in the row or in the
// "⋯" menu, once; the menu is an ARIA menu button (aria-haspopup, aria-expanded, Escape
// closes and gives the focus back, arrows move); switches in it say their state and still
// reach the background. The width fitting itself is a pure function, tested by table.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PageToBackground, TabState } from '../../../src/shared/protocol.ts';
import type { ExportContext } from '../../../src/panel/export.ts';
import { Toolbar } from '../../../src/panel/components/Toolbar.tsx';
import { fitLevel, MAX_LEVEL } from '../../../src/panel/toolbar-fit.ts';
import { $, $$, cleanup, click, document, fire, key, mount, settle, window } from './dom.ts';
import { TOOLBAR_CONTROLS } from '../../support/toolbar-controls.ts';

afterEach(cleanup);

const STATE: TabState = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true };
const CTX: ExportContext = { records: { get: () => undefined }, browser: 'chromium', extensionVersion: '9.9.9', redact: true };

function toolbar(overflow: number, blocked = 0, state = STATE) {
  const sent: PageToBackground[] = [];
  const secrets: boolean[] = [];
  const root = mount(
    <Toolbar
      version="9.9.9"
      tabId={7}
      connected
      state={state}
      send={(m) => sent.push(m)}
      blocked={blocked}
      loadBlocked={async () => []}
      exportCtx={CTX}
      onIncludeSecrets={(v) => secrets.push(v)}
      overflow={overflow}
    />,
  );
  return { root, sent, secrets };
}

const more = (root: HTMLElement) => $(root, '[data-testid="toolbar-more"]') as HTMLButtonElement;
const menu = (root: HTMLElement) => $(root, '[data-testid="toolbar-menu"]') as HTMLElement;

test('fitting: one more step while the row is too wide, one fewer once the row plus what the last step freed fits again', () => {
  const cases: Array<[level: number, available: number, needed: number, freed: number | undefined, next: number]> = [
    [0, 480, 900, undefined, 1],
    [0, 1400, 1300, undefined, 0],
    [2, 480, 470, 100, 2],
    [2, 480, 500, 100, 3],
    [2, 800, 500, 200, 1],
    [1, 950, 800, 150, 0],
    [1, 949, 800, 150, 1],
    [3, 480, 300, undefined, 3],
    [MAX_LEVEL, 100, 400, 50, MAX_LEVEL],
  ];
  for (const [level, available, needed, freed, next] of cases)
    assert.equal(fitLevel(level, available, needed, freed), next, JSON.stringify([level, available, needed, freed]));
});

test('at every overflow level each control is there once, in the row or in the menu, and the brand is still in the toolbar', () => {
  for (let level = 0; level <= MAX_LEVEL; level++) {
    const { root } = toolbar(level);
    for (const id of TOOLBAR_CONTROLS) assert.equal($$(root, `[data-testid="${id}"]`).length, 1, `${id} at level ${level}`);
    assert.match(root.textContent ?? '', /CORS Lens 9\.9\.9/, `level ${level}`);
    assert.equal(more(root) === null, level === 0, `the ⋯ button only when something overflowed (level ${level})`);
    const inMenu = $$(root, '[data-testid="toolbar-menu"] [data-testid]').map((e) => e.getAttribute('data-testid'));
    if (level === MAX_LEVEL)
      assert.deepEqual(
        inMenu.filter((id) => TOOLBAR_CONTROLS.includes(id!)),
        [
          'preserve',
          'pause',
          'only-with-devtools',
          'witness',
          'export-blocked-copy-md',
          'export-blocked-save-md',
          'export-blocked-save-json',
          'export-blocked-copy-curl',
          'include-secrets',
        ],
      );
  }
});

test('the ⋯ button is a menu button: opens on click with the focus on the first item; arrows move; Escape closes and gives the focus back', () => {
  const { root } = toolbar(MAX_LEVEL);
  const button = more(root);
  assert.equal(button.getAttribute('aria-haspopup'), 'menu');
  assert.equal(button.getAttribute('aria-expanded'), 'false');
  assert.equal(button.getAttribute('aria-controls'), menu(root).id);
  assert.equal(menu(root).getAttribute('role'), 'menu');
  assert.equal(menu(root).hidden, true, 'closed: hidden');
  click(button);
  assert.equal(button.getAttribute('aria-expanded'), 'true');
  assert.equal(menu(root).hidden, false);
  const items = $$(menu(root), '[role^="menuitem"]') as HTMLElement[];
  assert.equal(document.activeElement, items[0], 'the first item has the focus');
  key(document.activeElement, 'ArrowDown');
  assert.equal(document.activeElement, items[1]);
  key(document.activeElement, 'ArrowUp');
  key(document.activeElement, 'ArrowUp');
  assert.equal(document.activeElement, items.at(-1), 'Up from the first wraps to the last');
  key(document.activeElement, 'Home');
  assert.equal(document.activeElement, items[0]);
  key(document.activeElement, 'Escape');
  assert.equal(menu(root).hidden, true);
  assert.equal(button.getAttribute('aria-expanded'), 'false');
  assert.equal(document.activeElement, button, 'the focus is back on the button');
  // From the keyboard: Up on the button opens on the last item.
  key(button, 'ArrowUp');
  assert.equal(menu(root).hidden, false);
  assert.equal(document.activeElement, ($$(menu(root), '[role^="menuitem"]') as HTMLElement[]).at(-1));
  // A press elsewhere closes it.
  fire(document.body, new window.MouseEvent('mousedown', { bubbles: true }));
  assert.equal(menu(root).hidden, true);
});

test('switches in the menu say their state (menuitemcheckbox) and reach the background; the menu stays open to show it', () => {
  const { root, sent, secrets } = toolbar(MAX_LEVEL, 0, { ...STATE, paused: true });
  click(more(root));
  const pause = $(menu(root), '[data-testid="pause"]')!;
  assert.equal(pause.getAttribute('role'), 'menuitemcheckbox');
  assert.equal(pause.getAttribute('aria-checked'), 'true');
  assert.equal($(menu(root), '[data-testid="preserve"]')?.getAttribute('aria-checked'), 'false');
  assert.equal($(menu(root), '[data-testid="witness"]')?.getAttribute('aria-checked'), 'true', 'the witness is on');
  click(pause);
  click($(menu(root), '[data-testid="preserve"]'));
  click($(menu(root), '[data-testid="only-with-devtools"]'));
  click($(menu(root), '[data-testid="witness"]'));
  click($(menu(root), '[data-testid="include-secrets"]'));
  assert.deepEqual(sent, [
    { type: 'set-paused', paused: false },
    { type: 'set-preserve', preserve: true },
    { type: 'set-only-with-devtools', value: true },
    { type: 'set-witness', value: false },
  ]);
  assert.deepEqual(secrets, [true]);
  assert.equal(menu(root).hidden, false);
});

test('exports in the menu: disabled with nothing blocked; a chosen one closes the menu and says what it did in the row', async () => {
  const none = toolbar(MAX_LEVEL, 0);
  assert.equal($(menu(none.root), '[data-testid="export-blocked-save-json"]')?.getAttribute('aria-disabled'), 'true');
  cleanup();
  const copied: string[] = [];
  (document as Document & { execCommand: (c: string) => boolean }).execCommand = () => {
    copied.push((document.activeElement as HTMLTextAreaElement | null)?.value ?? '');
    return true;
  };
  const { root } = toolbar(MAX_LEVEL, 2);
  click(more(root));
  const item = $(menu(root), '[data-testid="export-blocked-copy-curl"]')!;
  assert.equal(item.getAttribute('role'), 'menuitem');
  assert.equal(item.getAttribute('aria-disabled'), 'false');
  click(item);
  assert.equal(menu(root).hidden, true, 'a chosen item closes the menu');
  assert.equal(document.activeElement, more(root));
  await settle(5);
  assert.equal(copied.length, 1);
  assert.equal($(root, '[data-testid="export-blocked-done"]')?.textContent, 'Copied');
});
