// The build's replacement of Preact's innerHTML assignment (scripts/no-inner-html.ts): what
// we render is unchanged, the prop we never use fails loudly, and a changed Preact fails the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { JSDOM } from 'jsdom';
import { INNER_HTML_ASSIGNMENT, noInnerHtml, removePreactInnerHtml } from '../../../scripts/no-inner-html.ts';

const root = new URL('../../../', import.meta.url).pathname;

// Renders, updates and removes elements the way the panel does, then tries the prop.
const APP = `
import { h, render } from 'preact';
const root = document.getElementById('root');
const log = [];
render(h('p', { title: '<b>title</b>', class: 'a' }, '<img src=x onerror=alert(1)>'), root);
log.push(root.innerHTML);
render(h('p', { title: 'next', class: 'b' }, h('span', null, 'one'), 'two'), root);
log.push(root.innerHTML);
render(h('textarea', { value: 'kept' }), root);
log.push(root.firstChild.value);
render(null, root);
log.push(root.innerHTML);
try {
  render(h('div', { dangerouslySetInnerHTML: { __html: '<b>html</b>' } }), root);
  log.push('no error: ' + root.innerHTML);
} catch (error) {
  log.push(error.message);
}
window.log = log;
`;

async function bundle(plugins: esbuild.Plugin[]): Promise<string> {
  const result = await esbuild.build({
    stdin: { contents: APP, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    logLevel: 'silent',
    plugins,
  });
  return result.outputFiles[0]!.text;
}

function run(code: string): string[] {
  const dom = new JSDOM('<div id="root"></div>', { runScripts: 'outside-only' });
  dom.window.eval(code);
  return Array.from((dom.window as unknown as { log: string[] }).log); // an array of this realm
}

test('with the plugin, Preact renders and updates as before, and the bundle assigns no innerHTML', async () => {
  const plain = await bundle([]);
  const built = await bundle([noInnerHtml()]);
  assert.match(plain, INNER_HTML_ASSIGNMENT, 'the unpatched bundle has the assignment (else this test checks nothing)');
  assert.doesNotMatch(built, INNER_HTML_ASSIGNMENT);
  const before = run(plain);
  const after = run(built);
  assert.deepEqual(after.slice(0, 4), before.slice(0, 4));
  assert.deepEqual(before.slice(0, 4), [
    '<p title="<b>title</b>" class="a">&lt;img src=x onerror=alert(1)&gt;</p>',
    '<p title="next" class="b"><span>one</span>two</p>',
    'kept',
    '',
  ]);
  assert.equal(before[4], 'no error: <div><b>html</b></div>');
  assert.match(after[4]!, /dangerouslySetInnerHTML is not supported/);
});

test('a Preact whose code changed shape fails the build instead of passing unpatched', () => {
  assert.throws(() => removePreactInnerHtml('function x(t){t.textContent=""}'), /found 0/);
  assert.throws(() => removePreactInnerHtml('a.innerHTML=b.__html;c.innerHTML=d.__html'), /found 2/);
  assert.equal(removePreactInnerHtml('l||(t.innerHTML=h.__html),r.__k=[]').includes('innerHTML'), false);
});

test('the assignment check tells assignments from comparisons', () => {
  assert.match('t.innerHTML=h', INNER_HTML_ASSIGNMENT);
  assert.match('t.innerHTML = h', INNER_HTML_ASSIGNMENT);
  assert.doesNotMatch('h.__html==t.innerHTML', INNER_HTML_ASSIGNMENT);
  assert.doesNotMatch('t.innerHTML==h', INNER_HTML_ASSIGNMENT);
  assert.doesNotMatch('t.innerHTML===h', INNER_HTML_ASSIGNMENT);
});
