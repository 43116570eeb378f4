// The panel in the developer's language (issue 16): its own words and the engine's sentences in
// Spanish or English, the browser's UI language by default, a switch in the toolbar (or in its
// "⋯" menu when narrow) remembered in storage.local and read back as untrusted data, the
// Markdown export in the panel's language, and no English left in the Spanish words.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { act } from 'preact/test-utils';
import { catalogueFor } from '../../../src/core/report/index.ts';
import { renderSummary } from '../../../src/core/index.ts';
import type { TabState } from '../../../src/shared/protocol.ts';
import { DetailView } from '../../../src/panel/components/DetailView.tsx';
import { Toolbar } from '../../../src/panel/components/Toolbar.tsx';
import { buildExport, type ExportContext } from '../../../src/panel/export.ts';
import { LANGUAGE_KEY, useLanguageChoice, type LanguageChoice } from '../../../src/panel/language-choice.ts';
import type { PrefsLike } from '../../../src/panel/remembered-choice.ts';
import { PANEL_WORDS, setPanelLanguage, words } from '../../../src/panel/words.ts';
import { $, cleanup, click, fire, mount, recordOf, settle, text, window } from './dom.ts';
import { fakePrefs } from './fake-prefs.ts';
import { englishWordIn } from '../../support/english.ts';

afterEach(() => {
  cleanup();
  setPanelLanguage('en');
});

const STATE: TabState = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true };
const CTX: ExportContext = { records: { get: () => undefined }, browser: 'chromium', extensionVersion: '9.9.9', redact: true };

let latest: LanguageChoice | null = null;
function Probe({ prefs, ui }: { prefs: PrefsLike; ui: string }) {
  latest = useLanguageChoice(prefs, ui);
  return <span data-testid="lang">{latest.language}</span>;
}

test("the browser's UI language by default; a remembered pick wins; a stored value that is no language is ignored", async () => {
  let root = mount(<Probe prefs={fakePrefs().prefs} ui="es-419" />);
  await settle();
  assert.equal(text(root, '[data-testid="lang"]'), 'es');
  cleanup();
  root = mount(<Probe prefs={fakePrefs().prefs} ui="fr-FR" />);
  await settle();
  assert.equal(text(root, '[data-testid="lang"]'), 'en', 'a language without a catalogue: English');
  cleanup();
  root = mount(<Probe prefs={fakePrefs({ [LANGUAGE_KEY]: 'en' }).prefs} ui="es" />);
  await settle();
  assert.equal(text(root, '[data-testid="lang"]'), 'en', 'the pick wins over the browser');
  for (const bad of ['fr', '<b>es</b>', 3, null]) {
    cleanup();
    root = mount(<Probe prefs={fakePrefs({ [LANGUAGE_KEY]: bad }).prefs} ui="es" />);
    await settle();
    assert.equal(text(root, '[data-testid="lang"]'), 'es', `stored ${JSON.stringify(bad)} ignored`);
  }
  const { prefs, writes } = fakePrefs();
  cleanup();
  root = mount(<Probe prefs={prefs} ui="en-US" />);
  await settle();
  await act(() => latest!.choose('es'));
  assert.equal(text(root, '[data-testid="lang"]'), 'es');
  assert.deepEqual(writes, [{ [LANGUAGE_KEY]: 'es' }], 'remembered');
});

test("in Spanish the detail's summary, the fix's 'where' line and the panel's own words are Spanish", () => {
  const r = recordOf('missing-acao');
  const english = renderSummary(r.verdict!, catalogueFor('en'));
  setPanelLanguage('es');
  const root = mount(<DetailView record={r} narrow={false} onClose={() => undefined} />);
  const summary = text(root, '[data-testid="detail-summary"]');
  assert.equal(summary, renderSummary(r.verdict!, catalogueFor('es')));
  assert.notEqual(summary, english);
  const where = text(root, '[data-testid="snippet-where"]');
  assert.ok(Object.values(catalogueFor('es').stackWhere).includes(where), `Spanish where line: ${where}`);
  assert.ok(root.textContent?.includes(PANEL_WORDS.es.fix), 'a panel heading in Spanish');
  assert.ok(!root.textContent?.includes(PANEL_WORDS.en.fixResponse), 'no English heading left');
});

test('the toolbar switch shows the language in use and asks for another; narrow, it is in the ⋯ menu', async () => {
  setPanelLanguage('es');
  const asked: string[] = [];
  /** The toolbar in Spanish with `overflow` controls moved to the ⋯ menu. */
  const toolbar = (overflow: number) => (
    <Toolbar
      version="9"
      tabId={7}
      connected
      state={STATE}
      send={() => undefined}
      blocked={0}
      loadBlocked={async () => []}
      exportCtx={CTX}
      onIncludeSecrets={() => undefined}
      overflow={overflow}
      language="es"
      onLanguage={(l) => asked.push(l)}
    />
  );
  let root = mount(toolbar(0));
  assert.equal(text(root, '[data-testid="clear"]'), 'Borrar');
  const select = $(root, '[data-testid="language"]') as HTMLSelectElement;
  assert.equal(select.value, 'es');
  select.value = 'en';
  fire(select, new window.Event('change', { bubbles: true }));
  assert.deepEqual(asked, ['en']);
  cleanup();
  root = mount(toolbar(7));
  assert.equal($(root, '[data-testid="language"]'), null, 'narrow: not in the row');
  assert.equal($(root, '[data-testid="language-es"]')?.getAttribute('aria-checked'), 'true');
  click($(root, '[data-testid="language-en"]'));
  assert.deepEqual(asked, ['en', 'en']);
});

test("the Markdown export is in the panel's language; JSON is the same in both", () => {
  const r = recordOf('missing-acao');
  const enMd = buildExport([r], 'markdown', CTX).text;
  const enJson = buildExport([r], 'json', CTX).text;
  setPanelLanguage('es');
  const esMd = buildExport([r], 'markdown', CTX).text;
  assert.ok(esMd.includes(renderSummary(r.verdict!, catalogueFor('es'))), 'the Spanish summary');
  assert.ok(!esMd.includes(renderSummary(r.verdict!, catalogueFor('en'))));
  assert.notEqual(esMd, enMd);
  // Only the capture time may differ between two exports.
  const strip = (s: string) => s.replace(/"capturedAt": ?[^,]+,/g, '').replace(/"generatedAt": ?[^,]+,/g, '');
  assert.equal(strip(buildExport([r], 'json', CTX).text), strip(enJson));
});

/** Every text of a words object, functions called with sample arguments. */
function texts(value: unknown, path: string, out: Array<[string, string]>): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (typeof value === 'function') {
    for (const arg of [1, 2, 'restore', 'settings', 'storage', 'asc']) {
      const f = value as (a: unknown, b?: unknown) => unknown;
      const t = f(arg, 'desc');
      if (typeof t === 'string') out.push([`${path}(${String(arg)})`, t]);
    }
  } else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) texts(v, `${path}.${k}`, out);
}

test('the Spanish panel words have no English sentence left, and the same keys as English', () => {
  const left: string[] = [];
  const all: Array<[string, string]> = [];
  texts(PANEL_WORDS.es, 'es', all);
  for (const [path, t] of all) {
    const word = englishWordIn(t);
    if (word) left.push(`${path}: "${t}" has "${word}"`);
  }
  assert.deepEqual(left, []);
  const keys = (o: object): string[] =>
    Object.entries(o)
      .flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v).map((x) => `${k}.${x}`) : [k]))
      .sort();
  assert.deepEqual(keys(PANEL_WORDS.es), keys(PANEL_WORDS.en));
  // The English words pass the same check only because they are English: the check can fail.
  const en: Array<[string, string]> = [];
  texts(PANEL_WORDS.en, 'en', en);
  assert.ok(en.some(([, t]) => englishWordIn(t) !== undefined));
  assert.equal(words, PANEL_WORDS.en, 'English until switched');
});
