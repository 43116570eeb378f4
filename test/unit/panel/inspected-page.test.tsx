// The toolbar names the inspected page (issue 13): its title (or URL) as the browser has it,
// followed while the panel is open; a tab that does not exist says so; background problems
// (TabState.problems) are shown, as text.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { act } from 'preact/test-utils';
import type { BackgroundToPanel } from '../../../src/shared/protocol.ts';
import type { RuntimeLike } from '../../../src/shared/reconnecting-port.ts';
import { App } from '../../../src/panel/components/App.tsx';
import { immediately } from '../../../src/panel/next-task.ts';
import type { TabsLike } from '../../../src/panel/inspected-page.ts';
import { inspectedWindowTabs, type DevtoolsLike } from '../../../src/panel/inspected-window-tabs.ts';
import { $, cleanup, mount, text } from './dom.ts';

afterEach(cleanup);

const STATE = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true };
const flush = () =>
  act(async () => {
    await new Promise((r) => setImmediate(r));
  });

function runtime() {
  let listener: (m: unknown) => void = () => undefined;
  const rt: RuntimeLike = {
    connect: () => ({
      postMessage: () => undefined,
      disconnect: () => undefined,
      onMessage: { addListener: (cb) => (listener = cb) },
      onDisconnect: { addListener: () => undefined },
    }),
  };
  return { rt, deliver: (m: BackgroundToPanel) => act(() => listener(m)) };
}

function fakeTabs(pages: Record<number, { title?: string; url?: string }>) {
  const updated = new Set<(id: number, change: { title?: string; url?: string }) => void>();
  const removed = new Set<(id: number) => void>();
  const tabs: TabsLike = {
    get: (id) => (pages[id] ? Promise.resolve(pages[id]!) : Promise.reject(new Error(`No tab with id: ${id}.`))),
    onUpdated: { addListener: (cb) => void updated.add(cb), removeListener: (cb) => void updated.delete(cb) },
    onRemoved: { addListener: (cb) => void removed.add(cb), removeListener: (cb) => void removed.delete(cb) },
  };
  return {
    tabs,
    update: (id: number, change: { title?: string; url?: string }) => act(() => updated.forEach((cb) => cb(id, change))),
    remove: (id: number) => act(() => removed.forEach((cb) => cb(id))),
    listeners: () => updated.size + removed.size,
  };
}

test('the toolbar names the page by its title, the URL in its tooltip, and follows it', async () => {
  const { rt, deliver } = runtime();
  const t = fakeTabs({ 7: { title: 'Shop <b>cart</b>', url: 'https://shop.test/cart' } });
  const root = mount(<App tabId={7} version="1" runtime={rt} tabs={t.tabs} schedule={immediately} />);
  deliver({ type: 'reset', tabId: 7, version: '1', state: STATE });
  await flush();
  const label = $(root, '[data-testid="inspected-tab"]');
  assert.equal(label?.textContent, 'Shop <b>cart</b>', 'as text, never markup');
  assert.equal(label?.querySelector('b'), null);
  assert.equal(label?.getAttribute('title'), 'Inspected page: https://shop.test/cart');
  assert.equal(text(root, '[data-testid="connection"]'), 'connected');
  t.update(7, { title: '', url: 'https://shop.test/pay' });
  assert.equal(text(root, '[data-testid="inspected-tab"]'), 'https://shop.test/pay', 'no title: the URL');
  t.remove(7);
  assert.match(text(root, '[data-testid="inspected-tab"]'), /^Tab 7 does not exist/);
});

test('a tab that does not exist says so (the list would only ever be empty)', async () => {
  const { rt, deliver } = runtime();
  const t = fakeTabs({});
  const root = mount(<App tabId={999999} version="1" runtime={rt} tabs={t.tabs} schedule={immediately} />);
  deliver({ type: 'reset', tabId: 999999, version: '1', state: STATE });
  await flush();
  assert.equal(text(root, '[data-testid="inspected-tab"]'), 'Tab 999999 does not exist (closed?): nothing to show.');
});

test('background problems are shown, with their error text as a tooltip', async () => {
  const { rt, deliver } = runtime();
  const root = mount(<App tabId={7} version="1" runtime={rt} schedule={immediately} />);
  deliver({ type: 'reset', tabId: 7, version: '1', state: STATE });
  assert.equal($(root, '[data-testid="capture-problem"]'), null);
  deliver({ type: 'state', state: { ...STATE, problems: [{ kind: 'storage', message: 'Error: QUOTA_BYTES quota exceeded', at: 1 }] } });
  const p = $(root, '[data-testid="capture-problem"]');
  assert.match(p?.textContent ?? '', /Storage refuses writes/);
  assert.equal(p?.getAttribute('title'), 'Error: QUOTA_BYTES quota exceeded');
  assert.equal(p?.getAttribute('role'), 'alert');
});

test("in Firefox's DevTools (no tabs API) the page is named from the inspected window, and again after a navigation", async () => {
  const { rt, deliver } = runtime();
  let page: unknown = ['Shop', 'https://shop.test/cart'];
  const navigated = new Set<(url: string) => void>();
  const evals: string[] = [];
  const devtools: DevtoolsLike = {
    inspectedWindow: {
      tabId: 7,
      eval: (expression) => {
        evals.push(expression);
        return page instanceof Error ? Promise.reject(page) : Promise.resolve([page, undefined]);
      },
    },
    network: { onNavigated: { addListener: (cb) => void navigated.add(cb), removeListener: (cb) => void navigated.delete(cb) } },
  };
  const root = mount(<App tabId={7} version="1" runtime={rt} tabs={inspectedWindowTabs(devtools)} schedule={immediately} />);
  deliver({ type: 'reset', tabId: 7, version: '1', state: STATE });
  await flush();
  assert.equal(text(root, '[data-testid="inspected-tab"]'), 'Shop');
  assert.equal($(root, '[data-testid="inspected-tab"]')?.getAttribute('title'), 'Inspected page: https://shop.test/cart');
  page = ['Pay', 'https://shop.test/pay'];
  act(() => navigated.forEach((cb) => cb('https://shop.test/pay')));
  await flush();
  assert.equal(text(root, '[data-testid="inspected-tab"]'), 'Pay', 'read again after the navigation');
  // A page it may not read (eval fails) is named by its tab, never "does not exist".
  page = new Error('not allowed');
  act(() => navigated.forEach((cb) => cb('about:addons')));
  await flush();
  assert.equal(text(root, '[data-testid="inspected-tab"]'), 'about:addons');
  assert.ok(
    evals.every((e) => e === '[document.title, location.href]'),
    'reads only the title and the URL',
  );
  cleanup();
  assert.equal(navigated.size, 0, 'the listener goes with the panel');
});
