// Test runs leave nothing in the system's tmp: scratchDir's folders go when the process exits.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const support = join(import.meta.dirname, '..', '..', 'support', 'scratch-dir.ts');

describe('scratchDir', () => {
  it('removes its folders, with what was written in them, when the process exits', () => {
    const script = `
      import { writeFileSync, existsSync } from 'node:fs';
      import { join } from 'node:path';
      import { scratchDir } from ${JSON.stringify(support)};
      const a = scratchDir('cors-lens-scratch-test-');
      const b = scratchDir('cors-lens-scratch-test-');
      writeFileSync(join(a, 'f.txt'), 'x');
      console.log(JSON.stringify({ a, b, there: existsSync(join(a, 'f.txt')) && existsSync(b) }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const { a, b, there } = JSON.parse(r.stdout) as { a: string; b: string; there: boolean };
    assert.equal(there, true, 'the folders exist while the process runs');
    assert.equal(existsSync(a), false);
    assert.equal(existsSync(b), false);
  });
});
