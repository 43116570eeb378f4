import { test } from 'node:test';
import assert from 'node:assert/strict';
import { whatIfMarkdown } from '../../../src/core/report/index.ts';

test('the what-if section: nothing when nothing changed; the patch fenced, the sentence escaped', () => {
  assert.equal(whatIfMarkdown('  \n', 'Allowed'), '');
  const md = whatIfMarkdown('# Response\n+ X-A: ```<b>', 'Allowed: <img src=x>');
  assert.match(md, /^## What would work \(simulated\)/);
  assert.match(md, /````diff\n# Response\n\+ X-A: ```<b>\n````/, 'a longer fence than any run of backticks inside');
  assert.match(md, /Simulated verdict: Allowed: \\<img src=x\\>/);
});
