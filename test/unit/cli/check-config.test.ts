// `cors-lens check --config` (issue 14): the file's reader agrees with its published JSON
// Schema (docs/check-config.schema.json) on valid and invalid files; against local servers,
// kept expectations exit 0, a broken one exits 1 and is named in the table; bad files and
// unreachable hosts are one line and exit 2.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readConfig } from '../../../src/cli/check-config.ts';
import { cli, corsServer, lines, type TestServer } from './cors-server.ts';

const PAGE = 'https://app.example';
const EVIL = 'https://evil.example';
const schema = JSON.parse(readFileSync(new URL('../../../docs/check-config.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

const ep = (extra: Record<string, unknown> = {}) => ({ url: 'https://api.example/items', allow: [PAGE], ...extra });
const CASES: ReadonlyArray<readonly [string, unknown, boolean]> = [
  ['minimal', { endpoints: [ep()] }, true],
  [
    'everything',
    {
      $schema: './check-config.schema.json',
      browser: 'firefox',
      endpoints: [ep({ method: 'PUT', headers: { 'X-Token': 't' }, credentials: true, refuse: [EVIL, 'null'] })],
    },
    true,
  ],
  ['refuse only', { endpoints: [{ url: 'http://localhost:8080/', refuse: [EVIL] }] }, true],
  ['not an object', [ep()], false],
  ['no endpoints', { endpoints: [] }, false],
  ['unknown top-level key', { endpoints: [ep()], extra: 1 }, false],
  ['unknown browser', { browser: 'safari', endpoints: [ep()] }, false],
  ['unknown endpoint key', { endpoints: [ep({ origin: PAGE })] }, false],
  ['no url', { endpoints: [{ allow: [PAGE] }] }, false],
  ['ftp url', { endpoints: [ep({ url: 'ftp://api.example/' })] }, false],
  ['method with a space', { endpoints: [ep({ method: 'GET X' })] }, false],
  ['header Origin', { endpoints: [ep({ headers: { origin: PAGE } })] }, false],
  ['header Access-Control-Request-Method', { endpoints: [ep({ headers: { 'Access-Control-Request-Method': 'PUT' } })] }, false],
  ['header value with a line break', { endpoints: [ep({ headers: { 'X-A': 'a\r\nb' } })] }, false],
  ['header value not a string', { endpoints: [ep({ headers: { 'X-A': 1 } })] }, false],
  ['credentials not a boolean', { endpoints: [ep({ credentials: 'yes' })] }, false],
  ['no origin to check', { endpoints: [{ url: 'https://api.example/' }] }, false],
  ['an origin with a path', { endpoints: [ep({ allow: ['https://app.example/x'] })] }, false],
  ['too many origins', { endpoints: [ep({ allow: Array.from({ length: 51 }, (_, i) => `https://a${i}.example`) })] }, false],
];

it('the reader and the published schema agree on every case', () => {
  for (const [name, config, valid] of CASES) {
    assert.equal(validate(config), valid, `schema, ${name}: ${JSON.stringify(validate.errors)}`);
    let read = true;
    try {
      readConfig(JSON.stringify(config));
    } catch {
      read = false;
    }
    assert.equal(read, valid, `reader, ${name}`);
  }
});

describe('cors-lens check --config against local servers', () => {
  let api: TestServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cors-lens-config-'));
    api = await corsServer((req, origin) => {
      const acao = origin === PAGE ? { 'access-control-allow-origin': PAGE, vary: 'Origin' } : {};
      if (req.method === 'OPTIONS')
        return { status: 204, headers: { ...acao, 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-token' } };
      return { headers: acao };
    });
  });
  after(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (config: unknown): string => {
    const path = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
    return path;
  };

  it("every expectation kept: a table of ok rows, exit 0; the requests are the browser's", async () => {
    api.received.length = 0;
    const r = await cli([
      'check',
      '--config',
      file({ endpoints: [{ url: `${api.origin}/items`, method: 'PUT', headers: { 'X-Token': 't' }, allow: [PAGE], refuse: [EVIL] }] }),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^\\| ok \\| PUT ${api.origin}/items \\| ${PAGE} \\| allowed \\| allowed \\(ok\\) \\|$`, 'm'));
    assert.match(r.stdout, new RegExp(`^\\| ok \\| PUT ${api.origin}/items \\| ${EVIL} \\| refused \\| blocked \\(`, 'm'));
    assert.match(r.stdout, /All 2 expectations hold\./);
    assert.deepEqual(
      lines(api).map((l) => l.split(' ')[0]),
      ['OPTIONS', 'PUT', 'OPTIONS'],
    );
    assert.match(r.stderr, /2 expectations, 0 broken; 3 of at most 20 requests sent/);
  });

  it('a broken expectation: named in the table, exit 1; --json gives the rows', async () => {
    const config = file({ endpoints: [{ url: `${api.origin}/items`, allow: [PAGE, EVIL] }] });
    const r = await cli(['check', '--config', config]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, new RegExp(`^\\| BROKEN \\| GET ${api.origin}/items \\| ${EVIL} \\| allowed \\| blocked \\(missing-allow-origin\\) \\|$`, 'm'));
    assert.match(r.stdout, /1 of 2 expectations broken\./);
    const j = await cli(['check', '--config', config, '--json']);
    assert.equal(j.code, 1);
    const rows = (JSON.parse(j.stdout) as { rows: Array<{ origin: string; ok: boolean }> }).rows;
    assert.deepEqual(
      rows.map((x) => [x.origin, x.ok]),
      [
        [PAGE, true],
        [EVIL, false],
      ],
    );
  });

  it('bad files, an unreachable host and options that clash: one line, exit 2', async () => {
    const closed = await corsServer(() => ({}));
    await closed.close();
    const cases: string[][] = [
      ['check', '--config', join(dir, 'missing.json')],
      ['check', '--config', file('{not json')],
      ['check', '--config', file({ endpoints: [{ url: `${api.origin}/x`, allow: ['not an origin'] }] })],
      ['check', '--config', file({ endpoints: [{ url: `${closed.origin}/x`, allow: [PAGE] }] })],
      ['check', `${api.origin}/x`, '--config', file({ endpoints: [ep()] })],
      ['check', '--config', file({ endpoints: [ep()] }), '--origin', PAGE],
    ];
    for (const argv of cases) {
      const r = await cli(argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
    }
  });
});
