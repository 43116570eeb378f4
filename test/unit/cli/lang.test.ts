// `--lang es|en` and the locale environment (LC_ALL, then LC_MESSAGES, then LANG): the Spanish
// report of the recorded HAR is a committed snapshot; an unknown language is a usage error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { run, runAsync, type CliIo } from '../../../src/cli/main.ts';
import { packageVersion } from '../../../src/cli/version.ts';
import { matchSnapshot } from '../report/support.ts';
import { HAR_PATH, HAR_TEXT } from './support.ts';
import { cli as netCli, corsServer, type TestServer } from './cors-server.ts';
import { englishWordIn } from '../../support/english.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'cors-lens.mjs');

/** The process environment without any locale variable, plus `locale`. */
function envWith(locale: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k === 'LANG' || k.startsWith('LC_')) delete env[k];
  return { ...env, ...locale };
}

function cli(args: string[], locale: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: envWith(locale) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function inProcess(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), readFile: () => HAR_TEXT, readStdin: () => '', env };
  return { code: run(args, io), stdout, stderr };
}

/** The package version is in the report; the snapshot must not change with it. */
const stable = (md: string): string => md.split(`\`${packageVersion() ?? ''}\``).join('`VERSION`');

const SPANISH = /^# Informe de CORS Lens: 3 solicitudes\n/;
const ENGLISH = /^# CORS Lens report: 3 requests\n/;

describe('cors-lens --lang', () => {
  it('explain --lang es: the Spanish report of the recorded HAR (snapshot), exit 1 as in English', () => {
    const r = cli(['explain', HAR_PATH, '--lang', 'es'], { LANG: 'C.UTF-8' });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, SPANISH);
    matchSnapshot('cli-explain-es.md', stable(r.stdout));
  });

  it('LANG=es_ES.UTF-8 without --lang gives Spanish; --lang en with LANG=es gives English', () => {
    const es = cli(['explain', HAR_PATH], { LANG: 'es_ES.UTF-8' });
    assert.equal(es.code, 1, es.stderr);
    assert.equal(stable(es.stdout), stable(cli(['explain', HAR_PATH, '--lang', 'es'], { LANG: 'C.UTF-8' }).stdout));
    const en = cli(['explain', HAR_PATH, '--lang', 'en'], { LANG: 'es' });
    assert.match(en.stdout, ENGLISH);
    assert.equal(en.stdout, cli(['explain', HAR_PATH], { LANG: 'C.UTF-8' }).stdout);
  });

  it('LC_ALL, then LC_MESSAGES, then LANG decide; es-MX is Spanish, any other language English', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ LC_ALL: 'C', LANG: 'es_ES.UTF-8' }, ENGLISH],
      [{ LC_ALL: 'es-MX', LANG: 'en_US.UTF-8' }, SPANISH],
      [{ LC_MESSAGES: 'es_AR.UTF-8', LANG: 'en_US.UTF-8' }, SPANISH],
      [{ LC_ALL: '', LC_MESSAGES: '', LANG: 'es' }, SPANISH],
      [{ LANG: 'fr_FR.UTF-8' }, ENGLISH],
      [{}, ENGLISH],
    ];
    for (const [env, expected] of cases) assert.match(inProcess(['explain', 'x.har'], env).stdout, expected, JSON.stringify(env));
    assert.match(inProcess(['explain', 'x.har', '--lang=es'], { LANG: 'en' }).stdout, SPANISH);
    assert.match(inProcess(['explain', '--lang', 'es-MX', 'x.har']).stdout, SPANISH);
  });

  it('the grouped report, --each and --curl speak the language too', () => {
    const each = inProcess(['explain', 'x.har', '--each', '--lang', 'es']).stdout;
    assert.match(each, SPANISH);
    const curl = inProcess(['explain', 'x.har', '--curl', '--lang', 'es']).stdout;
    assert.match(curl, /^# la solicitud real$/m);
    assert.doesNotMatch(curl, /^# the actual request/m);
  });

  it("--stack: where the chosen stack's snippet goes is said in the report's language too", () => {
    const es = inProcess(['explain', 'x.har', '--each', '--stack', 'django', '--lang', 'es']).stdout;
    assert.match(
      es,
      /\*\*Django \(django-cors-headers\)\*\* [^:\n]+: settings\.py: CorsMiddleware el primero en MIDDLEWARE, antes de CommonMiddleware y de la autenticación\./,
    );
    assert.doesNotMatch(es, /CorsMiddleware first in MIDDLEWARE/);
    const en = inProcess(['explain', 'x.har', '--each', '--stack', 'django', '--lang', 'en']).stdout;
    assert.match(en, /settings\.py: CorsMiddleware first in MIDDLEWARE, before CommonMiddleware and authentication\./);
  });

  it('--json stays in English whatever the language (tools read its codes)', () => {
    assert.equal(inProcess(['explain', 'x.har', '--json', '--lang', 'es']).stdout, inProcess(['explain', 'x.har', '--json']).stdout);
    assert.equal(inProcess(['explain', 'x.har', '--json'], { LANG: 'es_ES.UTF-8' }).stdout, inProcess(['explain', 'x.har', '--json']).stdout);
  });

  it('an unknown or missing --lang is a usage error: one line, exit 2', async () => {
    for (const args of [
      ['explain', 'x.har', '--lang', 'fr'],
      ['explain', 'x.har', '--lang'],
      ['explain', 'x.har', '--lang=es', '--lang=en'],
    ]) {
      const r = inProcess(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n').length, 2, r.stderr);
      assert.match(r.stderr, /^cors-lens: .*--lang/);
    }
    for (const command of ['check', 'audit']) {
      let stderr = '';
      const io: CliIo = { stdout: () => undefined, stderr: (s) => void (stderr += s), readFile: () => '', readStdin: () => '' };
      const code = await runAsync([command, 'http://127.0.0.1:1/x', '--origin', 'https://app.example', '--lang', 'xx'], io);
      assert.equal(code, 2, command);
      assert.equal(stderr, 'cors-lens: unknown language "xx" for --lang (en or es)\n');
    }
  });

  it('the usage texts name --lang', () => {
    for (const args of [['--help'], ['check', '--help'], ['audit', '--help']]) {
      const r = cli(args);
      assert.match(r.stdout, /--lang/, args.join(' '));
    }
  });
});

describe('check and audit --lang es', () => {
  let api: TestServer;
  before(async () => {
    // Reflects any Origin with credentials: blocked for nobody, and the audit's worst finding.
    api = await corsServer((_req, origin) => ({
      headers: origin === null ? {} : { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' },
    }));
  });
  after(async () => {
    await api.close();
  });

  it('check: the Markdown report in Spanish, the JSON in English', async () => {
    const md = await netCli(['check', `${api.origin}/x`, '--origin', 'https://app.example', '--method', 'DELETE', '--lang', 'es']);
    assert.equal(md.code, 1, md.stderr);
    assert.match(md.stdout, /^# Bloqueada: `DELETE /);
    assert.match(md.stdout, /\*\*Navegador:\*\* Chromium \(tal como lo envía cors-lens check\)/);
    const json = await netCli(['check', `${api.origin}/x`, '--origin', 'https://app.example', '--json', '--lang', 'es']);
    assert.match(json.stdout, /"title": "Allowed"/);
  });

  it('audit: findings, severities and labels in Spanish', async () => {
    const md = await netCli(['audit', `${api.origin}/x`, '--origin', 'https://app.example', '--lang', 'es']);
    assert.equal(md.code, 1, md.stderr);
    assert.match(md.stdout, /^# Auditoría de CORS Lens: `GET /);
    assert.match(md.stdout, /^## 1\. Crítica: arbitrary-origin$/m);
    assert.match(md.stdout, /Se confía en cualquier origen/);
    assert.doesNotMatch(md.stdout, /Trusted origins|is trusted/);
  });
});

// Issue 16: the CLI's own lines (help, every kind of usage and input error, progress and summary
// lines) follow the language too, not only the reports: each run below in Spanish says nothing
// in English, and the same runs in English do (the check can fail).
describe('the CLI speaks the language of --lang in its own lines', () => {
  let api: TestServer;
  before(async () => {
    api = await corsServer((_req, origin) => ({ headers: origin === null ? {} : { 'access-control-allow-origin': origin } }));
  });
  after(async () => {
    await api.close();
  });

  const runs = (lang: string): string[][] => [
    ['--help', '--lang', lang],
    ['check', '--help', '--lang', lang],
    ['audit', '--help', '--lang', lang],
    ['explain', '--lang', lang],
    ['explain', 'a.har', 'b.har', '--lang', lang],
    ['explain', 'missing.har', '--lang', lang],
    ['explain', '-', '--lang', lang],
    ['frobnicate', '--lang', lang],
    ['explain', 'a.har', '--json', '--curl', '--lang', lang],
    ['explain', 'a.har', '--stack', 'nope', '--lang', lang],
    ['explain', 'a.har', '--frob', '--lang', lang],
    ['check', '--lang', lang],
    ['check', 'ftp://x.example/', '--origin', 'https://a.example', '--lang', lang],
    ['check', 'http://x.example/', '--lang', lang],
    ['check', 'http://x.example/', '--origin', 'not an origin', '--lang', lang],
    ['check', 'http://x.example/', '--origin', 'https://a.example', '--header', 'Cookie: a=1', '--lang', lang],
    ['check', 'http://x.example/', '--origin', 'https://a.example', '--timeout', '-1', '--lang', lang],
    ['check', 'http://127.0.0.1:9/', '--origin', 'https://a.example', '--lang', lang],
    ['audit', 'http://x.example/', '--fail-on', 'huge', '--lang', lang],
  ];

  /** stderr, and stdout for --help: the CLI's own words (a report's are checked above). */
  async function ownLines(lang: string): Promise<string[]> {
    const out: string[] = [];
    for (const args of runs(lang)) {
      const r = args[0] === 'check' || args[0] === 'audit' ? await netCli(args) : inProcess(args);
      out.push(...`${args.includes('--help') ? r.stdout : ''}${r.stderr}`.split('\n').filter((l) => l.trim() !== ''));
      assert.ok(r.stderr !== '' || args.includes('--help'), `${args.join(' ')} said something`);
    }
    const check = await netCli(['check', `${api.origin}/x`, '--origin', 'https://app.example', '--lang', lang]);
    out.push(check.stderr.trim());
    return out;
  }

  it('in Spanish, no English line', async () => {
    const english = (await ownLines('es')).flatMap((l) => {
      // Option names, codes and values are typed, not read: what is left is the sentence.
      const word = englishWordIn(l.replace(/--[a-z-]+/g, ' ').replace(/\b(GET|DELETE|null|chromium|firefox|ok|high|critical|medium|low)\b/g, ' '));
      return word === undefined ? [] : [`"${word}" in: ${l}`];
    });
    assert.deepEqual(english, []);
  });

  it('in English, the same runs are English (the check can fail)', async () => {
    const lines = await ownLines('en');
    assert.ok(lines.filter((l) => englishWordIn(l) !== undefined).length > 10);
  });
});
