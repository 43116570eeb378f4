// One source of truth for "verified": VERIFIED_STACKS names exactly the stacks the snippet farm
// runs (test/e2e/farm/stacks.ts), so no snippet is marked proven that the farm does not prove,
// and no stack the farm proves is left marked unproven.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STACK_IDS, stackSnippets } from '../../../../src/core/index.ts';
import { VERIFIED_STACKS } from '../../../../src/core/snippets/stacks.ts';
import { FARM_STACKS } from '../../../e2e/farm/stacks.ts';
import { SCENARIOS } from './cases.ts';

describe('verified stacks', () => {
  it('every verified stack is one the snippet farm runs', () => {
    for (const id of VERIFIED_STACKS)
      assert.ok((FARM_STACKS as readonly string[]).includes(id), `${id} is marked verified but the snippet farm does not run it`);
  });

  it('every stack the snippet farm runs is marked verified', () => {
    for (const id of FARM_STACKS) assert.ok(VERIFIED_STACKS.includes(id), `the snippet farm proves ${id}: add it to VERIFIED_STACKS`);
  });

  it('stackSnippets says verified exactly for those; the others stay unverified', () => {
    const all = stackSnippets(SCENARIOS[0]![1]);
    assert.deepEqual(
      all.filter((s) => s.verified).map((s) => s.stack),
      STACK_IDS.filter((id) => VERIFIED_STACKS.includes(id)),
    );
    for (const id of ['spring', 'spring-security', 'aspnet'] as const) {
      assert.equal(all.find((s) => s.stack === id)?.verified, false, id);
    }
  });
});
