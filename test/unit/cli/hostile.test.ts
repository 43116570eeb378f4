// The CLI on big and hostile input (issue 11): escape sequences never reach the terminal,
// an empty file, a HAR on standard input, unknown options, output written as it is made,
// internal failures as one line and exit 2, and requests that failed the same way reported once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { run, type CliIo } from '../../../src/cli/main.ts';
import { parseHar } from '../../../src/cli/har-file.ts';
import { exchangesFromHar } from '../../../src/cli/har.ts';
import { renderCurlScript, renderJson, renderMarkdown, reportKind, type ReportInput } from '../../../src/core/report/index.ts';
import { generatedHar, HAR_PATH, HAR_TEXT } from './support.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'cors-lens.mjs');

const isProblem = (i: ReportInput): boolean => !['allowed', 'not-cors'].includes(reportKind(i.verdict));

// What a terminal would act on: C0 controls but the line feed, DEL, C1 controls.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  writes: string[];
}

function inProcess(args: string[], files: Record<string, string> = {}, stdin?: string, stdoutSink?: (s: string) => void): Result {
  const writes: string[] = [];
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => {
      stdoutSink?.(s);
      writes.push(s);
    },
    stderr: (s) => void (stderr += s),
    readFile: (p) => {
      const f = files[p];
      if (f === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return f;
    },
    readStdin: () => {
      if (stdin === undefined) throw new Error('no stdin in this test');
      return stdin;
    },
  };
  const code = run(args, io);
  return { code, stdout: writes.join(''), stderr, writes };
}

function spawned(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LC_ALL: 'C' },
    ...(input === undefined ? {} : { input }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The recorded HAR with hostile bytes in a response header value and a request header value. */
function hostileHar(): string {
  const har = JSON.parse(HAR_TEXT) as {
    log: {
      entries: Array<{
        request: { url: string; headers: Array<{ name: string; value: string }> };
        response: { headers: Array<{ name: string; value: string }> };
      }>;
    };
  };
  for (const e of har.log.entries) {
    if (!e.request.url.includes('/no-acao')) continue;
    e.response.headers.push({ name: 'X-Title', value: '\u001b]0;pwned\u0007\u009b2J\u001b[2J\u202eevil' });
    e.request.headers.push({ name: 'X-Trace', value: 'a\u0085b\u009bc\u007f' });
  }
  return JSON.stringify(har);
}

describe('escape sequences never reach the terminal', () => {
  it('a malformed HAR holding ESC and BEL: one line on stderr, the bytes shown as \\u001b and \\u0007, exit 2', () => {
    const bad = '{"log": \u001b]0;pwned\u0007\u001b[2J}';
    const r = inProcess(['explain', 'bad.har'], { 'bad.har': bad });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.doesNotMatch(r.stderr, CONTROL);
    assert.match(r.stderr, /^cors-lens: bad\.har: not valid JSON \(.*\\u001b.*\)\n$/);
    assert.equal(r.stderr.split('\n').length, 2, 'one line');
  });

  it('the same through the real process: stderr holds no control byte', () => {
    const r = spawned(['explain', '-'], '{"log": {"entries": [\u001b]2;x\u0007\u009b]}}');
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stderr, CONTROL);
    assert.match(r.stderr, /^cors-lens: standard input: not valid JSON/);
  });

  it('a file name holding escape sequences is shown visibly', () => {
    const r = inProcess(['explain', 'x\u001b[2J.har']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'cors-lens: cannot read x\\u001b[2J.har: no such file\n');
  });

  it('--json escapes C0 and C1 controls (\\u009b) and still parses to the same values', () => {
    const r = inProcess(['explain', 'h.har', '--json', '--no-redact'], { 'h.har': hostileHar() });
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stdout, CONTROL);
    assert.match(r.stdout, /\\u009b2J/);
    assert.match(r.stdout, /a\\u0085b\\u009bc\\u007f/);
    const doc = JSON.parse(r.stdout) as { exchanges: Array<{ response: { headers: Array<{ name: string; value: string }> } }> };
    const values = doc.exchanges
      .flatMap((e) => e.response.headers)
      .filter((h) => h.name === 'X-Title')
      .map((h) => h.value);
    assert.deepEqual(values, ['\u001b]0;pwned\u0007\u009b2J\u001b[2J\u202eevil']);
  });

  for (const args of [[], ['--curl'], ['--all', '--each']]) {
    it(`Markdown and curl output hold no control character (${args.join(' ') || 'default'})`, () => {
      const r = inProcess(['explain', 'h.har', '--no-redact', ...args], { 'h.har': hostileHar() });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /X-Trace/);
      assert.doesNotMatch(r.stdout, CONTROL);
      assert.doesNotMatch(r.stdout, /\u202e/);
    });
  }
});

describe('empty input, standard input, unknown options', () => {
  for (const [label, content] of [
    ['an empty file', ''],
    ['only whitespace', ' \n\t\n'],
    ['only a byte order mark', '\uFEFF'],
  ] as const) {
    it(`${label}: "empty file", exit 2`, () => {
      const r = inProcess(['explain', 'e.har'], { 'e.har': content });
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'cors-lens: e.har: empty file\n');
      assert.equal(r.stdout, '');
    });
  }

  it('"-" reads the HAR from standard input (in-process)', () => {
    const r = inProcess(['explain', '-', '--json'], {}, HAR_TEXT);
    assert.equal(r.code, 1, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { exchanges: unknown[] }).exchanges.length, 3);
    assert.match(r.stderr, /^cors-lens: standard input: 5 cross-origin requests \(2 blocked, 1 with warnings\) in 8 entries; reporting 3\n$/);
  });

  it('"-" reads the HAR from standard input (spawned, piped)', () => {
    const r = spawned(['explain', '-'], HAR_TEXT);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^# CORS Lens report: 3 requests\n/);
    const empty = spawned(['explain', '-'], '');
    assert.equal(empty.code, 2);
    assert.equal(empty.stderr, 'cors-lens: standard input: empty file\n');
  });

  for (const [args, line] of [
    [['explain', 'x.har', '--frob'], 'cors-lens: unknown option --frob (cors-lens --help lists the options)\n'],
    [['explain', '-x', 'x.har'], 'cors-lens: unknown option -x (cors-lens --help lists the options)\n'],
    [['explain', 'x.har', '--json=yes'], 'cors-lens: --json takes no value\n'],
    [['explain', 'x.har', '--\u001b[2J'], 'cors-lens: unknown option --\\u001b[2J (cors-lens --help lists the options)\n'],
  ] as const) {
    it(`${JSON.stringify(args)}: one clear line, exit 2`, () => {
      const r = inProcess([...args], { 'x.har': HAR_TEXT });
      assert.equal(r.code, 2);
      assert.equal(r.stderr, line);
      assert.equal(r.stdout, '');
    });
  }
});

describe('huge output', () => {
  // 100 cycles of the recorded HAR: 800 entries, 500 exchanges, about 2 MB of Markdown with --all --each.
  const big = generatedHar(800);

  it('is written as it is made, in pieces of at most 128 K characters, and reads as renderMarkdown of the whole list', () => {
    const r = inProcess(['explain', 'big.har', '--all', '--each'], { 'big.har': big });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.writes.length > 10, `${r.writes.length} writes`);
    assert.ok(
      r.writes.every((w) => w.length <= 128 * 1024),
      `largest write ${Math.max(...r.writes.map((w) => w.length))}`,
    );
    assert.match(r.stdout, /^# CORS Lens report: 500 requests\n/);
    assert.equal(r.stdout, renderMarkdown(exchangesFromHar(parseHar(big), '0.1.0').inputs));
  });

  it('an internal failure while writing (V8\'s "Invalid string length") is one line and exit 2, not exit 1', () => {
    let n = 0;
    const r = inProcess(['explain', 'big.har', '--all', '--each'], { 'big.har': big }, undefined, () => {
      if (++n === 3) throw new RangeError('Invalid string length');
    });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'cors-lens: internal error: RangeError: Invalid string length\n');
  });
});

describe('requests that went the same way are reported once, with their count', () => {
  // 10 cycles: 10 × /no-acao (10 URLs, one endpoint), 10 × /put-blocked, 10 × /hop with a warning.
  const har = generatedHar(80);

  it('by default: one section per group, its count and one full example', () => {
    const r = inProcess(['explain', 'g.har'], { 'g.har': har });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^# CORS Lens report: 30 requests in 3 groups\n/);
    assert.equal(r.stdout.match(/^## \d+\. /gm)?.length, 3);
    assert.match(r.stdout, /^1\. Blocked: `GET http:\/\/127\.0\.0\.1:\d+\/no-acao\?status=200&api_key=\[redacted\]&n=0`, .* \(10 requests\)$/m);
    assert.match(
      r.stdout,
      /^\*\*10 requests alike\*\* \(same method, endpoint, page origin and verdict\): `GET http:\/\/127\.0\.0\.1:\d+\/no-acao`, 10 different URLs, captured from `2026-11-22T12:00:00Z` to `2026-11-22T12:00:09Z`\. The first is shown in full; `--each` reports each request\.$/m,
    );
    assert.match(r.stdout, /^## 2\. Blocked: `PUT [^\n]*\n\n\*\*10 requests alike\*\*/m);
    assert.match(r.stderr, /50 cross-origin requests \(20 blocked, 10 with warnings\) in 80 entries; reporting 30 in 3 groups\n$/);
  });

  it('--each: one section per request', () => {
    const r = inProcess(['explain', 'g.har', '--each'], { 'g.har': har });
    assert.match(r.stdout, /^# CORS Lens report: 30 requests\n/);
    assert.equal(r.stdout.match(/^## \d+\. /gm)?.length, 30);
    assert.doesNotMatch(r.stdout, /alike/);
  });

  it('--curl: one replay per group; --curl --each: one per request', () => {
    const grouped = inProcess(['explain', 'g.har', '--curl'], { 'g.har': har });
    assert.deepEqual(
      grouped.stdout.match(/^# \d+\. .*$/gm)?.map((l) => l.replace(/ http\S+/, '')),
      [
        '# 1. GET (1 of 10 alike: same method, endpoint, page origin and verdict)',
        '# 2. PUT (1 of 10 alike: same method, endpoint, page origin and verdict)',
        '# 3. GET (1 of 10 alike: same method, endpoint, page origin and verdict)',
      ],
    );
    const each = inProcess(['explain', 'g.har', '--curl', '--each'], { 'g.har': har });
    assert.equal(each.stdout.match(/^# \d+\. /gm)?.length, 30);
    assert.equal(each.stdout, renderCurlScript(exchangesFromHar(parseHar(har), '0.1.0').inputs.filter(isProblem)));
  });

  it('ids in the path are one endpoint: /items/7 and /items/8 are one group', () => {
    const h = JSON.parse(HAR_TEXT) as { log: { entries: Array<{ request: { url: string } }> } };
    const noAcao = h.log.entries.find((e) => e.request.url.includes('/no-acao'));
    assert.ok(noAcao);
    h.log.entries = [7, 8, 9].map((id) => ({ ...noAcao, request: { ...noAcao.request, url: noAcao.request.url.replace('/no-acao?', `/no-acao/${id}?`) } }));
    const r = inProcess(['explain', 'ids.har'], { 'ids.har': JSON.stringify(h) });
    assert.match(r.stdout, /^# CORS Lens report: 3 requests in 1 group\n/);
    assert.match(r.stdout, /`GET http:\/\/127\.0\.0\.1:\d+\/no-acao\/\{id\}`, 3 different URLs/);
  });
});

describe("the streamed documents are the report module's own", () => {
  const inputs = exchangesFromHar(parseHar(HAR_TEXT), '0.1.0').inputs;
  const problems = inputs.filter(isProblem);

  for (const redact of [true, false]) {
    const flag = redact ? [] : ['--no-redact'];
    it(`Markdown --all --each = renderMarkdown${redact ? '' : ' (not redacted)'}`, () => {
      assert.equal(inProcess(['explain', 'c.har', '--all', '--each', ...flag], { 'c.har': HAR_TEXT }).stdout, renderMarkdown(inputs, { redact }));
    });
    it(`--json --all = renderJson${redact ? '' : ' (not redacted)'}`, () => {
      assert.equal(inProcess(['explain', 'c.har', '--all', '--json', ...flag], { 'c.har': HAR_TEXT }).stdout, renderJson(inputs, { redact }));
    });
  }

  it('no duplicates: the default report is the per-request one', () => {
    assert.equal(inProcess(['explain', 'c.har'], { 'c.har': HAR_TEXT }).stdout, renderMarkdown(problems));
    assert.equal(inProcess(['explain', 'c.har', '--curl'], { 'c.har': HAR_TEXT }).stdout, renderCurlScript(problems));
  });

  it('one request: the single-request document; none: --json still writes an empty report', () => {
    const one = inputs.slice(1, 2);
    const h = JSON.parse(HAR_TEXT) as { log: { entries: Array<{ request: { url: string } }> } };
    h.log.entries = h.log.entries.filter((e) => e.request.url.includes('/no-acao'));
    assert.equal(inProcess(['explain', 'o.har'], { 'o.har': JSON.stringify(h) }).stdout, renderMarkdown(one));
    h.log.entries = [];
    assert.equal(inProcess(['explain', 'o.har', '--json'], { 'o.har': JSON.stringify(h) }).stdout, renderJson([]));
  });

  it('the recorded HAR file itself, spawned with --json, is renderJson of its problems', () => {
    const r = spawned(['explain', HAR_PATH, '--json']);
    assert.equal(r.stdout, renderJson(problems));
  });
});
