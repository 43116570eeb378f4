// `cors-lens explain --stack <name>`: that stack's snippet comes first in each fix, the other
// classic snippets follow; an unknown or missing name is one line and exit 2.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { run, type CliIo } from '../../../src/cli/main.ts';
import { HAR_TEXT as HAR } from './support.ts';

function explain(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readFile: () => HAR,
    readStdin: () => '',
  };
  return { code: run(['explain', 'x.har', ...args], io), stdout, stderr };
}

describe('cors-lens explain --stack', () => {
  it('puts the chosen stack first in every fix, with where it goes and its proof status', () => {
    const r = explain(['--stack', 'django']);
    assert.equal(r.code, 1, r.stderr);
    const fixes = r.stdout.split(/^#+ (?:\d+\. )?Fix$/m).slice(1);
    assert.ok(fixes.length > 0);
    let withSnippets = 0;
    for (const fix of fixes) {
      if (!fix.includes('Express (`cors`):')) continue;
      withSnippets++;
      const django = fix.indexOf('**Django (django-cors-headers)** (your stack): settings.py');
      assert.ok(django >= 0 && django < fix.indexOf('Express (`cors`):'), fix);
      assert.match(fix, /```python\n# settings\.py/);
      // Django is proven by the snippet farm (VERIFIED_STACKS).
      assert.match(fix, /Verified by CORS Lens: the real server with this configuration passes in real Chromium, and another origin is still refused\./);
    }
    assert.ok(withSnippets > 0);
  });

  it('a classic stack is shown once, first (--stack=nginx)', () => {
    const r = explain(['--stack=nginx', '--each']);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stdout.includes('**nginx** (your stack)'));
    assert.ok(!r.stdout.includes('\nnginx:\n'), 'not repeated among the others');
  });

  it('without --stack the report is unchanged', () => {
    assert.ok(!explain([]).stdout.includes('(your stack)'));
  });

  for (const [args, message] of [
    [['--stack', 'cobol'], /^cors-lens: unknown stack "cobol" \(one of express, fastify, .*cloudflare-workers\)\n$/],
    [['--stack'], /^cors-lens: --stack needs a server name/],
    [['--stack', 'express', '--json'], /^cors-lens: --stack is for the Markdown report/],
    [['--stack', 'express', '--stack', 'koa'], /^cors-lens: only one --stack at a time\n$/],
  ] as const) {
    it(`${args.join(' ')}: one line, exit 2`, () => {
      const r = explain([...args]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    });
  }
});
