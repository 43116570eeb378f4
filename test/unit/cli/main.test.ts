// The CLI as a user runs it: `cors-lens explain file.har` spawned through bin/cors-lens.mjs
// on the HAR recorded from Chromium; argument and input errors through run() in-process.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, type CliIo } from '../../../src/cli/main.ts';
import { assertValidReport } from '../report/support.ts';
import { firefoxHar, HAR_PATH, HAR_TEXT as HAR } from './support.ts';
import { scratchDir } from '../../support/scratch-dir.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'cors-lens.mjs');

function cli(args: string[], cwd = ROOT): { code: number | null; stdout: string; stderr: string } {
  // LC_ALL=C: the reports are English whatever the developer's locale (lang.test.ts covers the others).
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, LC_ALL: 'C' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function inProcess(args: string[], files: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readFile: (p) => {
      const f = files[p];
      if (f === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return f;
    },
    readStdin: () => '',
  };
  const code = run(args, io);
  return { code, stdout, stderr };
}

describe('cors-lens explain (spawned)', () => {
  it('prints the Markdown report of the blocked and warning requests, exits 1 because some are blocked', () => {
    const r = cli(['explain', HAR_PATH]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^# CORS Lens report: 3 requests\n/);
    assert.match(r.stdout, /^## 1\. Blocked: `GET http:\/\/127\.0\.0\.1:\d+\/no-acao\?status=200&api_key=\[redacted\]`$/m);
    assert.match(r.stdout, /^## 2\. Blocked: `PUT http:\/\/127\.0\.0\.1:\d+\/put-blocked\?/m);
    assert.match(r.stdout, /^## 3\. Allowed with warnings: `GET http:\/\/127\.0\.0\.1:\d+\/hop\?/m);
    assert.match(r.stdout, /Chromium `HeaderDisallowedByPreflightResponse`, Firefox `CORSMissingAllowHeaderFromPreflight`/);
    assert.match(r.stdout, /The actual request was never sent, because its preflight failed\./);
    assert.match(r.stdout, /\*\*Browser:\*\* Chromium \d+/);
    assert.doesNotMatch(r.stdout, /FAKE-/, 'the fake secrets are redacted');
    assert.match(r.stderr, /5 cross-origin requests \(2 blocked, 1 with warnings\) in 8 entries; reporting 3/);
  });

  it('--all adds the allowed requests', () => {
    const r = cli(['explain', '--all', HAR_PATH]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^# CORS Lens report: 5 requests\n/);
    assert.match(r.stdout, /^## 3\. Allowed: `PUT /m);
  });

  it('--json validates against docs/report.schema.json', () => {
    const r = cli(['explain', HAR_PATH, '--json', '--all']);
    assert.equal(r.code, 1);
    assertValidReport(r.stdout);
    const doc = JSON.parse(r.stdout) as { redacted: boolean; exchanges: Array<{ verdict: { reason: string } }> };
    assert.equal(doc.redacted, true);
    assert.deepEqual(
      doc.exchanges.map((e) => e.verdict.reason),
      ['ok', 'missing-allow-origin', 'ok', 'header-not-allowed', 'ok'],
    );
  });

  it('--curl prints runnable commands only', () => {
    const r = cli(['explain', HAR_PATH, '--curl']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^# 1\. GET http:\/\/127\.0\.0\.1:\d+\/no-acao\?status=200&api_key=\[redacted\]\n/);
    assert.doesNotMatch(r.stdout, /FAKE-/);
    assert.match(
      r.stdout,
      /curl -g -i -X OPTIONS '[^']+put-blocked[^']*' \\\n {2}-H 'Origin: http:\/\/localhost:\d+' \\\n {2}-H 'Access-Control-Request-Method: PUT' \\\n {2}-H 'Access-Control-Request-Headers: authorization,x-request-id'/,
    );
    const syntax = spawnSync('sh', ['-n'], { input: r.stdout, encoding: 'utf8' });
    assert.equal(syntax.status, 0, syntax.stderr);
  });

  it('--no-redact keeps the (fake) secrets', () => {
    const r = cli(['explain', HAR_PATH, '--no-redact']);
    assert.match(r.stdout, /api_key=FAKE-api-key-0000/);
    assert.match(r.stdout, /Authorization: Bearer FAKE-token-0000/);
    assert.doesNotMatch(r.stdout, /\[redacted\]/);
  });

  it('a Firefox HAR: the report says the outcome is not recorded', () => {
    const dir = scratchDir('cors-lens-cli-');
    const file = join(dir, 'firefox.har');
    writeFileSync(file, firefoxHar());
    const r = cli(['explain', file], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /HAR from Firefox: it records neither the browser's CORS error nor the initiator, so the verdict rests on the headers\./);
    assert.match(r.stdout, /\*\*The browser reported:\*\* nothing \(not observable\)/);
  });

  it('runs through npx from the repository', () => {
    const r = spawnSync('npx', ['--no-install', 'cors-lens', 'explain', HAR_PATH, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    assertValidReport(r.stdout);
  });

  it('bad input exits 2 with one line on stderr', () => {
    const r = cli(['explain', join(ROOT, 'no-such.har')]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^cors-lens: cannot read .*no-such\.har: no such file\n$/);
  });
});

describe('cors-lens arguments and input errors (in-process)', () => {
  const cases: ReadonlyArray<readonly [string[], Record<string, string>, RegExp]> = [
    [[], {}, /^Usage: cors-lens explain /],
    [['--all'], {}, /^cors-lens: no command given \(cors-lens --help for usage\)\n$/],
    [['frobnicate', 'x.har'], {}, /^cors-lens: unknown command "frobnicate" \(the commands are explain, check and audit\)\n$/],
    [['explain'], {}, /^cors-lens: no HAR file given \("-" reads it from standard input\)\n$/],
    [['explain', 'a.har', 'b.har'], {}, /^cors-lens: only one HAR file at a time\n$/],
    [['explain', 'x.har', '--json', '--curl'], { 'x.har': HAR }, /^cors-lens: --json and --curl exclude each other\n$/],
    [
      ['explain', 'x.har', '--json', '--each'],
      { 'x.har': HAR },
      /^cors-lens: --each is for the Markdown report and --curl; --json always lists each request\n$/,
    ],
    [['explain', 'x.har', '--frob'], {}, /^cors-lens: unknown option --frob \(cors-lens --help lists the options\)\n$/],
    [['explain', 'bad.har'], { 'bad.har': '{"log": ' }, /^cors-lens: bad\.har: not valid JSON \(/],
    [['explain', 'nohar.json'], { 'nohar.json': '{"name": "x"}' }, /^cors-lens: nohar\.json: not a HAR file: no "log" object at the top level\n$/],
  ];
  for (const [args, files, message] of cases) {
    it(`${JSON.stringify(args)} → exit 2`, () => {
      const r = inProcess(args, files);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
  }

  it('--help exits 0 with the usage', () => {
    const r = inProcess(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: cors-lens explain <file\.har \| -> /);
  });

  it('nothing blocked exits 0; nothing to report prints no document', () => {
    const har = JSON.parse(HAR) as { log: { entries: Array<{ request: { url: string } }> } };
    har.log.entries = har.log.entries.filter((e) => /\/(items|put-ok)\?/.test(e.request.url));
    const r = inProcess(['explain', 'ok.har'], { 'ok.har': JSON.stringify(har) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /2 cross-origin requests \(0 blocked, 0 with warnings\) in 3 entries; reporting 0/);
    const all = inProcess(['explain', 'ok.har', '--all'], { 'ok.har': JSON.stringify(har) });
    assert.equal(all.code, 0);
    assert.match(all.stdout, /^# CORS Lens report: 2 requests/);
  });
});
