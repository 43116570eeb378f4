// The demo lab's scenario table (demo/lab.ts) read without a browser: test/e2e/lab.test.ts runs
// each scenario in Chromium, this checks what the table itself promises, in milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAB_GROUPS, LAB_SCENARIOS, LAB_URLS_UNIQUE, labUrl } from '../../../demo/lab.ts';

test('the scenarios come group by group, in the order of LAB_GROUPS, every group used', () => {
  const groups = LAB_SCENARIOS.map((x) => x.group);
  assert.deepEqual(
    groups.filter((g, i) => g !== groups[i - 1]),
    [...LAB_GROUPS],
  );
});

test('labels and URLs are unique: a scenario is found by either', () => {
  assert.equal(new Set(LAB_SCENARIOS.map((x) => x.label)).size, LAB_SCENARIOS.length);
  assert.ok(LAB_URLS_UNIQUE);
});

test('a row without init is a plain GET; only the preflight-cache scenario is sent twice', () => {
  const first = LAB_SCENARIOS[0]!;
  assert.deepEqual(first.init, {});
  assert.equal('twice' in first, false);
  assert.deepEqual(
    LAB_SCENARIOS.filter((x) => x.twice).map((x) => x.group),
    ['Preflight cache'],
  );
});

test("labUrl fills in the page's and the API's origins, URL-encoded", () => {
  const trailing = LAB_SCENARIOS.find((x) => x.path.includes('{page}'))!;
  assert.equal(labUrl(trailing, 'http://api.test', 'http://page.test:8080'), 'http://api.test/items?acao=http%3A%2F%2Fpage.test%3A8080%2F');
  const redirect = LAB_SCENARIOS.find((x) => x.path.includes('{api}'))!;
  assert.ok(labUrl(redirect, 'http://api.test', 'http://page.test').includes('redirect=http%3A%2F%2Fapi.test%2Fnew'));
});
