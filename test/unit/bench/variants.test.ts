// The witness bench's variants of the built extension (bench/capture/nowitness-extension.ts):
// what each one changes, and that the page-only stub really switches the page script on.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { buildNoWitnessExtension, buildPageOnlyExtension } from '../../../bench/capture/nowitness-extension.ts';
import { WITNESS_CONTROL_EVENT, WITNESS_DATA_EVENT } from '../../../src/witness/channel.ts';

function fakeDist(contentScripts: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'variants-test-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ name: 'x', content_scripts: contentScripts }));
  writeFileSync(join(dir, 'witness-relay.js'), '/* the real relay */');
  writeFileSync(join(dir, 'witness-page.js'), '/* the page script */');
  return dir;
}
const BOTH = [
  { js: ['witness-relay.js'], world: 'ISOLATED' },
  { js: ['witness-page.js'], world: 'MAIN' },
];

test('nowitness drops the content scripts and keeps the rest', () => {
  const dist = fakeDist(BOTH);
  const built = buildNoWitnessExtension(dist);
  try {
    const manifest = JSON.parse(readFileSync(join(built.dir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.content_scripts, undefined);
    assert.equal(manifest.name, 'x');
    assert.equal(readFileSync(join(built.dir, 'witness-page.js'), 'utf8'), '/* the page script */');
  } finally {
    built.remove();
    rmSync(dist, { recursive: true, force: true });
  }
});

test('page only keeps the page script and the manifest, and its relay switches the page script on and drops batches', () => {
  const dist = fakeDist(BOTH);
  const built = buildPageOnlyExtension(dist);
  try {
    assert.deepEqual(JSON.parse(readFileSync(join(built.dir, 'manifest.json'), 'utf8')).content_scripts, BOTH);
    assert.equal(readFileSync(join(built.dir, 'witness-page.js'), 'utf8'), '/* the page script */');
    const window = new EventTarget();
    const heard: unknown[] = [];
    window.addEventListener(WITNESS_CONTROL_EVENT, (e) => heard.push((e as CustomEvent).detail));
    runInNewContext(readFileSync(join(built.dir, 'witness-relay.js'), 'utf8'), { window, CustomEvent });
    assert.deepEqual(heard, ['ready']);
    window.dispatchEvent(new CustomEvent(WITNESS_CONTROL_EVENT, { detail: 'hello' }));
    assert.deepEqual(heard, ['ready', 'hello', 'on']);
    window.dispatchEvent(new CustomEvent(WITNESS_DATA_EVENT, { detail: '1:0:[]' }));
    assert.deepEqual(heard, ['ready', 'hello', 'on']);
  } finally {
    built.remove();
    rmSync(dist, { recursive: true, force: true });
  }
});

test('a build without the witness cannot make either variant: the ratio would measure nothing', () => {
  const none = fakeDist([]);
  const noRelay = fakeDist([{ js: ['other.js'] }]);
  try {
    assert.throws(() => buildNoWitnessExtension(none), /no content_scripts/);
    assert.throws(() => buildPageOnlyExtension(none), /no content_scripts/);
    assert.throws(() => buildPageOnlyExtension(noRelay), /nothing to stub/);
  } finally {
    rmSync(none, { recursive: true, force: true });
    rmSync(noRelay, { recursive: true, force: true });
  }
});
