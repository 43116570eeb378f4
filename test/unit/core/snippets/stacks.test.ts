// Every stack × every scenario: the snippet names the exact origin (never `*` with credentials),
// the preflight's methods, headers and max-age, the exposed headers, credentials exactly when
// asked, Vary: Origin where it writes headers itself, and its own ordering rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STACK_IDS, stackSnippets } from '../../../../src/core/index.ts';
import { VERIFIED_STACKS } from '../../../../src/core/snippets/stacks.ts';
import { SCENARIOS } from './cases.ts';
import { RULES } from './rules.ts';

describe('stack snippets', () => {
  for (const [scenario, req] of SCENARIOS) {
    const all = stackSnippets(req);
    it(`${scenario}: one snippet per stack, in the stack list's order`, () => {
      assert.deepEqual(
        all.map((s) => s.stack),
        [...STACK_IDS],
      );
    });
    for (const s of all) {
      const rule = RULES[s.stack];
      it(`${s.stack}, ${scenario}`, () => {
        const c = s.code;
        if (req.origin === '*') assert.match(c, /"\*"|'\*'|AllowAnyOrigin|CORS_ALLOW_ALL_ORIGINS = True/);
        else assert.ok(c.includes(`"${req.origin}"`), 'the exact origin, quoted');
        if (req.credentials) assert.doesNotMatch(c, /["']\*["']|AllowAnyOrigin|ALLOW_ALL_ORIGINS/, 'never * with credentials');
        assert.equal(rule.credentials.test(c), req.credentials, 'credentials exactly when asked');
        if (req.preflight) {
          for (const m of req.methods) assert.match(c, new RegExp(`"${m}"|"${m.toLowerCase()}"|\\b${m}\\b`), m);
          for (const h of req.headers) assert.ok(c.includes(h), h);
          assert.ok(c.includes(String(req.maxAge)), 'max-age');
        }
        for (const h of req.expose ?? []) assert.ok(c.includes(h), `exposes ${h}`);
        if ((req.expose ?? []).length === 0) assert.doesNotMatch(c, /expose/i);
        if (rule.vary) assert.equal(/Vary/.test(c), req.origin !== '*', 'Vary: Origin with an exact origin');
        assert.ok(rule.order(c), `ordering rule:\n${c}`);
        assert.ok(s.where.length > 0 && !s.where.includes('\n'), 'where it goes, in one line');
        assert.match(s.docs, /^https:\/\//);
        assert.equal(s.verified, VERIFIED_STACKS.includes(s.stack));
      });
    }
  }

  it('a chosen stack comes first, the others follow in order', () => {
    const ids = stackSnippets(SCENARIOS[0]?.[1] ?? assert.fail(), 'django').map((s) => s.stack);
    assert.equal(ids[0], 'django');
    assert.deepEqual(
      ids.slice(1),
      STACK_IDS.filter((x) => x !== 'django'),
    );
  });

  it("a preflight answered 401 gets the auth comment in nginx; a duplicate ACAO hides the app's copy", () => {
    const get = (i: number, id: string): string => stackSnippets(SCENARIOS[i]?.[1] ?? assert.fail()).find((s) => s.stack === id)?.code ?? '';
    assert.match(get(4, 'nginx'), /before auth_basic \/ auth_request/);
    assert.match(get(4, 'flask'), /refused by authentication/);
    assert.match(get(8, 'nginx'), /proxy_hide_header Access-Control-Allow-Origin;/);
    assert.match(get(8, 'apache'), /Header always unset Access-Control-Allow-Origin/);
    // The proxied copy is in mod_headers' default table: `always` alone leaves it (found by the snippet farm).
    assert.match(get(8, 'apache'), /^ *Header unset Access-Control-Allow-Origin$/m);
    assert.match(get(7, 'fastapi'), /ServerErrorMiddleware/);
    // Found by the snippet farm: @app.exception_handler(Exception) runs outside CORSMiddleware too,
    // so the 500 is made by a middleware added before CORSMiddleware (inside it).
    const errors = get(7, 'fastapi');
    assert.ok(errors.indexOf('@app.middleware("http")') >= 0 && errors.indexOf('@app.middleware("http")') < errors.indexOf('app.add_middleware('), errors);
    assert.doesNotMatch(get(0, 'fastapi'), /@app\.middleware/);
    // Found by the snippet farm: flask-cors does not answer a preflight the app has no OPTIONS for.
    assert.match(get(5, 'flask'), /@app\.before_request\ndef cors_preflight\(\):[\s\S]*make_default_options_response\(\)/);
    assert.doesNotMatch(get(2, 'flask'), /cors_preflight/);
  });

  // Found by the snippet farm: Next.js 16 refuses a proxy.js whose function is exported as
  // `middleware`; a default export runs from middleware.js and proxy.js alike, as `where` says.
  it('Next.js: one default export, for middleware.js and proxy.js', () => {
    for (const [scenario, req] of SCENARIOS) {
      const next = stackSnippets(req, 'nextjs')[0]!;
      assert.equal(next.code.match(/^export default function middleware\(request\) \{$/gm)?.length, 1, scenario);
      assert.doesNotMatch(next.code, /^export function /m, scenario);
      assert.match(next.where, /^middleware\.js .*proxy\.js from Next\.js 16/);
    }
  });
});
