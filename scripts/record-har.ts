// Records test/fixtures/chromium.har: the HAR that Chromium's DevTools builds for a page that
// makes five cross-origin requests (allowed GET, GET without ACAO, preflight-allowed PUT,
// preflight-blocked PUT, cross-origin redirect). The HAR is read with
// `chrome.devtools.network.getHAR()` inside the CORS panel, i.e. exactly what an extension
// (or a user's "Save all as HAR") gets. Needs the built extension: `npm run build` first.
// Run: npx tsx scripts/record-har.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CorsSession } from '../test/support/cors-session.ts';
import { openCorsPanel } from './devtools-panel.ts';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'chromium.har');
// Obviously fake values, so the CLI's redaction has something to hide (no real secret here).
const FAKE_KEY = 'FAKE-api-key-0000';
const FAKE_BEARER = 'Bearer FAKE-token-0000';

interface Scenario {
  name: string;
  path: string;
  init?: RequestInit;
}

function scenarios(s: CorsSession): Scenario[] {
  const hop = `${s.other.origin}/final?acao=*`;
  return [
    { name: 'allowed-get', path: '/items?acao=*' },
    { name: 'missing-acao', path: `/no-acao?status=200&api_key=${FAKE_KEY}` },
    {
      name: 'preflight-allowed',
      path: '/put-ok?acao=$origin&vary=Origin&acam=PUT&acah=x-request-id',
      init: { method: 'PUT', headers: { 'X-Request-Id': 'r1' }, body: 'x' },
    },
    {
      name: 'preflight-blocked',
      path: '/put-blocked?acao=$origin&acam=PUT&acah=x-request-id',
      init: { method: 'PUT', headers: { 'X-Request-Id': 'r2', Authorization: FAKE_BEARER }, body: 'x' },
    },
    { name: 'cross-origin-redirect', path: `/hop?acao=*&redirect=${encodeURIComponent(hop)}` },
  ];
}

async function main(): Promise<void> {
  const s = await CorsSession.start();
  try {
    // DevTools records the network log only while it is open: open it before the requests.
    const { devtools, panel } = await openCorsPanel(s.page, s.ext.extensionId);
    for (const sc of scenarios(s)) {
      const r = await s.fetch(`${s.api.origin}${sc.path}`, sc.init);
      console.log(`  ${sc.name.padEnd(22)} ${r.resolved ? `resolved ${r.status}` : `rejected: ${r.message}`}`);
    }
    // Let DevTools finish the entries (timings, failures) before asking for the HAR.
    await new Promise((r) => setTimeout(r, 1500));
    // A string, not a function: tsx's keepNames would inject a `__name` helper the frame lacks.
    const har = (await panel.evaluate('new Promise((resolve) => chrome.devtools.network.getHAR((h) => resolve(h)))')) as {
      entries?: unknown[];
    };
    await devtools.close();
    // getHAR returns the `log` object; a saved .har file wraps it as { log }.
    const file = { log: { version: '1.2', creator: { name: 'CORS Lens scripts/record-har.ts (chrome.devtools.network.getHAR)', version: '1' }, ...har } };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, `${JSON.stringify(file, null, 2)}\n`);
    console.log(`wrote ${har.entries?.length ?? 0} entries to ${OUT}`);
  } finally {
    await s.close();
  }
}

await main();
