// Issue 16's "no user-facing string bypasses the catalogues", as the user meets it: the whole
// panel rendered in Spanish against every recorded scenario (list, filters, toolbar and its
// menu, each record's detail with its what-if editor, the row menu, the empty and connection
// states), and every text and every title, label and placeholder read back. A string written
// into a component instead of the words or the engine's catalogue shows up here in English.
// Record data (URLs, header names and values, methods) is taken out first: it is the page's.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { App } from '../../../src/panel/components/App.tsx';
import { immediately } from '../../../src/panel/next-task.ts';
import { setPanelLanguage } from '../../../src/panel/words.ts';
import { englishWordIn } from '../../support/english.ts';
import { $, $$, cleanup, click, fire, fixture, mount, window } from './dom.ts';
import { fakeRuntime } from '../../support/fake-runtime.ts';

afterEach(() => {
  cleanup();
  setPanelLanguage('en');
});

/**
 * The strings of the records as the network and the page gave them (URLs, origins, methods,
 * headers, errors): the page's words, never the panel's. The verdict is left out: its codes
 * ("failed", "blocked") are what the panel must put into words.
 */
function recordStrings(records: CaptureRecord[]): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) if (k !== 'verdict' && k !== 'gaps') walk(x);
  };
  walk(records);
  // Longest first, so a value is removed whole before a part of it.
  return [...out].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

/** What the user reads: text, and the titles, labels and placeholders assistive tech and tooltips show. */
function shownTexts(root: Element): string[] {
  const out: string[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    // Code is code (a server snippet, a curl command): its comments are checked below.
    if (n.parentElement?.closest('pre, code')) continue;
    if (n.textContent?.trim()) out.push(n.textContent);
  }
  for (const el of root.querySelectorAll('*'))
    for (const attr of ['title', 'aria-label', 'placeholder', 'alt', 'aria-description']) if (el.getAttribute(attr)) out.push(el.getAttribute(attr)!);
  return out;
}

/** `text` with the record's own strings taken out. */
function withoutData(text: string, data: readonly string[]): string {
  let t = text;
  for (const d of data) if (t.includes(d)) t = t.split(d).join(' ');
  return t;
}

/** Adds to `left` each of `texts` with an English word once record data is out; how many were read. */
function englishIn(texts: readonly string[], data: string[], where: string, left: Set<string>): number {
  for (const raw of texts) {
    const word = englishWordIn(withoutData(raw, data));
    if (word !== undefined) left.add(`${where}: "${word}" in "${raw.slice(0, 120)}"`);
  }
  return texts.length;
}

const englishLeft = (root: Element, data: string[], where: string, left: Set<string>): number => englishIn(shownTexts(root), data, where, left);

/** The recorded scenarios, and a request that failed on the network (no status: the row says so). */
function scenarios(): CaptureRecord[] {
  const failed = structuredClone(fixture.records[0]!);
  delete failed.status;
  delete failed.responseHeaders;
  return [...fixture.records, { ...failed, id: 'failed-on-the-network', error: 'net::ERR_CONNECTION_REFUSED' }];
}

test('the panel in Spanish shows no English sentence anywhere a user can look', () => {
  const records = scenarios();
  const data = recordStrings(records);
  const left = new Set<string>();
  let read = 0;
  let patches = 0;
  const bg = fakeRuntime();
  const root = mount(<App tabId={7} version="9.9.9" runtime={bg.runtime} schedule={immediately} uiLanguage="es" />);
  read += englishLeft(root, data, 'before connecting', left);
  bg.deliver({ type: 'reset', tabId: 7, version: '9.9.9', state: { dropped: 3, preserve: false, paused: true, onlyWithDevtools: true, witness: true } });
  read += englishLeft(root, data, 'empty, paused, 3 dropped', left);
  bg.deliver({ type: 'upsert', records });
  read += englishLeft(root, data, 'list', left);
  const more = $(root, '[data-testid="toolbar-more"]');
  if (more) {
    click(more);
    read += englishLeft(root, data, 'toolbar menu', left);
    click(more);
  }
  const ids = $$(root, '[data-testid="request-row"]').map((r) => r.getAttribute('data-id')!);
  assert.ok(ids.length >= 10, `the fixture's records are listed (${ids.length})`);
  for (const id of ids) {
    const row = $(root, `[data-testid="request-row"][data-id="${id}"]`)!;
    click(row);
    read += englishLeft(root, data, `detail of ${id}`, left);
    // The what-if editor, opened, with the suggested fix applied: its patch's headings are words too.
    const open = $(root, '[data-testid="whatif-open"]');
    if (open) {
      click(open);
      const apply = $(root, '[data-testid="whatif-apply-fix"]');
      if (apply) click(apply);
      read += englishLeft(root, data, `what-if of ${id}`, left);
      const headings = (($(root, '[data-testid="whatif-patch"]')?.textContent ?? '').match(/^# .*$/gm) ?? []).map((h) => h.slice(2));
      patches += englishIn(headings, data, `what-if patch of ${id}`, left);
      click(open);
    }
    fire(row, new window.MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
    read += englishLeft(root, data, `row menu of ${id}`, left);
    fire(window.document.body, new window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  }
  assert.ok(read > 500, `only ${read} texts read: the scan saw too little`);
  assert.ok(patches >= 3, `only ${patches} what-if patch headings read`);
  assert.deepEqual([...left], []);
});

test('the same scan finds English in the English panel (it can fail)', () => {
  const bg = fakeRuntime();
  const root = mount(<App tabId={7} version="9.9.9" runtime={bg.runtime} schedule={immediately} uiLanguage="en" />);
  bg.deliver({ type: 'reset', tabId: 7, version: '9.9.9', state: { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true } });
  bg.deliver({ type: 'upsert', records: fixture.records });
  click($(root, '[data-testid="request-row"]'));
  const left = new Set<string>();
  englishLeft(root, recordStrings(fixture.records), 'en', left);
  assert.ok(left.size > 10, `only ${left.size} English texts found`);
});

/** Every text of the panel in one language, going through the same views as above. */
function textsIn(language: 'en' | 'es', records: CaptureRecord[], data: string[]): Set<string> {
  const out = new Set<string>();
  const bg = fakeRuntime();
  const root = mount(<App tabId={7} version="9.9.9" runtime={bg.runtime} schedule={immediately} uiLanguage={language} />);
  // Product names (the server stacks) and each language's own name are the same in any language.
  const names = () =>
    new Set($$(root, '[data-testid="stack-select"] option, [data-testid="language"] option, [data-testid^="language-"]').flatMap((o) => shownTexts(o)));
  const take = () => {
    const own = names();
    for (const raw of shownTexts(root)) {
      if (own.has(raw)) continue;
      let t = withoutData(raw, data);
      // The sort arrows, and what is left of the record's URLs and hosts once its values are out.
      t = t.replace(/[▲▼]/g, ' ').replace(/\s+/g, ' ').trim();
      if (/^\/|^[a-z0-9.-]+:\d+$|^https?:\/\//.test(t)) continue;
      if (/[a-zA-Z]{3}/.test(t)) out.add(t);
    }
  };
  bg.deliver({ type: 'reset', tabId: 7, version: '9.9.9', state: { dropped: 3, preserve: false, paused: true, onlyWithDevtools: true, witness: true } });
  take();
  bg.deliver({ type: 'upsert', records });
  take();
  for (const row of $$(root, '[data-testid="request-row"]')) {
    click(row);
    const open = $(root, '[data-testid="whatif-open"]');
    if (open) click(open);
    take();
    if (open) click(open);
  }
  cleanup();
  return out;
}

// Words that are the same in both languages: names, codes and loanwords developers use as is.
const SAME_IN_BOTH =
  /^(CORS Lens|Chromium|Firefox|URL|Preflight|preflight|JSON|Markdown|curl|Vary|Origin|OPTIONS|GET|PUT|POST|DELETE|HEAD|status|no|[A-Z][A-Za-z]+ \([a-z-]+\)|[A-Za-z.]+\/[A-Za-z.]+|[a-z]+(-[a-z]+)+|[A-Z][a-zA-Z]+(-[A-Z][a-zA-Z]+)+|Access-Control-[A-Za-z-]+.*)$/;

test('nothing the English panel says is said the same way in the Spanish one (short labels too)', () => {
  const records = scenarios();
  const data = recordStrings(records);
  const en = textsIn('en', records, data);
  const es = textsIn('es', records, data);
  const same = [...es].filter((t) => en.has(t) && !SAME_IN_BOTH.test(t));
  assert.ok(en.size > 50 && es.size > 50, `${en.size} and ${es.size} texts`);
  assert.deepEqual(same, []);
});
