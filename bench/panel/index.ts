// Panel responsiveness with 5,000 records, in real headless Chromium: bundles a page that
// mounts the panel App (fed by an in-memory port) with records derived from the recorded
// fixtures, then times rendering, filtering, live appends and opening the detail.
// Reports the median of several rounds; goal under 100 ms each. Run: npm run bench -- panel
import * as esbuild from 'esbuild';
import puppeteer from 'puppeteer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { CHROME_FLAGS, findChrome } from '../../scripts/chrome-path.ts';
import { median } from '../median.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ROWS = 5000;
const ROUNDS = 9;
const GOAL_MS = 100;
/** A keystroke in the what-if editor must not drop a frame. */
const KEYSTROKE_GOAL_MS = 16;
const goalOf = (name: string) => (name.includes('keystroke') ? KEYSTROKE_GOAL_MS : GOAL_MS);

function records(): CaptureRecord[] {
  const fixture = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/records.json'), 'utf8')) as { records: CaptureRecord[] };
  return Array.from({ length: ROWS }, (_, i) => {
    const r = fixture.records[i % fixture.records.length]!;
    const u = new URL(r.url);
    return { ...r, id: `b${i}`, seq: i, url: `${u.origin}/items/${i}${u.search}` };
  });
}

/** The panel's stylesheets, in the order panel.html links them (the bench page inlines them). */
function panelCss(): string {
  const dir = join(ROOT, 'src/panel');
  const html = readFileSync(join(dir, 'panel.html'), 'utf8');
  const hrefs = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
  if (hrefs.length === 0) throw new Error('src/panel/panel.html links no stylesheet: the bench would lay the panel out unstyled');
  return hrefs.map((href) => readFileSync(join(dir, href), 'utf8')).join('\n');
}

async function main(): Promise<void> {
  const bundle = await esbuild.build({
    entryPoints: [join(import.meta.dirname, 'harness.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    logLevel: 'warning',
  });
  const js = bundle.outputFiles[0]!.text;
  const css = panelCss();
  const browser = await puppeteer.launch({ executablePath: findChrome(), headless: true, pipe: true, args: CHROME_FLAGS });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 700 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent(`<!doctype html><html><head><style>${css}</style></head><body><div id="app"></div></body></html>`);
    await page.addScriptTag({ content: js });
    const data = records();
    await page.evaluate((d: CaptureRecord[]) => {
      (globalThis as { benchData?: CaptureRecord[] }).benchData = d;
    }, data);
    const rounds: Array<Record<string, number>> = [];
    for (let i = 0; i < ROUNDS + 1; i++) {
      const r = (await page.evaluate('benchRound(benchData)')) as Record<string, number>;
      if (i > 0) rounds.push(r); // the first round warms the JIT up
    }
    if (errors.length > 0) throw new Error(errors.join('\n'));
    let met = true;
    console.log(`panel: ${ROWS.toLocaleString('en-US')} records, median of ${ROUNDS} rounds (headless Chromium, script + style + layout)`);
    for (const name of Object.keys(rounds[0]!)) {
      const values = rounds.map((r) => r[name]!);
      if (name === 'rows in the DOM') {
        console.log(`  ${name.padEnd(30)} ${median(values)}`);
        continue;
      }
      const m = median(values);
      if (m >= goalOf(name)) met = false;
      console.log(`  ${name.padEnd(30)} ${m.toFixed(1).padStart(7)} ms   (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`);
    }
    console.log(`panel: goal under ${GOAL_MS} ms each (a what-if keystroke under ${KEYSTROKE_GOAL_MS} ms): ${met ? 'met' : 'NOT met'}`);
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error('panel bench could not measure:', e);
  process.exit(1);
});
