// Arguments shared by the commands that send requests (`check`, `audit`): the target URL, an
// origin as the browser serialises it, and the run's bounds (timeout, request budget, TLS).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { normalizeOrigin } from '../core/index.ts';
import { DEFAULT_LIMITS, type WireLimits } from './wire.ts';
import { Said, type CliWords } from './words.ts';

/** A usage error: one line on stderr, exit 2. */
export class UsageError extends Said {}

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export const NET_OPTIONS: OptionSpec = {
  timeout: { type: 'string' },
  'max-requests': { type: 'string' },
  insecure: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export interface Parsed {
  readonly values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  readonly positionals: readonly string[];
}

/** parseArgs, its errors as one usage line. */
export function parse(argv: readonly string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (e) {
    const m = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
    // Node's own words, except for the mistake made most: an option that does not exist.
    const unknown = /^Unknown option '([^']*)'/.exec(m)?.[1];
    if (unknown !== undefined) throw new UsageError((w) => w.errors.unknownOption(unknown));
    const option = /^Option '(--[a-z-]+)/.exec(m)?.[1];
    if (option !== undefined && / argument missing$/.test(m)) throw new UsageError((w) => w.errors.needsValue(option));
    if (option !== undefined && / argument is ambiguous/.test(m)) throw new UsageError((w) => w.errors.valueLooksLikeOption(option));
    if (option !== undefined && /does not take an argument/.test(m)) throw new UsageError((w) => w.errors.takesNoValue(option));
    const positional = /^Unexpected argument '([^']*)'/.exec(m)?.[1];
    if (positional !== undefined) throw new UsageError((w) => w.errors.unexpectedArgument(positional));
    throw new UsageError((w) => w.errors.badOption(m.replace(/\. To specify a positional argument.*$/, '')));
  }
}

export const str = (v: Parsed['values'][string]): string | undefined => (typeof v === 'string' ? v : undefined);
export const strs = (v: Parsed['values'][string]): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/** The one http(s) URL the command is about. */
export function targetUrl(positionals: readonly string[], command: string): string {
  const [url, ...extra] = positionals;
  if (url === undefined) throw new UsageError((w) => w.errors.noUrl(command));
  if (extra.length > 0) throw new UsageError((w) => w.errors.oneUrl(extra[0] ?? ''));
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError((w) => w.errors.notUrl(url));
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError((w) => w.errors.notHttp(u.protocol));
  return u.href;
}

/** An origin as a browser sends it: scheme://host[:port], or "null". */
export function origin(text: string, option = '--origin'): string {
  if (text === 'null') return 'null';
  const o = normalizeOrigin(text);
  if (o === null || o === 'null') throw new UsageError((w) => w.errors.notOrigin(option, text));
  return o;
}

function positive(text: string | undefined, option: string, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new UsageError((w) => w.errors.notNumber(option, max, text));
  return n;
}

/** --timeout <seconds>, --max-requests <n>, --insecure. */
export function limits(values: Parsed['values'], budget: number): WireLimits {
  return {
    timeoutMs: Math.round(positive(str(values['timeout']), '--timeout', DEFAULT_LIMITS.timeoutMs / 1000, 600) * 1000),
    budget: Math.floor(positive(str(values['max-requests']), '--max-requests', budget, 10_000)),
    insecure: values['insecure'] === true,
  };
}

/** The bounds of a run, as printed on stderr. */
export function limitsLine(l: WireLimits, sent: number, w: CliWords): string {
  return w.progress.limits(sent, l.budget, l.timeoutMs / 1000, l.insecure);
}
