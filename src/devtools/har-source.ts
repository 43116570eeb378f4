// Reads where a request came from out of a HAR entry of devtools.network. Chromium adds a
// non-standard `_initiator` (the DevTools protocol's Network.Initiator); Firefox's HAR has
// none, so there the enrichment simply does not happen.
import type { PageToBackground } from '../shared/protocol.ts';
import type { RequestSource } from '../shared/record.ts';

interface CallFrame {
  functionName?: unknown;
  url?: unknown;
  lineNumber?: unknown;
  columnNumber?: unknown;
}

interface StackTrace {
  callFrames?: unknown;
  parent?: unknown;
}

const MAX_FRAMES = 10;

function frameText(f: CallFrame): string | null {
  if (typeof f.url !== 'string' || typeof f.lineNumber !== 'number') return null;
  const name = typeof f.functionName === 'string' && f.functionName !== '' ? f.functionName : '(anonymous)';
  // The protocol counts lines and columns from 0; people and editors count from 1.
  const column = typeof f.columnNumber === 'number' ? `:${f.columnNumber + 1}` : '';
  return `${name} (${f.url}:${f.lineNumber + 1}${column})`;
}

function framesOf(stack: unknown): CallFrame[] {
  const out: CallFrame[] = [];
  // Async stacks chain through `parent` (e.g. fetch inside a promise callback).
  for (let s = stack as StackTrace | undefined, depth = 0; s && typeof s === 'object' && depth < 8; s = s.parent as StackTrace, depth++) {
    // Frames of extensions (CORS Lens's own page witness wraps fetch) are not the page's code.
    if (Array.isArray(s.callFrames))
      out.push(...(s.callFrames as CallFrame[]).filter((f) => !(typeof f?.url === 'string' && /^[a-z-]+-extension:\/\//.test(f.url))));
    if (out.length >= MAX_FRAMES) break;
  }
  return out.slice(0, MAX_FRAMES);
}

/** The request's source, or null when the entry has none worth showing (or is a preflight). */
export function sourceFromHar(initiator: unknown): RequestSource | null {
  if (typeof initiator !== 'object' || initiator === null) return null;
  const i = initiator as { type?: unknown; url?: unknown; lineNumber?: unknown; columnNumber?: unknown; stack?: unknown };
  if (typeof i.type !== 'string' || i.type === 'preflight') return null;
  const frames = framesOf(i.stack);
  const top = frames[0];
  const url = typeof top?.url === 'string' && top.url !== '' ? top.url : typeof i.url === 'string' ? i.url : undefined;
  const line = typeof top?.lineNumber === 'number' ? top.lineNumber : typeof i.lineNumber === 'number' ? i.lineNumber : undefined;
  const column = typeof top?.columnNumber === 'number' ? top.columnNumber : typeof i.columnNumber === 'number' ? i.columnNumber : undefined;
  const stack = frames.map(frameText).filter((t): t is string => t !== null);
  if (url === undefined && stack.length === 0) return null;
  return {
    kind: i.type,
    ...(url !== undefined ? { url } : {}),
    ...(line !== undefined ? { line: line + 1 } : {}),
    ...(column !== undefined ? { column: column + 1 } : {}),
    ...(stack.length > 0 ? { stack } : {}),
  };
}

export interface HarEntryLike {
  startedDateTime: string;
  request: { url: string; method: string };
  _initiator?: unknown;
}

/** The message for the background, or null when the entry tells nothing new. */
export function sourceMessage(entry: HarEntryLike): Extract<PageToBackground, { type: 'source' }> | null {
  const source = sourceFromHar(entry._initiator);
  const startedAt = Date.parse(entry.startedDateTime);
  if (!source || Number.isNaN(startedAt)) return null;
  return { type: 'source', url: entry.request.url, method: entry.request.method, startedAt, source };
}
