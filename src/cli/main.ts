// `cors-lens explain <file.har>`: the Markdown report (or --json, --curl) for the cross-origin
// exchanges of a HAR file saved from Chrome or Firefox DevTools ("-": from standard input).
// `cors-lens check` and `cors-lens audit` (check.ts, audit.ts) send requests to a live server.
// Exit codes: 0 no blocked request reported, 1 at least one blocked request (audit: a finding
// at or above --fail-on), 2 usage, input, network or internal error (always one line on stderr).
//
// Large files: the HAR is read entry by entry (har-file.ts), the exchanges are judged one at a
// time (har.ts) and the report is written as it is made, section by section, never as one
// string. Requests that failed the same way are reported once, with their count (--each: one
// section per request). Everything written is made visible: no control character reaches the
// terminal, whatever the HAR holds.
import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { buildReport, renderCurlScript, reportKind, type ReportExchange, type ReportInput } from '../core/report/index.ts';
import { HarError, parseHar, type HarFile } from './har-file.ts';
import { judgedExchanges } from './har.ts';
import { groupKey, ReportGroups, type ReportGroup } from './groups.ts';
import { composeMarkdown, groupNote, indexLine, jsonWriter, TextOut, visible } from './output.ts';
import { packageVersion } from './version.ts';
import { check } from './check.ts';
import { audit } from './audit.ts';
import { UsageError } from './net-args.ts';
import { stackUsage, takeStack } from './stack-arg.ts';
import { langUsage, takeLang, wordsFor, type Env } from './lang-arg.ts';
import { cliWords, Said, type CliWords } from './words.ts';
import type { Catalogue } from '../core/report/index.ts';
import type { StackId } from '../core/index.ts';

/** `cors-lens --help`, in the user's words. */
export const usage = (w: CliWords): string => w.usage.explain(stackUsage(w), langUsage(w));

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** The bytes (or text) of a file. */
  readFile(path: string): Uint8Array | string;
  /** Everything on standard input. */
  readStdin(): Uint8Array | string;
  /** The locale environment (LC_ALL, LC_MESSAGES, LANG) when --lang is absent; none: English. */
  readonly env?: Env;
}

const BOOLEAN_OPTIONS = new Set(['json', 'curl', 'all', 'each', 'no-redact', 'help']);

/** Problems are reported by default: blocked, unknown, or allowed with warnings. */
function isProblem(i: ReportInput): boolean {
  return reportKind(i.verdict) !== 'allowed' && reportKind(i.verdict) !== 'not-cors';
}

/** A usage or input error: one line on stderr, exit 2. */
class CliError extends Said {}

interface Options {
  readonly file: string;
  readonly format: 'markdown' | 'json' | 'curl';
  readonly all: boolean;
  readonly each: boolean;
  readonly redact: boolean;
  /** The server stack whose snippet the Markdown shows first. */
  readonly stack: StackId | undefined;
  /** The Markdown report's language (and the curl comments'); the JSON is always English. */
  readonly catalogue: Catalogue;
}

function options(argv: readonly string[], env: Env): Options | 'help' | 'usage' {
  const lang = takeLang(argv, env, (say) => new CliError(say));
  const { stack, rest } = takeStack(lang.rest, (say) => new CliError(say));
  const { tokens, positionals } = parseArgs({ args: [...rest], allowPositionals: true, strict: false, tokens: true });
  const set = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (!BOOLEAN_OPTIONS.has(t.name) && t.rawName !== '-h') throw new CliError((w) => w.errors.unknownOption(t.rawName));
    if (t.inlineValue === true) throw new CliError((w) => w.errors.takesNoValue(t.rawName));
    set.add(t.rawName === '-h' ? 'help' : t.name);
  }
  if (set.has('help')) return 'help';
  if (argv.length === 0) return 'usage';
  const [command, file, ...extra] = positionals;
  if (command !== 'explain') throw new CliError((w) => (command === undefined ? w.errors.noCommand : w.errors.unknownCommand(command)));
  if (file === undefined) throw new CliError((w) => w.errors.noHarFile);
  if (extra.length > 0) throw new CliError((w) => w.errors.oneHarFile);
  if (set.has('json') && set.has('curl')) throw new CliError((w) => w.errors.jsonAndCurl);
  if (set.has('json') && set.has('each')) throw new CliError((w) => w.errors.eachWithJson);
  if (stack !== undefined && (set.has('json') || set.has('curl'))) throw new CliError((w) => w.errors.stackNotMarkdown);
  return {
    file,
    format: set.has('json') ? 'json' : set.has('curl') ? 'curl' : 'markdown',
    all: set.has('all'),
    each: set.has('each'),
    redact: !set.has('no-redact'),
    stack,
    catalogue: lang.catalogue,
  };
}

/** Read and parse the HAR; the file's bytes are not kept once its entries are read. */
function load(file: string, io: CliIo): HarFile {
  const name = (w: CliWords) => (file === '-' ? w.standardInput : file);
  let content: Uint8Array | string;
  try {
    content = file === '-' ? io.readStdin() : io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = (w: CliWords) =>
      code === 'ENOENT'
        ? w.errors.noSuchFile
        : code === 'EISDIR'
          ? w.errors.isDirectory
          : code === 'EACCES'
            ? w.errors.permissionDenied
            : code === 'ERR_FS_FILE_TOO_LARGE'
              ? w.errors.fileTooLarge
              : (e as Error).message;
    throw new CliError((w) => w.errors.cannotRead(name(w), why(w)));
  }
  try {
    return parseHar(content);
  } catch (e) {
    if (e instanceof HarError) throw new CliError((w) => w.errors.inFile(name(w), e.say(w)));
    throw e;
  }
}

interface Counts {
  requests: number;
  blocked: number;
  warnings: number;
  reported: number;
}

function count(c: Counts, i: ReportInput): void {
  c.requests++;
  if (i.verdict.outcome === 'blocked') c.blocked++;
  if (reportKind(i.verdict) === 'warning') c.warnings++;
}

/** One report entry for the index: from the report model, so it shows what the section shows. */
const modelOf = (i: ReportInput, redact: boolean, catalogue: Catalogue): ReportExchange => {
  const e = buildReport([i], { redact, catalogue }).exchanges[0];
  if (e === undefined) throw new Error('the report model has no exchange');
  return e;
};

function explain(opts: Options, io: CliIo): number {
  const har = load(opts.file, io);
  const judged = judgedExchanges(har, packageVersion());
  const reportable = (i: ReportInput): boolean => opts.all || isProblem(i);
  const out = new TextOut(io.stdout);
  const counts: Counts = { requests: 0, blocked: 0, warnings: 0, reported: 0 };
  const { redact, stack, catalogue } = opts;
  let groupCount: number | undefined;

  if (opts.format === 'json') {
    // One pass: every reported request, streamed.
    const json = jsonWriter(redact, out);
    for (const i of judged) {
      count(counts, i);
      if (!reportable(i)) continue;
      counts.reported++;
      json.exchange(buildReport([i], { redact }).exchanges[0]);
    }
    json.end();
  } else if (opts.each) {
    // Markdown: a first pass for the index (the title counts the requests), a second for the sections.
    const index: string[] = [];
    for (const i of judged) {
      count(counts, i);
      if (!reportable(i)) continue;
      counts.reported++;
      if (opts.format === 'markdown') index.push(indexLine(index.length + 1, modelOf(i, redact, catalogue), 1, catalogue.report));
    }
    let n = 0;
    const sections = function* (): Generator<ReportInput> {
      for (const i of judged) if (reportable(i)) yield i;
    };
    if (opts.format === 'curl') {
      for (const i of sections()) out.write(curlBlock(++n, i, redact, null, catalogue));
      if (n > 0) out.write('\n');
    } else
      composeMarkdown(out, {
        index,
        requests: counts.reported,
        redact,
        stack,
        catalogue,
        sections: mapIterable(sections(), (i) => ({ input: i, note: null })),
      });
  } else {
    const groups = new ReportGroups();
    for (const i of judged) {
      count(counts, i);
      if (!reportable(i)) continue;
      counts.reported++;
      groups.add(groupKey(i), i);
    }
    groupCount = groups.size;
    const list = groups.list();
    if (opts.format === 'curl') {
      list.forEach((g, k) => out.write(curlBlock(k + 1, g.example, redact, g, catalogue)));
      if (list.length > 0) out.write('\n');
    } else {
      const models = list.map((g) => modelOf(g.example, redact, catalogue));
      composeMarkdown(out, {
        index: list.map((g, k) => indexLine(k + 1, models[k] as ReportExchange, g.count, catalogue.report)),
        requests: counts.reported,
        redact,
        stack,
        catalogue,
        sections: list.map((g, k) => ({ input: g.example, note: g.count > 1 ? groupNote(g, models[k] as ReportExchange, catalogue.report) : null })),
      });
    }
  }
  out.end();
  const w = cliWords(opts.catalogue.locale);
  const name = opts.file === '-' ? w.standardInput : opts.file;
  const grouped = groupCount !== undefined && groupCount < counts.reported ? groupCount : undefined;
  io.stderr(`cors-lens: ${visible(name)}: ${w.progress.explainDone(counts, har.entries.length, har.skipped, grouped)}\n`);
  return counts.blocked > 0 ? 1 : 0;
}

function* mapIterable<T, U>(items: Iterable<T>, f: (t: T) => U): Generator<U> {
  for (const t of items) yield f(t);
}

/** The curl block of the n-th request or group: renderCurlScript's, renumbered, the group's size in its comment. */
function curlBlock(n: number, input: ReportInput, redact: boolean, group: ReportGroup | null, catalogue: Catalogue): string {
  const script = renderCurlScript([input], { redact, catalogue }).trimEnd();
  const eol = script.indexOf('\n');
  const head = (eol < 0 ? script : script.slice(0, eol)).replace(/^# 1\. /, `# ${n}. `);
  const alike = group !== null && group.count > 1 ? ` ${catalogue.report.curlAlike(group.count)}` : '';
  return `${n > 1 ? '\n\n\n' : ''}${head}${alike}${eol < 0 ? '' : script.slice(eol)}`;
}

/** Run the CLI; returns the exit code. Never throws: an internal failure is one line and exit 2. */
export function run(argv: readonly string[], io: CliIo): number {
  const w = wordsFor(argv, io.env ?? {});
  try {
    const opts = options(argv, io.env ?? {});
    if (opts === 'help') {
      io.stdout(`${usage(w)}\n`);
      return 0;
    }
    if (opts === 'usage') {
      io.stderr(`${usage(w)}\n`);
      return 2;
    }
    const code = explain(opts, io);
    return code;
  } catch (e) {
    return failed(e, e instanceof CliError, w, io);
  }
}

/** One line on stderr for a failure: what the user got wrong in their words, else an internal error. Exit 2. */
function failed(e: unknown, expected: boolean, w: CliWords, io: CliIo): number {
  const message = expected && e instanceof Said ? e.say(w) : w.internalError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  try {
    io.stderr(`cors-lens: ${visible(message).replace(/\n/g, '\\n')}\n`);
  } catch {
    // stderr itself is gone: nothing left to tell.
  }
  return 2;
}

const NETWORK_COMMANDS: Readonly<Record<string, (argv: readonly string[], io: CliIo) => Promise<number>>> = { check, audit };

/** Run any command (check and audit send requests, so they are asynchronous); the exit code. Never rejects. */
export async function runAsync(argv: readonly string[], io: CliIo): Promise<number> {
  const command = NETWORK_COMMANDS[argv[0] ?? ''];
  if (command === undefined) return run(argv, io);
  try {
    return await command(argv.slice(1), io);
  } catch (e) {
    return failed(e, e instanceof UsageError, wordsFor(argv, io.env ?? {}), io);
  }
}

/** The process entry: real stdout/stderr/files, exit code in process.exitCode. */
export function main(argv: readonly string[]): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // `cors-lens explain x.har | head`: a closed pipe is not an error.
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`cors-lens: internal error: cannot write the report: ${visible(e.message)}\n`);
    process.exit(2);
  });
  void runAsync(argv, {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    readFile: (p) => readFileSync(p),
    env: process.env,
    readStdin: () => {
      if (isatty(0)) process.stderr.write('cors-lens: reading the HAR from the terminal; end it with Ctrl-D\n');
      return readFileSync(0);
    },
  }).then((code) => {
    process.exitCode = code;
  });
}

// `node --import tsx src/cli/main.ts explain x.har` runs it directly; bin/cors-lens.mjs calls main().
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
