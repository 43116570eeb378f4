// What DevTools adds: with DevTools open, records name the page's code that made them; with
// "capture only while DevTools is open", nothing is captured while it is closed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openCorsPanel } from '../../scripts/devtools-panel.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { CorsSession } from '../support/cors-session.ts';
import { until } from '../support/poll.ts';
import { sessionFor } from '../support/session-hooks.ts';

const s = sessionFor(() => CorsSession.start());

test('with DevTools open, a record names the function and line that made the request', async () => {
  const { devtools } = await openCorsPanel(s.page, s.ext.extensionId);
  const url = `${s.api.origin}/from-code?acao=*`;
  await s.page.addScriptTag({ content: `function loadWidgets(u) {\n  return fetch(u).then((r) => r.text());\n}` });
  await s.page.evaluate(`loadWidgets(${JSON.stringify(url)})`);
  const deadline = Date.now() + 5000;
  let source: CaptureRecord['source'];
  while (!source && Date.now() < deadline) {
    source = (await s.recordsFor(url))[0]?.source;
    if (!source) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(source, 'the record was enriched');
  assert.equal(source.kind, 'script');
  assert.match(source.stack?.[0] ?? '', /^loadWidgets \(.*:2:\d+\)$/);
  await devtools.close();
});

test('"capture only while DevTools is open" captures nothing while it is closed, and resumes when it opens', async () => {
  await s.send({ type: 'set-only-with-devtools', value: true });
  // The background applies the switch (listeners removed) in the same step as its state.
  await until(async () => (await s.state()).onlyWithDevtools, 'the background to apply "capture only while DevTools is open"');
  const closedUrl = `${s.api.origin}/while-closed?acao=*`;
  assert.equal((await s.fetch(closedUrl)).resolved, true);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await s.records()).filter((r) => r.url === closedUrl).length, 0, 'no listener ran');

  const { devtools } = await openCorsPanel(s.page, s.ext.extensionId);
  // The devtools page's port reaches the background a moment after the panel shows, and only
  // then are the listeners back: probed (bounded) until a request is recorded again.
  let probes = 0;
  await until(async () => {
    const probe = `${s.api.origin}/probe-${probes++}?acao=*`;
    await s.fetch(probe);
    return (await s.records()).some((r) => r.url === probe);
  }, 'capture to resume once DevTools is open');
  const openUrl = `${s.api.origin}/while-open?acao=*`;
  await s.fetch(openUrl);
  assert.equal((await s.recordsFor(openUrl)).length, 1);
  await devtools.close();
  await s.send({ type: 'set-only-with-devtools', value: false });
  assert.deepEqual(s.ext.extensionErrors, []);
});
