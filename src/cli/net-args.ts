// Arguments shared by the commands that send requests (`check`, `audit`): the target URL, an
// origin as the browser serialises it, and the run's bounds (timeout, request budget, TLS).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { normalizeOrigin } from '../core/index.ts';
import { DEFAULT_LIMITS, type WireLimits } from './wire.ts';

/** A usage error: one line on stderr, exit 2. */
export class UsageError extends Error {}

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
    throw new UsageError(`${m.replace(/\. To specify a positional argument.*$/, '')} (cors-lens --help lists the options)`);
  }
}

export const str = (v: Parsed['values'][string]): string | undefined => (typeof v === 'string' ? v : undefined);
export const strs = (v: Parsed['values'][string]): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/** The one http(s) URL the command is about. */
export function targetUrl(positionals: readonly string[], command: string): string {
  const [url, ...extra] = positionals;
  if (url === undefined) throw new UsageError(`no URL given (cors-lens ${command} <url> …)`);
  if (extra.length > 0) throw new UsageError(`one URL at a time (got also "${extra[0] ?? ''}")`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`not a URL: "${url}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`only http and https URLs can be checked, not ${u.protocol}`);
  return u.href;
}

/** An origin as a browser sends it: scheme://host[:port], or "null". */
export function origin(text: string, option = '--origin'): string {
  if (text === 'null') return 'null';
  const o = normalizeOrigin(text);
  if (o === null || o === 'null') throw new UsageError(`${option} "${text}" is not an origin (scheme://host[:port], or null)`);
  return o;
}

function positive(text: string | undefined, option: string, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new UsageError(`${option} takes a number from 0 to ${max}, not "${text}"`);
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
export function limitsLine(l: WireLimits, sent: number): string {
  return `${sent} of at most ${l.budget} requests sent, ${l.timeoutMs / 1000} s timeout each${l.insecure ? ', TLS certificates not verified (--insecure)' : ''}`;
}
