import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { manifestFor } from '../../../scripts/manifest.ts';

const source = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

test('Chrome gets a service worker, the pinned key and minimum_chrome_version, no gecko settings', () => {
  const m = manifestFor(source, 'chrome', pkg.version);
  assert.deepEqual(m.background, { service_worker: 'background.js' });
  assert.equal(typeof m.key, 'string');
  assert.equal(m.minimum_chrome_version, '120');
  assert.equal(m.browser_specific_settings, undefined);
});

test('Firefox gets an event page and gecko settings, no Chrome-only keys', () => {
  const m = manifestFor(source, 'firefox', pkg.version);
  assert.deepEqual(m.background, { scripts: ['background.js'] });
  const gecko = (m.browser_specific_settings as { gecko: { id: string; strict_min_version: string } }).gecko;
  assert.equal(gecko.id, 'cors-lens@cors-lens.dev');
  assert.match(gecko.strict_min_version, /^\d+\.0$/);
  assert.equal(m.key, undefined);
  assert.equal(m.minimum_chrome_version, undefined);
});

test('both builds share permissions, devtools page and CSP, and ask for nothing more', () => {
  for (const browser of ['chrome', 'firefox'] as const) {
    const m = manifestFor(source, browser, pkg.version);
    assert.deepEqual(m.permissions, ['webRequest', 'storage']);
    assert.deepEqual(m.host_permissions, ['<all_urls>']);
    assert.equal(m.devtools_page, 'devtools.html');
    const csp = (m.content_security_policy as { extension_pages: string }).extension_pages;
    assert.match(csp, /script-src 'self';/);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|https?:/);
  }
});

test('the source manifest is not mutated and a version mismatch is refused', () => {
  const before = JSON.stringify(source);
  manifestFor(source, 'firefox', pkg.version);
  assert.equal(JSON.stringify(source), before);
  assert.throws(() => manifestFor(source, 'chrome', '9.9.9'), /differs from package.json version 9\.9\.9/);
});

test('store builds drop the key that pins the test extension id', () => {
  assert.equal(manifestFor(source, 'chrome', pkg.version, { store: true }).key, undefined);
  assert.equal(typeof manifestFor(source, 'chrome', pkg.version, { store: false }).key, 'string');
});

test('both builds carry the page witness: its relay (isolated world) and its main-world script, at document_start in every frame', () => {
  for (const browser of ['chrome', 'firefox'] as const) {
    const m = manifestFor(source, browser, pkg.version);
    const scripts = m.content_scripts as Array<Record<string, unknown>>;
    assert.deepEqual(
      scripts.map((s) => [s.js, s.world]),
      [
        [['witness-relay.js'], 'ISOLATED'],
        [['witness-page.js'], 'MAIN'],
      ],
      browser,
    );
    for (const s of scripts) {
      assert.deepEqual(s.matches, ['<all_urls>']);
      assert.equal(s.run_at, 'document_start');
      assert.equal(s.all_frames, true);
      assert.equal(s.match_about_blank, true);
    }
  }
});
