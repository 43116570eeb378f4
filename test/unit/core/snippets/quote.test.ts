// Untrusted values end up inside string literals of seven languages: each quoter's literal must
// end where it should, hold no line break and interpolate nothing; JavaScript and Python read
// them back to the very same text. A hostile set of requirements never reaches any snippet raw.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { stackSnippets } from '../../../../src/core/index.ts';
import { configSafe, conf, cs, go, java, js, py, rb } from '../../../../src/core/snippets/quote.ts';
import { HOSTILE, NASTY_STRINGS } from './hostile.ts';

/** A double-quoted literal: one line, and no quote inside that is not escaped. */
function assertClosed(lit: string, what: string): void {
  assert.match(lit, /^"[\s\S]*"$/, what);
  assert.doesNotMatch(lit, /[\n\r\u2028\u2029]/, `${what}: no line break`);
  const inner = lit.slice(1, -1);
  for (let i = inner.indexOf('"'); i >= 0; i = inner.indexOf('"', i + 1)) {
    const slashes = /\\*$/.exec(inner.slice(0, i))?.[0].length ?? 0;
    assert.equal(slashes % 2, 1, `${what}: quote at ${i} escaped`);
  }
}

describe('string literals per language', () => {
  it('JavaScript reads every literal back', () => {
    for (const s of NASTY_STRINGS) assert.equal(JSON.parse(js(s)), s);
  });

  it('Python reads every literal back', { skip: spawnSync('python3', ['--version']).status === 0 ? false : 'no python3 here' }, () => {
    const program = `import ast, json, sys\nprint(json.dumps([ast.literal_eval(l) for l in sys.stdin.read().split("\\n") if l]))`;
    const r = spawnSync('python3', ['-c', program], { input: NASTY_STRINGS.map(py).join('\n'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), NASTY_STRINGS);
  });

  it('Go, Ruby, Java and C# literals are closed, one line', () => {
    for (const s of NASTY_STRINGS) {
      for (const [name, q] of [
        ['go', go],
        ['rb', rb],
        ['java', java],
        ['cs', cs],
        ['conf', conf],
      ] as const)
        assertClosed(q(s), `${name} ${JSON.stringify(s)}`);
      assert.doesNotMatch(rb(s), /(^|[^\\])#\{/, 'Ruby never interpolates');
      assert.doesNotMatch(java(s), /(^|[^\\])\\u00/i, 'no \\u escape of a Latin-1 character (javac decodes it before parsing)');
    }
  });

  it('configuration files refuse what they would interpret ($, %, {, quotes, controls)', () => {
    for (const bad of ['x-$host', 'x-%{y}', 'a{b}', 'a"b', 'a\\b', 'a\nb']) assert.equal(configSafe(bad), false, bad);
    assert.equal(configSafe('x-token'), true);
  });

  it('hostile requirements: the origin is replaced, bad names dropped, every snippet stays inert', () => {
    for (const s of stackSnippets(HOSTILE)) {
      assert.ok(!s.code.includes('evil()'), s.stack);
      assert.ok(s.code.includes('https://example.invalid'), `${s.stack} allows a placeholder, not the hostile origin`);
      for (const bad of ['x-"q', 'x-\\', 'x-"bad', 'P"UT', 'GET\nX', '\u2028']) assert.ok(!s.code.includes(bad), `${s.stack}: ${JSON.stringify(bad)}`);
      assert.ok(s.code.includes('x-ok'), s.stack);
    }
    for (const s of stackSnippets(HOSTILE).filter((x) => ['nginx', 'apache', 'caddy'].includes(x.stack))) {
      assert.ok(!s.code.includes('x-$host') && !s.code.includes('x-%{y}'), `${s.stack} writes no interpolation`);
    }
  });
});
