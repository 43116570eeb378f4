// Records real exchanges for the panel's component tests: launches the built extension
// (npm run build first) with a CorsSession, opens DevTools on the page (so records carry
// `source`), drives one scenario per case, reads the records through the panel protocol and
// writes test/fixtures/records.json. Run: npx tsx scripts/record-fixtures.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaptureRecord } from '../src/shared/record.ts';
import { CorsSession } from '../test/support/cors-session.ts';
import { openCorsPanel } from './devtools-panel.ts';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'records.json');
const XSS = '<img src=x onerror=alert(1)>';

interface Scenario {
  name: string;
  path: string;
  init?: RequestInit;
  /** Run the fetch this many times (the preflight cache). */
  times?: number;
}

function scenarios(s: CorsSession): Scenario[] {
  const page = s.site.origin;
  const hop = `${s.other.origin}/final?acao=*`;
  return [
    { name: 'allowed-get', path: '/items?acao=*' },
    { name: 'missing-acao', path: '/no-acao?status=200' },
    { name: 'allowed-with-warning', path: `/reflect?acao=$origin` },
    {
      name: 'preflight-allowed',
      path: '/put-ok?acao=$origin&vary=Origin&acam=PUT&acah=x-request-id',
      init: { method: 'PUT', headers: { 'X-Request-Id': 'r1' }, body: 'x' },
    },
    { name: 'preflight-header-not-allowed', path: '/put-blocked?acao=$origin&acam=PUT', init: { method: 'PUT', headers: { 'X-Request-Id': 'r2' }, body: 'x' } },
    { name: 'preflight-401', path: '/del?acao=*&acam=DELETE&pre.status=401', init: { method: 'DELETE' } },
    { name: 'preflight-cache', path: '/cached?acao=*&acam=PUT&maxage=600', init: { method: 'PUT' }, times: 2 },
    { name: 'credentials-wildcard', path: '/creds?acao=*&acac=true', init: { credentials: 'include' } },
    { name: 'cross-origin-redirect', path: `/hop?acao=*&redirect=${encodeURIComponent(hop)}` },
    { name: 'acao-list', path: `/multi?acao=${encodeURIComponent(`${page}, https://other.test`)}` },
    {
      name: 'html-in-header',
      path: `/xss?acao=$origin&acam=PUT&acah=${encodeURIComponent(XSS)}`,
      init: { method: 'PUT', headers: { 'X-Request-Id': 'r3' }, body: 'x' },
    },
    { name: 'no-cors', path: '/opaque', init: { mode: 'no-cors' } },
  ];
}

async function main(): Promise<void> {
  const s = await CorsSession.start();
  try {
    const { devtools } = await openCorsPanel(s.page, s.ext.extensionId);
    const names: Record<string, string[]> = {};
    for (const sc of scenarios(s)) {
      const url = `${s.api.origin}${sc.path}`;
      for (let i = 0; i < (sc.times ?? 1); i++) await s.fetch(url, sc.init);
      const found = await s.recordsFor(url, sc.times ?? 1);
      names[sc.name] = found.map((r) => r.id);
    }
    // The devtools page forwards `source` once DevTools has the HAR entry: give it a moment.
    await new Promise((r) => setTimeout(r, 1000));
    const wanted = new Set(Object.values(names).flat());
    const records: CaptureRecord[] = (await s.records()).filter((r) => wanted.has(r.id));
    await devtools.close();
    mkdirSync(dirname(OUT), { recursive: true });
    const fixture = { recordedWith: 'scripts/record-fixtures.ts (Chromium, CorsSession)', scenarios: names, records };
    writeFileSync(OUT, `${JSON.stringify(fixture, null, 2)}\n`);
    const missing = Object.entries(names).filter(([, ids]) => ids.some((id) => !records.some((r) => r.id === id)));
    console.log(`wrote ${records.length} records (${Object.keys(names).length} scenarios) to ${OUT}`);
    for (const r of records) console.log(`  ${r.method.padEnd(6)} ${r.verdict?.outcome ?? 'pending'} ${r.verdict?.reason ?? ''} ${r.source ? '(source)' : ''}`);
    if (s.ext.extensionErrors.length > 0 || missing.length > 0) {
      console.error('extension errors / missing records:', s.ext.extensionErrors, missing);
      process.exitCode = 1;
    }
  } finally {
    await s.close();
  }
}

await main();
