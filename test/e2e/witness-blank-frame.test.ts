// A frame added without src (its initial about:blank document), whose fetch the parent calls:
// `frame.contentWindow.fetch(…)`, a way scripts reach a fetch no one has wrapped. Firefox 153
// runs the page witness there; Chromium 156 runs no content script in that document (docs/
// browsers.md, "A frame added without src"), so its records have the network's facts only and
// must still give Chromium's verdict. Ground truth: what the page got, Chromium's corsErrorStatus
// over CDP, Firefox's console reason key.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'puppeteer';
import { REASONS } from '../../src/core/reasons.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { CorsSession } from '../support/cors-session.ts';
import { FirefoxSession } from '../support/firefox-session.ts';
import { completeRecordsFor, recordWhen, type FetchResult } from '../support/page-traffic.ts';
import { sessionFor } from '../support/session-hooks.ts';

/** fetch() of a fresh src-less iframe, called by the page in the task that added the frame. */
function blankFrameFetch(page: Page, url: string, credentials: RequestCredentials): Promise<FetchResult> {
  return page.evaluate(`(() => {
    const frame = document.createElement('iframe');
    frame.className = 'blank-fetch';
    document.body.appendChild(frame);
    return frame.contentWindow.fetch(${JSON.stringify(url)}, { credentials: ${JSON.stringify(credentials)} }).then(
      (r) => r.text().then(() => ({ resolved: true, status: r.status })),
      (e) => ({ resolved: false, message: String(e && e.message) }));
  })()`) as Promise<FetchResult>;
}

interface Case {
  name: string;
  path: (page: string) => string;
  credentials: RequestCredentials;
  allowed: boolean;
}

const cases: Case[] = [
  {
    name: 'credentials include, ACAO names the page, no ACAC: blocked',
    path: (p) => `bf1?acao=${encodeURIComponent(p)}`,
    credentials: 'include',
    allowed: false,
  },
  { name: 'credentials omit, ACAO *: allowed', path: () => 'bf2?acao=*', credentials: 'omit', allowed: true },
  { name: 'credentials include, ACAO *: blocked', path: () => 'bf3?acao=*', credentials: 'include', allowed: false },
];

function verdictIsThePages(r: CaptureRecord, c: Case, seen: FetchResult): void {
  assert.equal(seen.resolved, c.allowed, `the page: ${JSON.stringify(seen)}`);
  assert.equal(r.verdict?.outcome === 'allowed', seen.resolved, `verdict ${r.verdict?.outcome}/${r.verdict?.reason}`);
  assert.notEqual(r.verdict?.reason, 'depends-on-credentials');
}

describe('a fetch through a src-less iframe, in Chromium (no witness there)', () => {
  const s = sessionFor(() => CorsSession.start());

  for (const c of cases) {
    test(c.name, async () => {
      const url = `${s.api.origin}/${c.path(s.site.origin)}`;
      const seen = await blankFrameFetch(s.page, url, c.credentials);
      await completeRecordsFor(() => s.records(), url);
      // A report comes within a batch of the record (125 ms): none is coming.
      await new Promise((res) => setTimeout(res, 500));
      const now = (await s.records()).find((x) => x.url === url)!;
      assert.equal(now.witness, undefined, 'Chromium ran no witness in the frame (if it does now, update docs/browsers.md)');
      verdictIsThePages(now, c, seen);
      const chromium = c.allowed ? s.chromiumVerdict(url) : await s.chromiumFailure(url);
      assert.equal(REASONS[now.verdict!.reason].chromium, chromium.corsError, `engine ${now.verdict!.reason}`);
    });
  }
});

describe('a fetch through a src-less iframe, in Firefox (witnessed)', () => {
  const s = sessionFor(() => FirefoxSession.start());

  for (const c of cases) {
    test(c.name, async () => {
      const url = `${s.api.origin}/${c.path(s.site.origin)}`;
      const seen = await blankFrameFetch(s.page, url, c.credentials);
      const r = await recordWhen(
        () => s.records(),
        url,
        (x) => x.complete && x.witness?.outcome !== undefined,
        "complete with the witness's call and the page's outcome",
      );
      assert.equal(r.witness?.credentials, c.credentials);
      verdictIsThePages(r, c, seen);
      const named = r.verdict!.firefoxReason ?? REASONS[r.verdict!.reason].firefox;
      const logged = await s.firefoxReasons(url, c.allowed ? 0 : 1, c.allowed ? 300 : 2000);
      const specific = logged.filter((k) => k !== 'CORSDidNotSucceed');
      if (named === null) assert.deepEqual(specific, [], `engine ${r.verdict!.reason}; Firefox logged ${logged.join(', ')}`);
      else assert.ok(logged.includes(named), `engine ${r.verdict!.reason} → ${named}; Firefox logged ${logged.join(', ') || 'nothing'}`);
    });
  }
});
