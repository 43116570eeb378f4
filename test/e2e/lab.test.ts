// The demo lab (issue 13): every scenario `npm start` shows, made by a page in real Chromium;
// CORS Lens's verdict agrees with Chromium's own (CDP corsErrorStatus: none for an allowed or
// no-cors request, and the same name when blocked), and each scenario shows what its group says.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REASONS } from '../../src/core/index.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { LAB_GROUPS, LAB_SCENARIOS, LAB_URLS_UNIQUE, labUrl } from '../../demo/lab.ts';
import { CorsSession } from '../support/cors-session.ts';

describe('the demo lab in Chromium', () => {
  let s: CorsSession;
  before(async () => {
    s = await CorsSession.start();
  });
  after(async () => {
    await s?.close();
  });

  test('at least 25 scenarios, every group used, each its own URL', () => {
    assert.ok(LAB_SCENARIOS.length >= 25, String(LAB_SCENARIOS.length));
    assert.deepEqual([...new Set(LAB_SCENARIOS.map((x) => x.group))], [...LAB_GROUPS]);
    assert.ok(LAB_URLS_UNIQUE);
  });

  for (const sc of LAB_SCENARIOS) {
    test(`${sc.group}: ${sc.label}`, async () => {
      const url = labUrl(sc, s.api.origin, s.site.origin);
      const times = sc.twice ? 2 : 1;
      for (let i = 0; i < times; i++) await s.fetch(url, sc.init as RequestInit);
      const records: CaptureRecord[] = await s.recordsFor(url, times);
      const r = records.at(-1)!;
      const v = r.verdict!;
      // DevTools names a redirected request by its redirect target (also with redirect: "manual").
      const target = new URL(url).searchParams.get('redirect');
      const chromium = s.chromiumVerdict(target ?? url, sc.init.method ?? 'GET').corsError;
      const detail = `${v.outcome} ${v.reason}, Chromium ${chromium ?? 'no CORS error'}`;
      if (chromium === null) assert.notEqual(v.outcome, 'blocked', detail);
      else {
        assert.equal(v.outcome, 'blocked', detail);
        const name = REASONS[v.reason].chromium;
        if (name !== undefined) assert.equal(name, chromium, detail);
      }
      switch (sc.group) {
        case 'Allowed':
          assert.equal(v.outcome, 'allowed', detail);
          assert.deepEqual(
            v.warnings.map((w) => w.code),
            [],
            detail,
          );
          break;
        case 'Warnings':
          assert.equal(v.outcome, 'allowed', detail);
          assert.ok(v.warnings.length > 0, `a warning: ${detail}`);
          break;
        case 'Preflight cache':
          assert.equal(v.outcome, 'allowed', detail);
          assert.equal(r.preflightCached, true, 'the second from the cache');
          break;
        case 'Not CORS':
          assert.equal(v.outcome, 'not-cors', detail);
          break;
        case 'Credentials':
          assert.equal(v.outcome, sc.label.endsWith('allowed') ? 'allowed' : 'blocked', detail);
          break;
        case 'Redirects':
          assert.equal(v.outcome, sc.label.includes('without CORS') ? 'blocked' : sc.init.redirect === 'manual' ? v.outcome : 'allowed', detail);
          break;
        default:
          assert.equal(v.outcome, 'blocked', detail);
      }
    });
  }
});
