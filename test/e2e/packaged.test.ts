// The store uploads themselves, not dist/: `npm run package` writes the zips (from a production
// build, with its own checks), each zip is unpacked as a store would, and the unpacked files are
// installed in real Chromium and Firefox, where they must capture a cross-origin request and
// judge it as the browser did (issue 15's proof: "npm run package output loaded in both
// browsers by the e2e run"). The production build replaces dist/chrome and dist/firefox, so the
// development build is rebuilt afterwards for the tests that follow.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REASONS } from '../../src/core/reasons.ts';
import { CorsSession } from '../support/cors-session.ts';
import { FirefoxSession } from '../support/firefox-session.ts';
import { recordWhen } from '../support/page-traffic.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const run = (script: string, ...args: string[]) =>
  execFileSync(process.execPath, [TSX, join(ROOT, script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Unpacks a zip with Python's zipfile (CI installs python3; the zip is the store's input). */
function unzip(zip: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lens-packaged-'));
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, dir]);
  return dir;
}

describe('the packaged extension (npm run package), unzipped, in both browsers', () => {
  const unpacked: Record<'chrome' | 'firefox', string> = { chrome: '', firefox: '' };
  let output = '';
  before(() => {
    output = run('scripts/package.ts');
    for (const browser of ['chrome', 'firefox'] as const) unpacked[browser] = unzip(join(ROOT, 'dist', `cors-lens-${browser}-${version}.zip`));
  });
  after(() => {
    for (const dir of Object.values(unpacked)) if (dir !== '') rmSync(dir, { recursive: true, force: true });
    // The tests after this one load dist/ as `npm run test:e2e` built it.
    run('scripts/build.ts');
  });

  test('the zips hold a production build: no source maps, no test-only key, the version of package.json', () => {
    assert.match(output, /source archive|cors-lens-source/);
    for (const browser of ['chrome', 'firefox'] as const) {
      const dir = unpacked[browser];
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version: string; key?: string; manifest_version: number };
      assert.equal(manifest.version, version);
      assert.equal(manifest.manifest_version, 3);
      assert.equal(manifest.key, undefined, `${browser}: the store assigns the id`);
      const files = readdirSync(dir, { recursive: true }).map(String);
      assert.ok(files.includes('background.js') && files.includes('panel.html'), `${browser}: ${files.join(', ')}`);
      assert.deepEqual(
        files.filter((f) => f.endsWith('.map')),
        [],
        `${browser}: no source maps in a store upload`,
      );
    }
  });

  test("Chromium: the unzipped Chrome package captures a blocked request and names Chromium's reason", async () => {
    assert.ok(existsSync(join(unpacked.chrome, 'manifest.json')));
    const s = await CorsSession.start({ extensionDir: unpacked.chrome });
    try {
      assert.notEqual(s.ext.extensionId, 'nlapoeikonampomalabbfofkknbcbifa', 'not the development build (its key pins that id)');
      const url = `${s.api.origin}/no-acao?status=200`;
      const seen = await s.fetch(url);
      const [rec] = await s.recordsFor(url);
      assert.equal(seen.resolved, false);
      assert.equal(rec!.verdict?.outcome, 'blocked');
      assert.equal(REASONS[rec!.verdict!.reason].chromium, s.chromiumVerdict(url).corsError);
      // The install warning (docs/store-listing.md): Chromium warns "all your data on all websites"
      // for devtools_page alone, so asking for hosts on first use (optional_host_permissions)
      // would not soften it, and would lose the requests made before the grant.
      const page = await s.ext.browser.newPage();
      await page.goto(`chrome-extension://${s.ext.extensionId}/popup.html`);
      const manifest = JSON.parse(readFileSync(join(unpacked.chrome, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      const warnings = (m: Record<string, unknown>) =>
        page.evaluate((text) => new Promise<string[]>((done) => chrome.management.getPermissionWarningsByManifest(text, done)), JSON.stringify(m));
      const optional = { ...manifest, optional_host_permissions: manifest.host_permissions, content_scripts: undefined, host_permissions: undefined };
      const noDevtools = { ...optional, devtools_page: undefined };
      assert.deepEqual(await warnings(manifest), ['Read and change all your data on all websites']);
      assert.deepEqual(await warnings(optional), ['Read and change all your data on all websites']);
      assert.deepEqual(await warnings(noDevtools), [], 'the warning of the variant comes from devtools_page');
      await page.close();
    } finally {
      await s.close();
    }
  });

  test("Firefox: the unzipped Firefox package captures the same request and names Firefox's reason", async () => {
    const s = await FirefoxSession.start({ extensionDir: unpacked.firefox });
    try {
      const url = `${s.api.origin}/no-acao?status=200`;
      const seen = await s.fetch(url);
      const rec = await recordWhen(
        () => s.records(),
        url,
        (r) => r.complete && r.witness?.outcome !== undefined,
        "complete with the page's outcome",
      );
      assert.equal(seen.resolved, false);
      assert.equal(rec.verdict?.outcome, 'blocked');
      assert.deepEqual(await s.firefoxReasons(url), [REASONS[rec.verdict!.reason].firefox]);
      assert.deepEqual(await s.extensionErrors(), []);
      // The install prompt's lines (docs/store-listing.md), as Firefox formats them for this package.
      const lines = await s.inChrome<string>(`(async () => {
        const { ExtensionData } = ChromeUtils.importESModule('resource://gre/modules/Extension.sys.mjs');
        const { FileUtils } = ChromeUtils.importESModule('resource://gre/modules/FileUtils.sys.mjs');
        const ext = new ExtensionData(Services.io.newFileURI(new FileUtils.File(${JSON.stringify(unpacked.firefox)})));
        await ext.loadManifest();
        // MV3: host_permissions are optional permissions granted at install, shown in the prompt.
        const origins = ext.manifestOptionalPermissions.origins;
        const required = ext.getRequiredPermissions();
        const prompt = (o) => ExtensionData.formatPermissionStrings({ permissions: { permissions: required.permissions, origins: o } }, { fullDomainsList: true }).msgs;
        return JSON.stringify({ origins, now: prompt(origins), optional: prompt([]) });
      })()`);
      const prompt = JSON.parse(lines) as { origins: string[]; now: string[]; optional: string[] };
      assert.deepEqual(prompt.origins, ['<all_urls>']);
      assert.deepEqual(prompt.now, ['Access your data for all websites', 'Extend developer tools to access your data in open tabs']);
      assert.deepEqual(prompt.optional, ['Extend developer tools to access your data in open tabs']);
    } finally {
      await s.close();
    }
  });
});
