// The snippets parse in their own language where its runtime is on this machine: JavaScript with
// `node --check`, Python with `python3 -m py_compile`, Java with javac's parser, nginx with
// `nginx -t`. Each language is checked in one process for every scenario (distinct texts only).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackSnippets, type StackId } from '../../../../src/core/index.ts';
import { SCENARIOS } from './cases.ts';
import { HOSTILE } from './hostile.ts';
import { scratchDir } from '../../../support/scratch-dir.ts';

const has = (cmd: string, ...args: string[]): boolean => spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;

/** Distinct snippet texts of some stacks, over the scenarios (all, or some) and the hostile one. */
function texts(ids: readonly StackId[], some?: readonly number[]): Map<string, StackId> {
  const out = new Map<string, StackId>();
  const scenarios = some === undefined ? SCENARIOS : SCENARIOS.filter((_, i) => some.includes(i));
  for (const [, req] of [...scenarios, ['hostile', HOSTILE] as const]) {
    for (const s of stackSnippets(req)) if (ids.includes(s.stack)) out.set(s.code, s.stack);
  }
  return out;
}

const dir = scratchDir('cors-lens-stacks-');

describe('stack snippets parse', () => {
  // One process per file: only the scenarios that change the code's shape (simple, preflight with
  // credentials and exposed headers, any origin) and the hostile one.
  it('JavaScript (Express, fastify, Koa, Hono, Next.js, Workers): node --check', () => {
    let n = 0;
    for (const [code, id] of texts(['express', 'fastify', 'koa', 'hono', 'nextjs', 'cloudflare-workers'], [0, 3, 6, 9])) {
      const file = join(dir, `${id}-${n++}.mjs`);
      writeFileSync(file, code);
      const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${id}:\n${code}\n${r.stderr}`);
    }
    assert.ok(n >= 6);
  });

  // Each checker is installed by .ci/run when missing: without it these fail, never skip.
  it('Python (Django, Flask, FastAPI): py_compile', () => {
    assert.ok(has('python3', '--version'), 'python3 is needed (.ci/run installs it)');
    const files = [...texts(['django', 'flask', 'fastapi'])].map(([code, id], n) => {
      const file = join(dir, `${id}_${n}.py`);
      writeFileSync(file, code);
      return file;
    });
    const r = spawnSync('python3', ['-m', 'py_compile', ...files], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('Java (Spring MVC, Spring Security): javac parser', () => {
    assert.ok(has('java', '-version'), 'a JDK is needed (.ci/run installs default-jdk-headless)');
    const files = [...texts(['spring', 'spring-security'])].map(([code, id], n) => {
      const sub = join(dir, `java-${n}`);
      mkdirSync(sub);
      const file = join(sub, id === 'spring' ? 'CorsConfig.java' : 'SecurityConfig.java');
      writeFileSync(file, code);
      return file;
    });
    const r = spawnSync('java', [join(import.meta.dirname, 'JavaParse.java'), ...files], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
  });

  it('nginx: nginx -t', () => {
    assert.ok(has('nginx', '-v'), 'nginx is needed (.ci/run installs nginx-light)');
    for (const [code] of texts(['nginx'])) {
      const conf = join(dir, 'nginx.conf');
      writeFileSync(conf, `events {}\nhttp {\n  server {\n    listen 127.0.0.1:8099;\n${code.replace('    # ...', '    return 200;')}\n  }\n}\n`);
      const r = spawnSync('nginx', ['-t', '-c', conf, '-p', dir, '-e', join(dir, 'error.log')], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${code}\n${r.stderr}`);
    }
  });
});
