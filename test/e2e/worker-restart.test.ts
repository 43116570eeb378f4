// The service worker may be killed at any moment (Chrome stops an idle one after 30 s).
// Stop it in the middle of a page's traffic: no record may be lost, verdicts still come,
// and the open panel reconnects by itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'puppeteer';
import { CorsSession } from '../support/cors-session.ts';
import { readUntil } from '../support/poll.ts';
import { WorkerControl } from '../support/worker-control.ts';

let s: CorsSession;
let panel: Page;
let worker: WorkerControl;

before(async () => {
  s = await CorsSession.start({ detachFromWorker: true });
  panel = await s.ext.browser.newPage();
  await panel.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`);
  await panel.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent === 'connected');
  worker = await WorkerControl.attach(panel, s.ext.extensionId);
  await worker.waitFor('running');
});

after(async () => {
  await s?.close();
});

test('stopping the worker mid-traffic loses no record and the panel reconnects', async () => {
  const slow = Array.from({ length: 8 }, (_, i) => `${s.api.origin}/slow/${i}?acao=*&delay=1500`);
  const preflighted = Array.from({ length: 4 }, (_, i) => `${s.api.origin}/slow-put/${i}?acao=*&acam=PUT&delay=1500`);
  const late = Array.from({ length: 8 }, (_, i) => `${s.api.origin}/late/${i}?acao=*`);

  // Requests in flight (headers sent, responses pending) when the worker goes away.
  const inFlight = Promise.all([...slow.map((u) => s.fetch(u)), ...preflighted.map((u) => s.fetch(u, { method: 'PUT' }))]);
  await new Promise((r) => setTimeout(r, 700));
  await worker.stop();
  // Requests made after the stop wake a new worker.
  const afterStop = await Promise.all(late.map((u) => s.fetch(u)));
  const before = await inFlight;
  assert.ok(
    [...before, ...afterStop].every((r) => r.resolved),
    'every request succeeded in the page',
  );
  assert.equal(worker.status(), 'running', 'the events woke a new worker');

  // A record completes a moment after the page's fetch resolved (its last event still has to
  // reach the new worker): polled until every one is (bounded), then checked as read last.
  const all = [...slow, ...preflighted, ...late];
  const records = await readUntil(
    () => s.records(),
    (read) => all.every((url) => read.some((r) => r.url === url && r.complete)),
  );
  for (const url of all) {
    const found = records.filter((r) => r.url === url);
    assert.equal(found.length, 1, `one record for ${url}`);
    assert.equal(found[0]?.complete, true, `${url} complete`);
    assert.equal(found[0]?.verdict?.outcome, 'allowed', `${url} judged`);
  }
  for (const url of preflighted) {
    assert.equal(records.find((r) => r.url === url)?.preflight?.status, 204, `${url} kept its preflight across the restart`);
  }

  // The panel page's port died with the worker; it reconnected and shows every record.
  const total = slow.length + preflighted.length + late.length;
  await panel.waitForFunction(
    (n: number) => document.querySelectorAll('[data-testid="request-row"][data-outcome="allowed"]').length === n,
    { timeout: 5000 },
    total,
  );
  assert.equal(await panel.$eval('[data-testid="connection"]', (el) => el.textContent), 'connected');
  assert.deepEqual(s.ext.extensionErrors, []);
});
