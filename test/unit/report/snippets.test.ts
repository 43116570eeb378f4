// The report's server snippets configure a route, not the one resource the request named
// (`/items/7`), say which prefix they cover and how to cover the whole API; the Express one
// is valid JavaScript.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, type Exchange } from '../../../src/core/index.ts';
import { buildReport, renderMarkdown } from '../../../src/core/report/index.ts';
import { blockedGet } from '../core/helpers.ts';
import { scratchDir } from '../../support/scratch-dir.ts';

/** A GET from PAGE blocked for want of CORS headers. */
const blockedAt = (path: string): Exchange => blockedGet(`https://api.example.test${path}?page=1`);

function snippetsFor(path: string) {
  const ex = blockedAt(path);
  const s = buildReport({ exchange: ex, verdict: evaluate(ex) }).exchanges[0]?.fix.snippets;
  assert.ok(s, path);
  return s;
}

describe('fix snippets in the report', () => {
  it('a request to one resource gets its route prefix, and a way to cover the whole API', () => {
    // issue 11: app.use("/items/7", …) and `location = /items/7` fixed one item only.
    for (const [path, prefix] of [
      ['/items/7', '/items'],
      ['/api/v1/users/123e4567-e89b-12d3-a456-426614174000/avatar', '/api/v1/users'],
      ['/orders/507f1f77bcf86cd799439011', '/orders'],
    ] as const) {
      const s = snippetsFor(path);
      assert.match(s.express, new RegExp(`app\\.use\\(${JSON.stringify(prefix).replace(/\//g, '\\/')}, cors\\(corsOptions\\)\\);`), path);
      assert.ok(!s.express.includes(`app.use(${JSON.stringify(path)}`), path);
      assert.match(s.express, /app\.use\(cors\(corsOptions\)\)/, 'how to cover the whole API');
      assert.ok(s.nginx.includes(`location ${prefix}/ {`), s.nginx);
      assert.ok(!s.nginx.includes(`location = ${path}`), s.nginx);
      assert.ok(s.caddy.includes(`header ${prefix}/* {`), s.caddy);
      for (const text of [s.express, s.nginx, s.caddy]) assert.ok(text.includes(`${path} is one resource`), `says why: ${text}`);
    }
  });

  it('a route without a resource id stays exact', () => {
    const s = snippetsFor('/api/search');
    assert.match(s.express, /app\.use\("\/api\/search", cors\(corsOptions\)\);/);
    assert.match(s.nginx, /^location = \/api\/search \{/m);
    assert.match(s.caddy, /^header \/api\/search \{/m);
  });

  it('a token in the path never reaches the snippets', () => {
    const token = 'Q7wLx2Rk9TzP4mVb8YcN1sHd';
    const ex = blockedAt(`/reset/${token}`);
    const md = renderMarkdown({ exchange: ex, verdict: evaluate(ex) });
    assert.ok(!md.includes(token));
    assert.match(md, /app\.use\("\/reset", cors\(corsOptions\)\);/);
  });

  it('the Express snippet is valid JavaScript', () => {
    const dir = scratchDir('cors-lens-snippet-');
    for (const path of ['/items/7', '/api/search']) {
      const file = join(dir, 'snippet.mjs');
      writeFileSync(file, snippetsFor(path).express);
      const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
  });
});
