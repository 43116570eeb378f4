// The what-if editor on recorded exchanges (issue 13): edit the server's answers and the verdict,
// the failing check and the patch follow as you type; the credentials assumption when nothing
// observed says; the suggested fix applied; reset; header values stay text.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { WhatIfSection } from '../../../src/panel/components/WhatIfSection.tsx';
import { $, $$, cleanup, click, fire, mount, recordOf, text, window } from './dom.ts';

afterEach(cleanup);

function open(r: CaptureRecord): HTMLElement {
  const root = mount(<WhatIfSection record={r} />);
  assert.equal($(root, '[data-testid="whatif-result"]'), null, 'folded until asked');
  click($(root, '[data-testid="whatif-open"]'));
  return root;
}

const type = (el: Element | null | undefined, value: string) => {
  if (!el) throw new Error('no input');
  (el as HTMLInputElement).value = value;
  fire(el, new window.Event('input', { bubbles: true }));
};
const choose = (root: HTMLElement, value: string) => {
  const select = $(root, '[data-testid="whatif-credentials"]') as HTMLSelectElement;
  select.value = value;
  fire(select, new window.Event('change', { bubbles: true }));
};
const outcome = (root: HTMLElement) => $(root, '[data-testid="whatif-result"]')?.getAttribute('data-outcome');
const reason = (root: HTMLElement) => $(root, '[data-testid="whatif-result"]')?.getAttribute('data-reason');

/** Adds a header row to the response editor and types it. */
function addHeader(root: HTMLElement, editor: string, name: string, value: string) {
  click($(root, `[data-testid="${editor}-add"]`));
  const rows = $$(root, `[data-testid="${editor}-header"]`);
  const row = rows[rows.length - 1]!;
  type($(row, `[data-testid="${editor}-name"]`), name);
  type($(row, `[data-testid="${editor}-value"]`), value);
}
const rowOf = (root: HTMLElement, editor: string, name: string) =>
  $$(root, `[data-testid="${editor}-header"]`).find(
    (row) => ($(row, `[data-testid="${editor}-name"]`) as HTMLInputElement).value.toLowerCase() === name.toLowerCase(),
  );

test('ACAO with a trailing slash, then the exact origin: blocked becomes allowed as you type', () => {
  const r = recordOf('missing-acao');
  const origin = r.initiator!;
  const root = open(r);
  assert.match(text(root, '[data-testid="whatif-note"]'), /Nothing is sent/);
  assert.equal(outcome(root), 'blocked');
  assert.equal(reason(root), 'missing-allow-origin');
  // Nothing observed says whether credentials went: the answer is assumed explicitly.
  choose(root, 'omit');
  addHeader(root, 'whatif-response', 'Access-Control-Allow-Origin', `${origin}/`);
  assert.equal(outcome(root), 'blocked', 'a trailing slash is not the origin');
  assert.match(text(root, '[data-testid="whatif-failing"]'), new RegExp(`${origin.replaceAll('.', '\\.')}/`));
  type($(rowOf(root, 'whatif-response', 'Access-Control-Allow-Origin')!, '[data-testid="whatif-response-value"]'), origin);
  assert.equal(outcome(root), 'allowed');
  assert.equal($(root, '[data-testid="whatif-failing"]'), null);
  assert.equal(text(root, '[data-testid="whatif-patch"]'), `# Response (GET ${r.url})\n+ Access-Control-Allow-Origin: ${origin}`);
  // Credentials unknown again: never a flat "allowed" on an assumption nobody made.
  choose(root, 'unknown');
  assert.notEqual(outcome(root), 'allowed');
});

test('a credentialed request: the fix applied allows it; removing Access-Control-Allow-Credentials blocks it with the right reason', () => {
  const root = open(recordOf('credentials-wildcard'));
  choose(root, 'include');
  assert.equal(outcome(root), 'blocked');
  assert.equal(reason(root), 'wildcard-origin-with-credentials');
  click($(root, '[data-testid="whatif-apply-fix"]'));
  assert.equal(outcome(root), 'allowed', text(root, '[data-testid="whatif-summary"]'));
  const acac = rowOf(root, 'whatif-response', 'Access-Control-Allow-Credentials')!;
  click($(acac, '[data-testid="whatif-response-remove"]'));
  assert.equal(outcome(root), 'blocked');
  assert.equal(reason(root), 'invalid-allow-credentials');
  assert.match(text(root, '[data-testid="whatif-patch"]'), /^- Access-Control-Allow-Credentials: true$/m);
  click($(root, '[data-testid="whatif-reset"]'));
  assert.equal(reason(root), 'wildcard-origin-with-credentials', 'reset: what the server sent');
  assert.equal($(root, '[data-testid="whatif-patch"]'), null, 'nothing changed: no patch');
});

test('a request never sent: the preflight is editable, the response is what the server would answer; the fix applied lets it through', () => {
  const r = recordOf('preflight-header-not-allowed');
  const root = open(r);
  assert.ok($(root, '[data-testid="whatif-preflight"]'));
  assert.match(text(root, '[data-testid="whatif-response"] legend'), /not sent/);
  assert.equal(($(root, '[data-testid="whatif-response-status"]') as HTMLInputElement).value, '200');
  assert.equal(reason(root), 'header-not-allowed');
  choose(root, 'omit');
  click($(root, '[data-testid="whatif-apply-fix"]'));
  assert.equal(outcome(root), 'allowed', text(root, '[data-testid="whatif-summary"]'));
  const patch = text(root, '[data-testid="whatif-patch"]');
  assert.match(patch, /^# Preflight response \(OPTIONS .*\n\+ Access-Control-Allow-Headers: x-request-id$/m);
  assert.match(patch, /^# Response \(PUT .*\)\n\+ status 200\n\+ Access-Control-Allow-Origin: http:\/\/localhost:\d+$/m);
  // A status that is no status leaves the server's.
  type($(root, '[data-testid="whatif-preflight-status"]'), '4x4');
  assert.equal(outcome(root), 'allowed');
  type($(root, '[data-testid="whatif-preflight-status"]'), '401');
  assert.equal(reason(root), 'preflight-invalid-status');
});

test('header values with markup stay text in the editor and the patch', () => {
  const root = open(recordOf('missing-acao'));
  const XSS = '<img src=x onerror=alert(1)>';
  addHeader(root, 'whatif-response', 'X-Note', XSS);
  assert.equal($$(root, 'img').length, 0);
  assert.match(text(root, '[data-testid="whatif-patch"]'), /\+ X-Note: <img src=x onerror=alert\(1\)>/);
});

test("the report with the change: the exchange's report, then the patch and the simulated verdict, said to be simulated", async () => {
  const { act } = await import('preact/test-utils');
  const { document } = await import('./dom.ts');
  const copied: string[] = [];
  (document as Document & { execCommand: (c: string) => boolean }).execCommand = () => {
    copied.push((document.activeElement as HTMLTextAreaElement | null)?.value ?? '');
    return true;
  };
  const r = recordOf('missing-acao');
  const ctx = { records: new Map(), browser: 'Chromium 156', extensionVersion: '9.9.9', redact: true };
  const root = mount(<WhatIfSection record={r} exportCtx={ctx} />);
  click($(root, '[data-testid="whatif-open"]'));
  assert.equal($(root, '[data-testid="whatif-copy-report"]'), null, 'nothing changed: nothing to add');
  choose(root, 'omit');
  addHeader(root, 'whatif-response', 'Access-Control-Allow-Origin', r.initiator!);
  await act(async () => {
    click($(root, '[data-testid="whatif-copy-report"]'));
    await new Promise((res) => setTimeout(res, 0));
  });
  assert.equal(copied.length, 1);
  const report = copied[0]!;
  assert.match(report, /Chromium 156/);
  assert.match(report, /## What would work \(simulated\)\n\n.*Nothing was sent: this is a simulation/);
  assert.ok(report.includes(`\`\`\`diff\n# Response (GET ${r.url})\n+ Access-Control-Allow-Origin: ${r.initiator}\n\`\`\``));
  assert.match(report, /Simulated verdict: Allowed/);
  assert.ok(report.indexOf('What would work') > report.indexOf('Chromium 156'), 'after the report of what happened');
});
