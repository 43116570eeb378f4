// Table-driven verdict tests: outcome, reason code and the key check for every row.
import { describe, it } from 'node:test';
import { assertCase } from './helpers.ts';
import { tables } from './cases/index.ts';

for (const [table, cases] of Object.entries(tables)) {
  describe(`verdicts: ${table}`, () => {
    for (const c of cases) it(c.name, () => void assertCase(c));
  });
}
