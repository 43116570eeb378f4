// The only code of `cors-lens check` and `cors-lens audit` that touches the network: one HTTP(S)
// request at a time to the URL the user named (or where its redirects lead), bounded by a
// per-request timeout, a header-size cap and a request budget per run. Bodies are never read:
// CORS is decided by the status and the headers. Errors come back as one short line.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HeaderEntry, HeaderList } from '../core/index.ts';
import { Said, type Say } from './words.ts';

export interface WireLimits {
  /** Per request, from connect to the response headers, in ms. */
  readonly timeoutMs: number;
  /** Requests one run may send. */
  readonly budget: number;
  /** Accept self-signed or otherwise invalid TLS certificates (staging servers). */
  readonly insecure: boolean;
}

export const DEFAULT_LIMITS: WireLimits = { timeoutMs: 10_000, budget: 50, insecure: false };

/** Response headers larger than this are a network error, as in a browser (Chromium: 256 KiB). */
const MAX_HEADER_BYTES = 256 * 1024;

export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
}

export type WireResult =
  | { readonly kind: 'response'; readonly status: number; readonly headers: HeaderList }
  /** What went wrong, said in the user's words when it is printed. */
  | { readonly kind: 'network-error'; readonly say: Say };

/** One request and what came back, in the order sent. */
export interface WireRecord {
  readonly request: WireRequest;
  readonly result: WireResult;
}

/** The request budget is spent: a usage-level stop, not a verdict. */
export class BudgetError extends Said {}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/;

/** A short, stable description of a socket or TLS error, in the user's words. */
function describe(e: NodeJS.ErrnoException, timeoutMs: number): Say {
  const code = e.code ?? '';
  if (code === 'ETIMEDOUT_CORS_LENS') return (w) => w.errors.wire.timeout(timeoutMs / 1000);
  if (code === 'ECONNREFUSED') return (w) => w.errors.wire.refused;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return (w) => w.errors.wire.hostNotFound;
  if (code === 'ECONNRESET') return (w) => w.errors.wire.reset;
  if (code === 'HPE_HEADER_OVERFLOW') return (w) => w.errors.wire.headersTooLarge(MAX_HEADER_BYTES / 1024);
  if (code === 'EPROTO' || TLS_CODES.test(code)) return tlsProblem(code, e.message);
  // The system's own words (an error this list does not know).
  return () => (code === '' ? e.message : `${code}: ${e.message}`);
}

/**
 * A TLS failure in one line: whether the certificate is not trusted (which --insecure
 * accepts) or the handshake itself failed, with OpenSSL's reason and without its internals
 * (`…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/…c:350:`).
 */
function tlsProblem(code: string, message: string): Say {
  const reason = /SSL routines:[^:]*:([^:]+):/.exec(message)?.[1]?.trim();
  if (reason === 'wrong version number' || reason === 'packet length too long' || reason === 'http request') return (w) => w.errors.wire.notTls;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return (w) => w.errors.wire.certificate(`${code}: ${message.split('\n')[0]}`);
  return (w) => w.errors.wire.handshake(reason === undefined ? ` (${code})` : `: ${reason}`);
}

function headersOf(res: IncomingMessage): HeaderList {
  const list: HeaderEntry[] = [];
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) list.push({ name: raw[i] ?? '', value: raw[i + 1] ?? '' });
  return list;
}

/** Sends requests within the limits and keeps the record of what was sent. */
export class Wire {
  readonly log: WireRecord[] = [];
  constructor(readonly limits: WireLimits = DEFAULT_LIMITS) {}

  get sent(): number {
    return this.log.length;
  }

  async send(req: WireRequest): Promise<WireResult> {
    if (this.log.length >= this.limits.budget) throw new BudgetError((w) => w.errors.budgetSpent(this.limits.budget));
    const result = await this.#send(req);
    this.log.push({ request: req, result });
    return result;
  }

  #send(req: WireRequest): Promise<WireResult> {
    const { timeoutMs, insecure } = this.limits;
    return new Promise((done) => {
      let url: URL;
      try {
        url = new URL(req.url);
      } catch {
        done({ kind: 'network-error', say: (w) => w.errors.wire.invalidUrl });
        return;
      }
      const https = url.protocol === 'https:';
      const headers: Record<string, string | string[]> = {};
      for (const h of req.headers) {
        const prev = headers[h.name];
        headers[h.name] = prev === undefined ? h.value : [...(Array.isArray(prev) ? prev : [prev]), h.value];
      }
      const options = {
        method: req.method,
        headers,
        agent: false as const,
        maxHeaderSize: MAX_HEADER_BYTES,
        ...(https ? { rejectUnauthorized: !insecure } : {}),
      };
      const r = (https ? httpsRequest : httpRequest)(url, options, (res) => {
        clearTimeout(timer);
        done({ kind: 'response', status: res.statusCode ?? 0, headers: headersOf(res) });
        res.destroy();
      });
      const timer = setTimeout(() => r.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT_CORS_LENS' })), timeoutMs);
      r.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        done({ kind: 'network-error', say: describe(e, timeoutMs) });
      });
      r.end();
    });
  }
}
