// The detail view against recorded exchanges: summary, reason with the Chromium and Firefox
// names, timeline, checks with spec links, warnings, headers (HTML stays text), the fix with
// snippets and the copy button, "made by".
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { en, REASONS, renderCheck, renderSummary, renderWarning, STACKS, stackSnippets, suggestFix } from '../../../src/core/index.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { toExchange } from '../../../src/shared/to-exchange.ts';
import { copyText } from '../../../src/panel/clipboard.ts';
import { DetailView } from '../../../src/panel/components/DetailView.tsx';
import { CHECK_LINKS } from '../../../src/panel/spec-links.ts';
import { $, $$, cleanup, click, document, fixture, mount, recordOf, text } from './dom.ts';

afterEach(cleanup);

const XSS = '<img src=x onerror=alert(1)>';
const show = (r: CaptureRecord, cacheFiller?: CaptureRecord, narrow = false, onClose: () => void = () => undefined) =>
  mount(<DetailView record={r} cacheFiller={cacheFiller} narrow={narrow} onClose={onClose} />);

test('every recorded exchange: summary, reason names, one rendered check per rule', () => {
  for (const r of fixture.records) {
    const v = r.verdict!;
    const root = show(r);
    assert.equal(text(root, '[data-testid="detail-summary"]'), renderSummary(v, en), r.url);
    assert.equal(text(root, '[data-testid="chromium-name"]'), REASONS[v.reason].chromium ?? '—');
    assert.equal(text(root, '[data-testid="firefox-name"]'), REASONS[v.reason].firefox ?? '—');
    const checks = $$(root, '[data-testid="check"]');
    assert.equal(checks.length, v.checks.length);
    checks.forEach((el, i) => {
      const c = v.checks[i]!;
      assert.equal(el.getAttribute('data-status'), c.status);
      assert.ok(el.textContent?.includes(renderCheck(c, en).text), `${c.id} sentence`);
      assert.equal($(el, 'a.spec')?.getAttribute('href'), CHECK_LINKS[c.id]);
    });
    if (v.failedCheck >= 0) assert.ok(checks[v.failedCheck]?.classList.contains('deciding'));
  }
});

test('blocked at the preflight (header not allowed): names, failing check with needed/got, the fix', () => {
  const root = show(recordOf('preflight-header-not-allowed'));
  assert.match(text(root, '[data-testid="detail-summary"]'), /^Blocked: the preflight does not allow the request's x-request-id;/);
  assert.equal(text(root, '[data-testid="chromium-name"]'), 'HeaderDisallowedByPreflightResponse');
  assert.equal(text(root, '[data-testid="firefox-name"]'), 'CORSMissingAllowHeaderFromPreflight');
  assert.equal(text(root, '[data-testid="reason-title"]'), 'Header not allowed by the preflight');
  const failing = $(root, '.check.deciding');
  assert.equal(failing?.getAttribute('data-status'), 'fail');
  assert.match(failing?.textContent ?? '', /got/);
  assert.equal($(root, '[data-testid="fix"]')?.getAttribute('data-needed'), 'true');
  assert.match(text(root, '[data-testid="fix-preflight-headers"]'), /Access-Control-Allow-Headers: x-request-id/);
  assert.match(text(root, '[data-testid="fix-response-headers"]'), /Access-Control-Allow-Origin: http:\/\/localhost:\d+/);
  const steps = $$(root, '[data-testid="timeline-step"]').map((s) => s.getAttribute('data-kind'));
  assert.deepEqual(steps, ['preflight', 'request']);
  assert.match(text(root, '[data-testid="timeline"]'), /OPTIONS.*204.*PUT.*not sent/s);
  assert.equal(text(root, '[data-testid="request-headers"] [data-testid="no-headers"]'), 'not sent');
  assert.equal(text(root, '[data-testid="response-headers"] [data-testid="no-headers"]'), 'not sent');
});

test("the fix shows one stack's snippet (Express until one is picked) with where it goes and its proof; copy falls back to execCommand", async () => {
  const r = recordOf('missing-acao');
  const fix = suggestFix(r.verdict!, toExchange(r));
  const express = stackSnippets(fix.requirements!, 'express')[0]!;
  const root = show(r);
  assert.equal($(root, '[data-testid="snippet"]')?.getAttribute('data-stack'), 'express');
  assert.equal(text(root, '[data-testid="snippet"]'), express.code);
  assert.equal(text(root, '[data-testid="snippet-where"]'), express.where);
  assert.equal(($(root, '[data-testid="stack-select"]') as HTMLSelectElement).value, 'express');
  assert.match(text(root, '[data-testid="stack-hint"]'), /pick yours/);
  const proof = $(root, '[data-testid="snippet-proof"]');
  assert.equal(proof?.getAttribute('data-verified'), String(express.verified));
  if (!express.verified) assert.equal($(proof!, 'a')?.getAttribute('href'), express.docs);
  assert.equal($$(root, '[data-testid="stack-select"] option').length, STACKS.length);
  assert.deepEqual($$(root, '[data-testid="fix-note"]').map((n) => n.textContent).length, fix.notes.length);
  // No clipboard API (a DevTools panel without permission): the hidden textarea path copies.
  const copied: string[] = [];
  const doc = document as Document & { execCommand: (c: string) => boolean };
  doc.execCommand = (command: string) => {
    copied.push(`${command}:${(document.activeElement as HTMLTextAreaElement | null)?.value ?? ''}`);
    return true;
  };
  await act(async () => {
    click($(root, '[data-testid="copy-snippet"]'));
    await new Promise((res) => setTimeout(res, 0));
  });
  assert.deepEqual(copied, [`copy:${express.code}`]);
  assert.equal(text(root, '[data-testid="copy-snippet"]'), 'Copied');
  assert.equal($$(document, 'textarea').length, 0, 'the helper textarea is gone');
});

test('copyText prefers navigator.clipboard and reports failure of both paths', async () => {
  const written: string[] = [];
  const fakeDoc = (clipboard: unknown, exec: () => boolean) =>
    ({
      defaultView: { navigator: { clipboard } },
      createElement: document.createElement.bind(document),
      body: document.body,
      execCommand: exec,
    }) as unknown as Document;
  assert.equal(
    await copyText(
      'a',
      fakeDoc({ writeText: async (t: string) => void written.push(t) }, () => false),
    ),
    true,
  );
  assert.deepEqual(written, ['a']);
  const denied = { writeText: async () => Promise.reject(new Error('NotAllowedError')) };
  assert.equal(
    await copyText(
      'b',
      fakeDoc(denied, () => true),
    ),
    true,
    'fallback after a denied clipboard',
  );
  assert.equal(
    await copyText(
      'c',
      fakeDoc(undefined, () => false),
    ),
    false,
  );
});

test('a header value with HTML is literal text; no element is created from it', () => {
  const r = recordOf('html-in-header');
  const root = show(r);
  const values = $$(root, '[data-testid="preflight-response-headers"] [data-testid="header-value"]').map((v) => v.textContent);
  assert.ok(values.includes(XSS), JSON.stringify(values));
  assert.ok(text(root, '[data-testid="detail-summary"]').includes(XSS));
  assert.equal($$(document, 'img').length, 0);
  assert.ok(!document.body.innerHTML.includes('<img'), 'only escaped text in the DOM');
});

test('CORS headers are highlighted in the header tables', () => {
  const root = show(recordOf('preflight-allowed'));
  const rows = $$(root, '[data-testid="preflight-response-headers"] tr');
  const acao = rows.find((tr) => tr.querySelector('th')?.textContent === 'Access-Control-Allow-Origin');
  const date = rows.find((tr) => tr.querySelector('th')?.textContent === 'Date');
  assert.equal(acao?.getAttribute('data-cors'), 'true');
  assert.equal(date?.getAttribute('data-cors'), 'false');
  assert.ok($(root, '[data-testid="request-headers"] table'));
  assert.ok($(root, '[data-testid="response-headers"] table'));
});

test('warnings, hints, redirects: the cross-origin redirect', () => {
  const r = recordOf('cross-origin-redirect');
  const root = show(r);
  assert.deepEqual(
    $$(root, '[data-testid="warning"]').map((w) => w.textContent),
    r.verdict!.warnings.map((w) => renderWarning(w, en)),
  );
  assert.deepEqual(
    $$(root, '[data-testid="timeline-step"]').map((s) => s.getAttribute('data-kind')),
    ['redirect', 'request'],
  );
  assert.equal($$(root, '[data-testid="redirect-headers"]').length, 1);
});

test('a preflight cache hit: timeline says so, the fix uses the preflight that filled the cache', () => {
  const [fill, hit] = [recordOf('preflight-cache', 0), recordOf('preflight-cache', 1)];
  assert.equal(hit.cachedFrom, fill.id);
  const root = show(hit, fill);
  assert.match(text(root, '[data-testid="timeline"]'), /served from the preflight cache/);
  assert.match(text(root, '[data-testid="preflight-mark"], [data-testid="detail-summary"]'), /^Allowed/);
});

test('made by: the top stack frame of the code that made the request', () => {
  const r = recordOf('allowed-get');
  const root = show(r);
  assert.equal(text(root, '[data-testid="made-by"]'), r.source?.stack?.[0]);
});

test('not CORS: no server change; a pending record shows what is known; narrow has a back button', () => {
  let closed = 0;
  let root = show(recordOf('no-cors'));
  assert.equal($(root, '[data-testid="fix"]')?.getAttribute('data-needed'), 'false');
  assert.equal($(root, '[data-testid="snippets"]'), null);
  const { verdict: _v, ...pending } = recordOf('missing-acao');
  root = show(pending as CaptureRecord, undefined, true, () => void closed++);
  assert.equal($(root, '[data-testid="detail-summary"]'), null);
  assert.ok($(root, '[data-testid="timeline"]'));
  assert.equal(text(root, '[data-testid="badge"]'), 'pending');
  click($(root, '[data-testid="back"]'));
  assert.equal(closed, 1);
});

test('captured in Firefox, an ACAO list names both keys Firefox may have used', async () => {
  const { evaluate } = await import('../../../src/core/index.ts');
  const base = recordOf('acao-list');
  const r: CaptureRecord = { ...base, browser: 'firefox', observedBy: 'headers-only' };
  const verdict = evaluate(toExchange(r));
  const root = show({ ...r, verdict });
  assert.equal(text(root, '[data-testid="firefox-name"]'), 'CORSMultipleAllowOriginNotAllowed');
  assert.deepEqual(
    $$(root, '[data-testid="firefox-alternative"] code').map((e) => e.textContent),
    ['CORSAllowOriginNotMatchingOrigin'],
  );
});

test('opening another exchange starts at its top (reason and fix), not where the last one was scrolled', () => {
  const root = mount(<DetailView record={recordOf('missing-acao')} narrow={false} onClose={() => undefined} />);
  const body = $(root, '[data-testid="detail-body"]') as HTMLElement;
  body.scrollTop = 640;
  // The same exchange updated (e.g. its record completed): the reader stays where they are.
  act(() => render(<DetailView record={{ ...recordOf('missing-acao') }} narrow={false} onClose={() => undefined} />, root));
  assert.equal(($(root, '[data-testid="detail-body"]') as HTMLElement).scrollTop, 640);
  act(() => render(<DetailView record={recordOf('preflight-header-not-allowed')} narrow={false} onClose={() => undefined} />, root));
  assert.equal(($(root, '[data-testid="detail-body"]') as HTMLElement).scrollTop, 0);
});

test('answer first: the reason, then the fix and the what-if, then the trace and headers, the exports last', () => {
  const r = recordOf('missing-acao');
  const ctx = { records: new Map(), browser: 'Chromium 156', extensionVersion: '9', redact: true };
  const root = mount(<DetailView record={r} narrow={false} onClose={() => undefined} exportCtx={ctx} />);
  const order = ['detail-summary', 'fix', 'whatif', 'timeline', 'response-headers', 'export'].map((id) => {
    const el = $(root, `[data-testid="${id}"]`);
    assert.ok(el, id);
    return el;
  });
  for (let i = 1; i < order.length; i++) {
    assert.ok(order[i - 1]!.compareDocumentPosition(order[i]!) & 4 /* FOLLOWING */, `${i - 1} before ${i}`);
  }
});
