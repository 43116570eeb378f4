// The user's server stack in the panel: picked in the fix, remembered in storage.local, read
// back as untrusted data, followed when another panel changes it, folded list of the other
// stacks, and the Markdown export leading with the picked stack only once one was picked.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { STACKS, stackSnippets, suggestFix, type StackId } from '../../../src/core/index.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { toExchange } from '../../../src/shared/to-exchange.ts';
import { FixSection } from '../../../src/panel/components/FixSection.tsx';
import { buildExport } from '../../../src/panel/export.ts';
import type { PrefsLike } from '../../../src/panel/remembered-choice.ts';
import { STACK_KEY, StackChoiceContext, useStackChoice, type StackChoice } from '../../../src/panel/stack-choice.ts';
import { $, $$, cleanup, fire, fixture, mount, recordOf, settle, text, window } from './dom.ts';
import { fakePrefs } from './fake-prefs.ts';

afterEach(cleanup);

let latest: StackChoice | null = null;
function WithChoice({ prefs, record }: { prefs: PrefsLike; record: CaptureRecord }) {
  const choice = useStackChoice(prefs);
  latest = choice;
  return (
    <StackChoiceContext.Provider value={choice}>
      <FixSection record={record} verdict={record.verdict!} />
    </StackChoiceContext.Provider>
  );
}

const r = recordOf('missing-acao');
const req = suggestFix(r.verdict!, toExchange(r)).requirements!;
const codeOf = (id: StackId) => stackSnippets(req, id)[0]!.code;
const pick = (root: HTMLElement, id: string) => {
  const select = $(root, '[data-testid="stack-select"]') as HTMLSelectElement;
  select.value = id;
  fire(select, new window.Event('change', { bubbles: true }));
};

test('picking a stack shows its snippet at once and remembers it in storage.local', async () => {
  const { prefs, writes } = fakePrefs();
  const root = mount(<WithChoice prefs={prefs} record={r} />);
  await settle();
  assert.equal(text(root, '[data-testid="snippet"]'), codeOf('express'));
  pick(root, 'django');
  await settle();
  assert.equal($(root, '[data-testid="snippet"]')?.getAttribute('data-stack'), 'django');
  assert.equal(text(root, '[data-testid="snippet"]'), codeOf('django'));
  assert.match(text(root, '[data-testid="snippet-where"]'), /CorsMiddleware first in MIDDLEWARE/);
  assert.equal($(root, '[data-testid="stack-hint"]'), null, 'no "pick yours" once picked');
  assert.deepEqual(writes, [{ [STACK_KEY]: 'django' }]);
});

test('a remembered stack is shown when the panel opens; a stored value that is no stack id is ignored', async () => {
  const stored = fakePrefs({ [STACK_KEY]: 'go-rs-cors' });
  let root = mount(<WithChoice prefs={stored.prefs} record={r} />);
  await settle();
  assert.equal(text(root, '[data-testid="snippet"]'), codeOf('go-rs-cors'));
  assert.equal(latest?.chosen, true);
  for (const bad of ['<img src=x onerror=alert(1)>', 42, null, { id: 'nginx' }, 'toString']) {
    root = mount(<WithChoice prefs={fakePrefs({ [STACK_KEY]: bad }).prefs} record={r} />);
    await settle();
    assert.equal($(root, '[data-testid="snippet"]')?.getAttribute('data-stack'), 'express', String(bad));
    assert.equal(latest?.chosen, false);
  }
});

test('another panel picking a stack changes this one; other keys do not', async () => {
  const { prefs, external, listeners } = fakePrefs();
  const root = mount(<WithChoice prefs={prefs} record={r} />);
  await settle();
  external('settings', { witness: false });
  external(STACK_KEY, 'not-a-stack');
  await settle();
  assert.equal($(root, '[data-testid="snippet"]')?.getAttribute('data-stack'), 'express');
  external(STACK_KEY, 'caddy');
  await settle();
  assert.equal(text(root, '[data-testid="snippet"]'), codeOf('caddy'));
  cleanup();
  assert.equal(listeners.size, 0, 'the listener goes with the panel');
});

test('a choice that cannot be saved still applies here and says so', async () => {
  const { prefs } = fakePrefs({}, true);
  const root = mount(<WithChoice prefs={prefs} record={r} />);
  await settle();
  pick(root, 'flask');
  await settle();
  assert.equal(text(root, '[data-testid="snippet"]'), codeOf('flask'));
  assert.match(text(root, '[data-testid="stack-error"]'), /Not remembered \(Error: QUOTA_BYTES quota exceeded\)/);
});

test('the other stacks are folded, made only when opened, each once, without the chosen one', async () => {
  const { prefs } = fakePrefs({ [STACK_KEY]: 'fastapi' });
  const root = mount(<WithChoice prefs={prefs} record={r} />);
  await settle();
  assert.equal($$(root, '[data-testid="other-stack"]').length, 0);
  const details = $(root, '[data-testid="other-stacks"]') as HTMLDetailsElement;
  assert.match(details.querySelector('summary')?.textContent ?? '', new RegExp(`\\(${STACKS.length - 1}\\)`));
  details.open = true;
  fire(details, new window.Event('toggle'));
  await settle();
  const others = $$(root, '[data-testid="other-stack"]').map((e) => e.getAttribute('data-stack'));
  assert.deepEqual(
    [...others].sort(),
    STACKS.map((s) => s.id)
      .filter((id) => id !== 'fastapi')
      .sort(),
  );
  const nginx = $(root, '[data-testid="other-stack"][data-stack="nginx"] pre');
  assert.equal(nginx?.textContent, codeOf('nginx'));
});

test('the Markdown export leads with the picked stack, and names no "your stack" when none was picked', () => {
  const records = new Map(fixture.records.map((x) => [x.id, x] as const));
  const base = { records, browser: 'Chromium 156', extensionVersion: '9.9.9', redact: true };
  const picked = buildExport([r], 'markdown', { ...base, stack: 'django' }).text;
  assert.match(picked, /\*\*Django \(django-cors-headers\)\*\* \(your stack\)/);
  const none = buildExport([r], 'markdown', base).text;
  assert.doesNotMatch(none, /your stack/);
});
