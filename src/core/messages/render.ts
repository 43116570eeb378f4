// Fill `{placeholder}` templates from a catalogue. Output is plain text: header values are
// untrusted, so control characters are made visible here and HTML escaping is the UI's job.
import type { ResourceType } from '../exchange.ts';
import { REASONS, type ReasonCode } from '../reasons.ts';
import { preflightStatusDetail, preflightStatusWarning } from '../preflight.ts';
import type { Check, DetailCode, HintCode, Params, Verdict, Warning } from '../verdict.ts';
import type { Catalogue, FixNote } from './catalogue.ts';

/** Placeholder names found in a template, in order. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1] ?? '');
}

// Control bytes and the Unicode line/bidi controls could hide or reorder text in the panel.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g;

/** Make an untrusted value safe to show as one line of text. */
export function displayValue(value: string): string {
  return value.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\t|\n/g, ' ');
}

/** Placeholders whose null is a header that was not there: shown as `absent`, every other null as `none`. */
const HEADER_VALUES: ReadonlySet<string> = new Set(['actual', 'expected']);

/**
 * Fill a template; `onMissing` is told about any placeholder without a value (left as-is). A null
 * shows as `absent` for a header value, else as `none`; a word already in parentheses is not
 * put in a second pair by a template that writes `({name})`.
 */
export function format(template: string, params: Params, onMissing?: (name: string) => void, none = '(none)', absent = '(absent)'): string {
  return template.replace(/(\()?\{([a-zA-Z]+)\}(\))?/g, (whole, open: string | undefined, name: string, close: string | undefined) => {
    const v = params[name];
    if (v === undefined) {
      onMissing?.(name);
      return whole;
    }
    const shown = v === null ? (HEADER_VALUES.has(name) ? absent : none) : typeof v === 'number' ? String(v) : displayValue(v);
    if (open !== undefined && close !== undefined && v === null && shown.startsWith('(') && shown.endsWith(')')) return shown;
    return `${open ?? ''}${shown}${close ?? ''}`;
  });
}

/** Params that name another reason code are shown as that reason's title. */
function resolveCodes(params: Params, cat: Catalogue): Params {
  const out: Record<string, string | number | null> = { ...params };
  for (const key of ['rule', 'other'] as const) {
    const v = params[key];
    if (typeof v === 'string' && v in REASONS) out[key] = cat.reasons[v as ReasonCode].title;
  }
  // A verdict stored before `headers` (every refused name) was added names only the first.
  if (out['headers'] === undefined && typeof out['header'] === 'string') out['headers'] = out['header'];
  return out;
}

/** One-sentence headline for a verdict. */
export function renderSummary(verdict: Verdict, cat: Catalogue, onMissing?: (name: string) => void): string {
  return format(cat.reasons[verdict.reason].summary, resolveCodes(verdict.params, cat), onMissing, cat.words.none, cat.words.absent);
}

/** Short title of a reason code. */
export function renderReasonTitle(code: ReasonCode, cat: Catalogue): string {
  return cat.reasons[code].title;
}

/** All values a check sentence may use. */
function checkParams(check: Check, cat: Catalogue): Params {
  const p: Record<string, string | number | null> = { ...(check.params ?? {}) };
  // A resource type as a developer names it ("fetch/XHR", not "xmlhttprequest").
  const type = p['type'];
  if (typeof type === 'string') p['type'] = cat.resourceTypes[type as ResourceType] ?? type;
  if (check.header !== undefined) p['header'] ??= check.header;
  if (check.expected !== undefined) p['expected'] = check.expected;
  if (check.actual !== undefined) p['actual'] = check.actual;
  if (check.hop !== undefined) p['hop'] = check.hop + 1;
  return p;
}

/** A rendered check: rule title, status word and the finding sentence. */
export interface RenderedCheck {
  readonly title: string;
  readonly status: string;
  readonly text: string;
}

/**
 * A verdict stored before preflight statuses were told apart by class names every failing status
 * `status-not-ok` / `preflight-error-status`: it is shown with the words of its class.
 */
function statusClassDetail(check: Check): DetailCode {
  const status = check.params?.['status'];
  return check.detail === 'status-not-ok' && typeof status === 'number' ? preflightStatusDetail(status) : check.detail;
}

/** Render one check. */
export function renderCheck(check: Check, cat: Catalogue, onMissing?: (name: string) => void): RenderedCheck {
  return {
    title: cat.checks[check.id],
    status: cat.statuses[check.status],
    text: format(cat.details[statusClassDetail(check)], checkParams(check, cat), onMissing, cat.words.none, cat.words.absent),
  };
}

/** Render one warning (a stored `preflight-error-status` in the words of its status class, as for checks). */
export function renderWarning(warning: Warning, cat: Catalogue, onMissing?: (name: string) => void): string {
  const status = warning.params['status'];
  const code = warning.code === 'preflight-error-status' && typeof status === 'number' ? preflightStatusWarning(status) : warning.code;
  return format(cat.warnings[code], resolveCodes(warning.params, cat), onMissing, cat.words.none, cat.words.absent);
}

/** Render one hint (another possible cause). */
export function renderHint(hint: HintCode, cat: Catalogue): string {
  return cat.hints[hint];
}

/** Render one fix note. */
export function renderFixNote(note: { readonly code: FixNote; readonly params: Params }, cat: Catalogue, onMissing?: (name: string) => void): string {
  return format(cat.fixes[note.code], note.params, onMissing, cat.words.none, cat.words.absent);
}
