// The README and docs/ read end to end without a dangling reference (issue 15): every relative
// Markdown link points to a file that exists (and an `#anchor` into a Markdown file to one of
// its headings); every repository path in a code span (`src/background/tracker.ts`) and every
// `docs/<file>` named in the text exists; every `docs/<file>` a source file under src/,
// scripts/, test/ or bench/ names (a comment citing it, or a path) exists, and so does each
// `§N` it cites (a "## N." heading); and no source cites the rules or browser notes that used
// to live outside the repository (now docs/cors-rules.md and docs/browser-testing.md).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const MARKDOWN = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((n) => n.endsWith('.md'))
    .map((n) => `docs/${n}`),
];
const SOURCE_DIRS = ['src', 'scripts', 'test', 'bench'];
/** Code spans naming a path under these folders are checked against the tree. */
const REPO_PATH = /^(?:src|docs|test|scripts|bench|demo|bin|icons)\/[\w./-]*$/;

function files(dir: string, pattern: RegExp): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures' || name === 'snapshots') return [];
    if (statSync(join(ROOT, rel)).isDirectory()) return files(rel, pattern);
    return pattern.test(name) ? [rel] : [];
  });
}

/** Markdown without fenced code blocks (their contents are examples, not references). */
function prose(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of prose(readFileSync(join(ROOT, file), 'utf8')).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Relative links of a Markdown file that lead nowhere; `exists` and `headings` see the tree. */
function brokenLinks(
  file: string,
  markdown: string,
  exists: (path: string) => boolean,
  headings: (path: string) => Set<string>,
): { broken: string[]; links: number } {
  const broken: string[] = [];
  let links = 0;
  for (const m of prose(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    links++;
    const [path = '', anchor] = target.split('#');
    const resolved = path === '' ? file : relative(ROOT, join(ROOT, dirname(file), decodeURIComponent(path)));
    if (!exists(resolved)) broken.push(`${target}: no file ${resolved}`);
    else if (anchor !== undefined && resolved.endsWith('.md') && !headings(resolved).has(decodeURIComponent(anchor))) {
      broken.push(`${target}: no heading #${anchor} in ${resolved}`);
    }
  }
  return { broken, links };
}

/** Code spans naming a repository path (`src/background/tracker.ts`) that is not in the tree. */
function missingPaths(markdown: string, exists: (path: string) => boolean): { missing: string[]; paths: number } {
  const missing: string[] = [];
  let paths = 0;
  for (const m of prose(markdown).matchAll(/`([^`\n]+)`/g)) {
    const span = m[1]!;
    // Patterns stand for several files (`docs/panel-{chromium,firefox}-….png`, `<version>`): skipped.
    if (!REPO_PATH.test(span)) continue;
    paths++;
    const clean = span.replace(/[.,:;]+$/, '');
    // A test may be named without its extension (`test/e2e/witness-transparency`).
    if (![clean, `${clean}.ts`, `${clean}.test.ts`, `${clean}.tsx`].some(exists)) missing.push(span);
  }
  return { missing, paths };
}

const inTree = (path: string): boolean => existsSync(join(ROOT, path));
const read = (doc: string): string | null => (inTree(doc) ? readFileSync(join(ROOT, doc), 'utf8') : null);

describe('Markdown links in the README and docs/', () => {
  let links = 0;
  let paths = 0;
  for (const file of MARKDOWN) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    it(`${file}: relative links and anchors resolve`, () => {
      const found = brokenLinks(file, text, inTree, anchors);
      links += found.links;
      assert.deepEqual(found.broken, [], file);
    });
    it(`${file}: repository paths in code spans, and docs/ files (with §N) named in the text, exist`, () => {
      const found = missingPaths(text, inTree);
      paths += found.paths;
      assert.deepEqual([...found.missing, ...danglingCitations(prose(text), read).missing], [], file);
    });
  }
  it('the scan saw the links and paths', () => {
    assert.ok(links > 30, `relative links: ${links}`);
    assert.ok(paths > 50, `repository paths: ${paths}`);
  });

  it('the checks see what is broken, and only that', () => {
    const tree = new Set(['docs/a.md', 'docs/b.png', 'src/x.ts', 'test/e2e/y.test.ts']);
    const exists = (p: string) => tree.has(p);
    const headings = () => new Set(['2-rules']);
    const md =
      '[ok](a.md) ![img](b.png) [ok](a.md#2-rules) [web](https://x.test/nope.md) [gone](nope.md) [bad](a.md#3-rules)\n' + '```\n[in a fence](fenced.md)\n```\n';
    assert.deepEqual(brokenLinks('docs/c.md', md, exists, headings), {
      broken: ['nope.md: no file docs/nope.md', 'a.md#3-rules: no heading #3-rules in docs/a.md'],
      links: 5,
    });
    assert.deepEqual(missingPaths('`src/x.ts` `test/e2e/y` `src/z.ts` `docs/p-{a,b}.png` `npm test`', exists), { missing: ['src/z.ts'], paths: 3 });
  });

  it("the anchor rule matches GitHub's", () => {
    assert.equal(slug('8. Browser vocabularies'), '8-browser-vocabularies');
    assert.equal(slug('Testing a live server: `cors-lens check`'), 'testing-a-live-server-cors-lens-check');
    assert.equal(
      slug('Killing the background mid-traffic (test/e2e/capture-faults and firefox-faults)'),
      'killing-the-background-mid-traffic-teste2ecapture-faults-and-firefox-faults',
    );
  });
});

/** The docs/ files (and their §N sections) a source text cites that the tree lacks. */
function danglingCitations(source: string, read: (doc: string) => string | null): { missing: string[]; cited: number } {
  const missing: string[] = [];
  let cited = 0;
  // Not preceded by a path or URL character, so a URL's "…/en-US/docs/Web/…" is not a citation.
  for (const m of source.matchAll(/(?<![\w/.-])docs\/([\w-]+(?:\.[\w-]+)*\.(?:md|json|png))((?:\s*§\s*\d+(?:\s*[–,-]\s*§?\s*\d+)*)?)/g)) {
    cited++;
    const doc = `docs/${m[1]!}`;
    const text = read(doc);
    if (text === null) {
      missing.push(doc);
      continue;
    }
    for (const [n] of (m[2] ?? '').matchAll(/\d+/g)) if (!new RegExp(`^#{2,3} ${n}\\. `, 'm').test(text)) missing.push(`${doc} §${n}`);
  }
  return { missing, cited };
}

describe('docs/ cited by source comments', () => {
  const self = relative(ROOT, import.meta.filename);
  const sources = SOURCE_DIRS.flatMap((dir) => files(dir, /\.(ts|tsx|mjs|js)$/)).filter((file) => file !== self);

  it('every docs/<file> a source file names exists, and every §N it cites is a section of it', () => {
    const missing: string[] = [];
    let cited = 0;
    for (const file of sources) {
      const found = danglingCitations(readFileSync(join(ROOT, file), 'utf8'), read);
      cited += found.cited;
      missing.push(...found.missing.map((m) => `${file}: ${m}`));
    }
    assert.ok(cited > 20, `the scan found the citations (${cited})`);
    assert.deepEqual(missing, []);
  });

  it('the citation check sees what is missing, and only that', () => {
    const docs: Record<string, string> = { 'docs/r.md': '# R\n\n## 6. After\n\n## 7. Smells\n' };
    const source = "// docs/r.md §6–7, docs/r.md §8, docs/gone.md; https://x.test/en-US/docs/Web/y.md\nnew URL('../../docs/r.md')";
    assert.deepEqual(
      danglingCitations(source, (d) => docs[d] ?? null),
      { missing: ['docs/r.md §8', 'docs/gone.md'], cited: 3 },
    );
  });

  it('no comment cites a rules or browser document outside the repository', () => {
    const outside = sources.filter((file) => /CORS-RULES|BROWSER-TESTING|shared\/[\w-]+\.md/.test(readFileSync(join(ROOT, file), 'utf8')));
    assert.deepEqual(outside, []);
  });
});
