// The Markdown report with a chosen stack: its snippet first (name, where it goes, code, proof
// status), then the classic three; redacted like them; the JSON document is unchanged.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../../src/core/index.ts';
import { renderJson, renderMarkdown } from '../../../src/core/report/index.ts';
import { blockedGet } from '../core/helpers.ts';

const TOKEN = 'Q7wLx2Rk9TzP4mVb8YcN1sHd';

function input(path: string) {
  const exchange = blockedGet(`https://api.example.test${path}`);
  return { exchange, verdict: evaluate(exchange) };
}

describe('report: a chosen stack first', () => {
  it('Spring Security first, then Express, nginx and Caddy', () => {
    const md = renderMarkdown(input('/api/search'), { stack: 'spring-security' });
    const at = [
      '**Spring Boot (Security)** (your stack): Your SecurityFilterChain',
      '```java\n',
      'http.cors(Customizer.withDefaults())',
      'Not verified by CORS Lens yet',
      'Express (`cors`):',
      'nginx:',
      'Caddy:',
    ].map((s) => md.indexOf(s));
    assert.ok(
      at.every((x, i) => x >= 0 && (i === 0 || x > (at[i - 1] ?? 0))),
      md,
    );
  });

  it('the chosen snippet is redacted like the others (a token in the path)', () => {
    for (const stack of ['rails', 'fastapi', 'aspnet'] as const) {
      const md = renderMarkdown(input(`/reset/${TOKEN}`), { stack });
      assert.ok(!md.includes(TOKEN), stack);
      assert.ok(md.includes('(your stack)'), stack);
    }
  });

  it('the JSON document does not change with a stack', () => {
    assert.equal(renderJson(input('/api/search'), { stack: 'django' }), renderJson(input('/api/search')));
  });
});
