// `cors-lens explain <file.har>`: the Markdown report (or --json, --curl) for every
// cross-origin exchange of a HAR file saved from Chrome or Firefox DevTools.
// Exit codes: 0 no blocked request reported, 1 at least one blocked request, 2 usage or input error.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { renderCurlScript, renderJson, renderMarkdown, reportKind, type ReportInput } from '../core/report/index.ts';
import { HarError, parseHar } from './har-file.ts';
import { exchangesFromHar } from './har.ts';

export const USAGE = `Usage: cors-lens explain <file.har> [--json | --curl] [--all] [--no-redact]

Explains every cross-origin request in a HAR file saved from Chrome or Firefox DevTools.
By default only blocked requests and requests with warnings are reported.

  --json        the report as JSON (docs/report.schema.json)
  --curl        only the curl commands that reproduce each request
  --all         also report allowed and not-CORS cross-origin requests
  --no-redact   keep cookies, authorization and secret-looking query values
  -h, --help    this help

Exit codes: 0 nothing blocked, 1 blocked requests found, 2 usage or input error.`;

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readFile(path: string): string;
}

/** Problems are reported by default: blocked, unknown, or allowed with warnings. */
function isProblem(i: ReportInput): boolean {
  return reportKind(i.verdict) !== 'allowed' && reportKind(i.verdict) !== 'not-cors';
}

function packageVersion(): string | undefined {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/** Run the CLI; returns the exit code. */
export function run(argv: readonly string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean' }, curl: { type: 'boolean' }, all: { type: 'boolean' },
        'no-redact': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.stderr(`cors-lens: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const [command, file, ...extra] = positionals;
  if (command !== 'explain' || file === undefined || extra.length > 0 || (values.json && values.curl)) {
    const why = command !== 'explain' ? (command === undefined ? 'no command given' : `unknown command "${command}"`)
      : file === undefined ? 'no HAR file given' : extra.length > 0 ? 'only one HAR file at a time' : '--json and --curl exclude each other';
    io.stderr(`cors-lens: ${why}\n${USAGE}\n`);
    return 2;
  }
  let textContent: string;
  try {
    textContent = io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr(`cors-lens: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}\n`);
    return 2;
  }
  let har;
  try {
    har = parseHar(textContent);
  } catch (e) {
    if (!(e instanceof HarError)) throw e;
    io.stderr(`cors-lens: ${file}: ${e.message}\n`);
    return 2;
  }
  const { inputs } = exchangesFromHar(har, packageVersion());
  const reported = values.all ? inputs : inputs.filter(isProblem);
  const redact = !values['no-redact'];
  const blocked = inputs.filter((i) => i.verdict.outcome === 'blocked').length;
  const warnings = inputs.filter((i) => reportKind(i.verdict) === 'warning').length;
  const skipped = har.skipped > 0 ? `, ${har.skipped} unreadable entries skipped` : '';
  io.stderr(`cors-lens: ${file}: ${inputs.length} cross-origin requests (${blocked} blocked, ${warnings} with warnings) in ${har.entries.length} entries${skipped}; reporting ${reported.length}\n`);
  if (values.json) io.stdout(renderJson(reported, { redact }));
  else if (values.curl) {
    if (reported.length > 0) io.stdout(renderCurlScript(reported, { redact }));
  } else if (reported.length > 0) io.stdout(renderMarkdown(reported, { redact }));
  return blocked > 0 ? 1 : 0;
}

/** The process entry: real stdout/stderr/files, exit code in process.exitCode. */
export function main(argv: readonly string[]): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // `cors-lens explain x.har | head`: a closed pipe is not an error.
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = run(argv, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readFile: (p) => readFileSync(p, 'utf8'),
  });
}

// `node --import tsx src/cli/main.ts explain x.har` runs it directly; bin/cors-lens.mjs calls main().
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
