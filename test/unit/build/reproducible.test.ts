// The store packages are reproducible (docs/amo-review.md): the production build gives the same
// bytes from another directory, and the zips depend only on names and bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCopy, compareTrees, filesUnder, sourceFiles } from '../../../scripts/reproduce.ts';
import { INNER_HTML_ASSIGNMENT } from '../../../scripts/no-inner-html.ts';
import { zip, type ZipEntry } from '../../../scripts/zip.ts';

const root = new URL('../../../', import.meta.url).pathname;

/** The archive as Python's zipfile reads it (an independent reader): name → bytes, after its CRC test. */
function unzipWithPython(archive: Buffer): Map<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lens-zip-'));
  try {
    const file = join(dir, 'a.zip');
    writeFileSync(file, archive);
    const script =
      'import base64, json, sys, zipfile\n' +
      'z = zipfile.ZipFile(sys.argv[1])\n' +
      'assert z.testzip() is None\n' +
      'print(json.dumps({i.filename: [base64.b64encode(z.read(i)).decode(), i.date_time, i.external_attr >> 16] for i in z.infolist()}))\n';
    const out = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as Record<string, [string, number[], number]>;
    for (const [name, [, date, mode]] of Object.entries(out)) {
      assert.deepEqual(date, [1980, 1, 1, 0, 0, 0], name);
      assert.equal(mode, 0o100644, name);
    }
    return new Map(Object.entries(out).map(([name, [data]]) => [name, Buffer.from(data, 'base64')]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a zip holds its entries exactly, and the same entries in any order give the same bytes', () => {
  const entries: ZipEntry[] = [
    { name: 'manifest.json', data: Buffer.from('{"name":"CORS Lens"}\n'.repeat(40)) },
    { name: 'icons/icon-16.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]) }, // stored: deflate would grow it
    { name: 'css/ünïcode.css', data: Buffer.from('a{}') },
    { name: 'empty.txt', data: Buffer.alloc(0) },
  ];
  const a = zip(entries);
  const b = zip([...entries].reverse());
  assert.ok(a.equals(b));
  const read = unzipWithPython(a);
  assert.deepEqual([...read.keys()], ['css/ünïcode.css', 'empty.txt', 'icons/icon-16.png', 'manifest.json']);
  for (const e of entries) assert.ok(read.get(e.name)?.equals(Buffer.from(e.data)), e.name);
  assert.ok(a.length < 300 + entries.length * 80, 'the repeated manifest was deflated');
});

test('a zip refuses names that would escape the folder or collide', () => {
  for (const name of ['../x', '/abs', 'a\\b', '', 'a/../../b']) {
    assert.throws(() => zip([{ name, data: Buffer.alloc(1) }]), /unsafe/, name);
  }
  assert.throws(
    () =>
      zip([
        { name: 'a', data: Buffer.alloc(1) },
        { name: 'a', data: Buffer.alloc(2) },
      ]),
    /duplicate/,
  );
});

test('two production builds from copies of the sources in different folders are byte-identical, and lint-clean of innerHTML', () => {
  const sources = sourceFiles(root);
  assert.ok(sources.includes('package-lock.json') && sources.includes('scripts/build.ts'), 'the sources include the lock file and the build');
  const a = mkdtempSync(join(tmpdir(), 'cors-lens-build-a-'));
  const b = mkdtempSync(join(tmpdir(), 'cors-lens-build-b-'));
  try {
    const first = buildCopy(root, sources, a);
    const second = buildCopy(root, sources, join(b, 'deeper'), 'out');
    assert.deepEqual(compareTrees(first, second), []);
    for (const browser of ['chrome', 'firefox']) {
      const files = filesUnder(join(first, browser));
      assert.ok(files.includes('manifest.json') && files.includes('panel.js'), browser);
      assert.equal(files.filter((f) => f.endsWith('.map')).length, 0, `${browser}: no source maps in a production build`);
      for (const file of files.filter((f) => f.endsWith('.js'))) {
        assert.doesNotMatch(readFileSync(join(first, browser, file), 'utf8'), INNER_HTML_ASSIGNMENT, `${browser}/${file}`);
      }
      const manifest = JSON.parse(readFileSync(join(first, browser, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(manifest.key, undefined, `${browser}: a store build has no pinned key`);
      // The zip of each is the same too, whichever build it came from.
      const pack = (dir: string) => zip(filesUnder(dir).map((name) => ({ name, data: readFileSync(join(dir, name)) })));
      assert.ok(pack(join(first, browser)).equals(pack(join(second, browser))), `${browser}: zips`);
    }
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('the comparison names what differs', () => {
  const a = mkdtempSync(join(tmpdir(), 'cors-lens-cmp-a-'));
  const b = mkdtempSync(join(tmpdir(), 'cors-lens-cmp-b-'));
  try {
    writeFileSync(join(a, 'same.js'), 'x');
    writeFileSync(join(b, 'same.js'), 'x');
    writeFileSync(join(a, 'changed.js'), 'x');
    writeFileSync(join(b, 'changed.js'), 'y');
    writeFileSync(join(a, 'gone.js'), 'x');
    writeFileSync(join(b, 'new.js'), 'x');
    assert.deepEqual(compareTrees(a, b), ['changed.js: bytes differ', 'gone.js: missing from the rebuild', 'new.js: only in the rebuild']);
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});
