// Hostile values in the Markdown report: backticks, pipes, HTML, fake headings and fences
// stay inside code spans and code blocks; outside them nothing can become markup.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate, type Exchange } from '../../../src/core/index.ts';
import { renderMarkdown } from '../../../src/core/report/index.ts';
import { code, codeBlock, text } from '../../../src/core/report/markdown-escape.ts';
import { hl } from '../core/helpers.ts';

/** CommonMark code spans: a run of N backticks up to the next run of exactly N. Returns the spans' contents and the rest. */
function splitCodeSpans(line: string): { spans: string[]; rest: string } {
  const spans: string[] = [];
  let rest = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] === '`' && line[i - 1] !== '\\') {
      let n = 0;
      while (line[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      let j = line.indexOf(fence, i + n);
      while (j >= 0 && (line[j + n] === '`' || line[j - 1] === '`')) j = line.indexOf(fence, j + 1);
      if (j < 0) {
        rest += line.slice(i, i + n);
        i += n;
        continue;
      }
      let content = line.slice(i + n, j);
      if (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') content = content.slice(1, -1);
      spans.push(content);
      i = j + n;
    } else {
      rest += line[i];
      i++;
    }
  }
  return { spans, rest };
}

/** The document outside fenced code blocks and code spans: where markup would be live. */
function liveText(md: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (fence === null && m?.[1]) {
      fence = m[1];
      continue;
    }
    if (fence !== null) {
      if (new RegExp(`^${fence}\`*\\s*$`).test(line)) fence = null;
      continue;
    }
    out.push(splitCodeSpans(line).rest);
  }
  assert.equal(fence, null, 'a code block was left open');
  return out.join('\n');
}

const EVIL = [
  '<img src=x onerror=alert(1)>',
  '`` ` ```',
  '| a | b |',
  '</code><script>x</script>',
  '[link](javascript:alert(1))',
  '# heading',
  '**bold** _em_',
  '&lt;b&gt;',
  '````\n# escaped?',
];

function hostileExchange(): Exchange {
  const PAGE = 'http://localhost:5173';
  return {
    initiator: PAGE,
    url: 'https://api.test/a?q=<img src=x onerror=alert(1)>&b=`x`|y',
    browser: 'chromium',
    request: {
      method: 'PUT',
      resourceType: 'xmlhttprequest',
      headers: [{ name: 'Origin', value: PAGE }, ...EVIL.map((value, n) => ({ name: `X-Evil-${n}`, value }))],
    },
    preflight: {
      kind: 'observed',
      requestHeaders: hl({ Origin: PAGE, 'Access-Control-Request-Method': 'PUT' }),
      result: {
        kind: 'response',
        status: 204,
        headers: hl({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': EVIL.join(', ') }),
      },
    },
    redirects: [],
    response: { kind: 'not-sent' },
    outcome: { kind: 'failure', error: '<b>net::ERR_FAILED</b>' },
  };
}

describe('Markdown escaping', () => {
  it('code(): the fence is longer than any backtick run, and the value comes back exactly', () => {
    for (const v of ['plain', '`', 'a`b', '``x``', '` leading', 'trailing `', '```', ' both ', '<img onerror=x>', '|']) {
      const c = code(v);
      const { spans, rest } = splitCodeSpans(c);
      assert.deepEqual(spans, [v], `${JSON.stringify(v)} → ${c}`);
      assert.equal(rest, '');
    }
  });

  it('code(): any printable value round-trips through a CommonMark code span (property)', () => {
    const printable = fc.string({ unit: fc.constantFrom('`', ' ', 'a', '|', '<', '>', '*', '_', '\\', '[', ']', '&', '#') });
    fc.assert(
      fc.property(printable, (v) => {
        const { spans, rest } = splitCodeSpans(code(v));
        // An empty value is shown as one space (an empty code span is not a code span).
        const expected = v === '' ? ' ' : v;
        return rest === '' && spans.length === 1 && spans[0] === expected;
      }),
      { numRuns: 2000 },
    );
  });

  it('code() keeps one line: line breaks and control characters are made visible', () => {
    assert.ok(!code('a\nb\r\u0000').includes('\n'));
    assert.ok(!code('a\nb\r\u0000').includes('\u0000'));
  });

  it('codeBlock(): no line inside can close the fence', () => {
    const block = codeBlock('a\n```\n````` x\nb', 'http');
    assert.equal(liveText(block), '');
    assert.match(block, /^`{6}http\n/);
  });

  it('text(): emphasis, links, HTML, tables and entities are escaped', () => {
    assert.equal(text('<img> *a* _b_ [c](d) |e| &amp; `f` ~g~ #h \\'), '\\<img\\> \\*a\\* \\_b\\_ \\[c\\](d) \\|e\\| \\&amp; \\`f\\` \\~g\\~ \\#h \\\\');
  });

  it('a report full of hostile values has no live HTML, link, table or stray heading', () => {
    const exchange = hostileExchange();
    const md = renderMarkdown({ exchange, verdict: evaluate(exchange) }, { redact: false });
    const live = liveText(md);
    assert.doesNotMatch(live, /(?<!\\)<[a-z/!]/i, 'raw HTML outside code');
    assert.doesNotMatch(live, /(?<!\\)\[[^\]]*(?<!\\)\]\(/, 'a live link');
    assert.doesNotMatch(live, /(?<!\\)\|/, 'a table pipe');
    assert.doesNotMatch(live, /(?<!\\)&[a-z#]/i, 'a live entity');
    // Sentences may quote the value, but only escaped: `\<img …\>` renders as text.
    assert.match(live, /\\<img src=x onerror=alert\(1\)\\>/);
    // Only our own headings: the report's title and section names.
    const headings = live.split('\n').filter((l) => /^#{1,6} /.test(l));
    for (const h of headings) {
      assert.match(
        h,
        /^#{1,3} (Blocked|Allowed|Unknown|Not CORS|Failed check|Preflight|Actual request|Response|Warnings|Other possible causes|Fix|Reproduce with curl|What the capture could not see|Redirects)/,
        h,
      );
    }
    assert.ok(headings.length > 0);
    // Every hostile header value is still there, verbatim, inside a code block.
    for (const v of EVIL) assert.ok(md.includes(v.replace(/\n/, ' ')) || md.includes(v), v);
  });
});
