// Exact snapshots of the reports for recorded Chromium exchanges: the failure cases a user
// exports (blocked at the preflight, blocked on the response), a redirect, and a warning.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderJson, renderMarkdown, type ReportInput } from '../../../src/core/report/index.ts';
import { input, matchSnapshot } from './support.ts';

const CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['blocked at the preflight (401)', 'preflight-401', 'preflight-401'],
  ['blocked at the preflight (header not allowed)', 'preflight-header-not-allowed', 'preflight-header-not-allowed'],
  ['blocked on the response (no ACAO)', 'missing-acao', 'missing-acao'],
  ['a cross-origin redirect', 'cross-origin-redirect', 'redirect'],
  ['allowed with a warning (no Vary: Origin)', 'allowed-with-warning', 'warning'],
];

describe('report snapshots', () => {
  for (const [title, scenario, file] of CASES) {
    it(`${title}: Markdown`, () => matchSnapshot(`${file}.md`, renderMarkdown(input(scenario))));
    it(`${title}: JSON`, () => matchSnapshot(`${file}.json`, renderJson(input(scenario))));
  }

  it('several exchanges: one document with an index, then a section each', () => {
    const inputs: ReportInput[] = ['missing-acao', 'preflight-401', 'allowed-with-warning'].map(input);
    const md = renderMarkdown(inputs);
    matchSnapshot('several.md', md);
    assert.match(md, /^# CORS Lens report: 3 requests\n/);
    assert.equal(md.match(/^## \d\. /gm)?.length, 3);
  });

  it('the Markdown carries every part a server owner needs', () => {
    const md = renderMarkdown(input('preflight-401'));
    for (const part of [
      /^# Blocked: `DELETE http:\/\/127\.0\.0\.1:\d+\/del\?/m, // verdict and URL
      /\*\*Reason:\*\* Preflight status not OK \(`preflight-invalid-status`\)/,
      /Chromium `PreflightInvalidStatus`, Firefox `CORSPreflightDidNotSucceed`/,
      /\*\*Page origin:\*\* `http:\/\/localhost:\d+`/,
      /^## Failed check$/m,
      /- Expected: `200-299`/,
      /- Actual: `401`/,
      /^## Preflight$/m,
      /Status: `401`/,
      /^## Fix$/m,
      /```nginx\n/,
      /```js\n/,
      /```caddy\n/,
      /```sh\n# the preflight\ncurl -g -i -X OPTIONS /,
      /\*\*Captured:\*\* `2026-11-22T\d\d:\d\d:\d\dZ`, \*\*Browser:\*\* Chromium 156, \*\*CORS Lens:\*\* `0\.1\.0`/,
    ])
      assert.match(md, part);
  });

  it('names the other keys Firefox may have used', () => {
    const i = input('acao-list');
    const md = renderMarkdown({ ...i, verdict: { ...i.verdict, firefoxAlternatives: ['CORSAllowOriginNotMatchingOrigin'] } });
    assert.match(md, /Firefox `CORSMultipleAllowOriginNotAllowed` or `CORSAllowOriginNotMatchingOrigin`/);
  });
});
