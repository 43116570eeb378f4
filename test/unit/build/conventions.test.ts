// Meta-tests for the repo's own conventions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) return sources(rel);
    return /\.(ts|tsx)$/.test(name) ? [rel] : [];
  });
}

test('extension code never writes HTML: header values are untrusted text', () => {
  // The build replaces Preact's dangerouslySetInnerHTML assignment with a throw (web-ext lint's
  // UNSAFE_VAR_ASSIGNMENT, scripts/no-inner-html.ts); this keeps the prop unused, so it never fires.
  for (const file of sources('src')) {
    const text = readFileSync(join(root, file), 'utf8');
    assert.doesNotMatch(text, /dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write/, file);
  }
});

/** Source text without comments, so that prose ("… set by the browser.") is not code. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

test('the engine touches no browser API and no DOM', () => {
  for (const file of sources('src/core')) {
    const text = code(readFileSync(join(root, file), 'utf8'));
    assert.doesNotMatch(text, /\bchrome\.|\bbrowser\.|webextension-polyfill|\bdocument\.|\bwindow\.|from '(\.\.\/)+(background|shared|devtools|panel)\//, file);
  }
});

test('the convention check itself sees code and ignores prose', () => {
  assert.match(code('const t = browser.tabs; // set by the browser.'), /browser\.tabs/);
  assert.doesNotMatch(code('// set by the browser.\n/** the window. */ const x = 1;'), /browser\.|window\./);
  assert.match(code("const u = 'http://x.test/'; chrome.runtime.id"), /chrome\.runtime/);
});
