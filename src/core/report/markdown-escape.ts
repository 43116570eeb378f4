// Markdown for untrusted values. Header values and URLs come from servers and pages: they may
// hold backticks, pipes, `<img onerror=…>` or fake headings. Values therefore only ever appear
// inside code spans or fenced code blocks whose fence is longer than any backtick run inside
// (CommonMark renders their content literally, HTML included); prose gets backslash escapes.
import { displayValue } from '../messages/render.ts';

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** An inline code span holding `value` literally (on one line). */
export function code(value: string): string {
  const v = displayValue(value);
  if (v === '') return '` `';
  const fence = '`'.repeat(longestRun(v, '`') + 1);
  // A space on each side keeps a leading or trailing backtick apart from the fence; CommonMark strips one.
  const pad = v.trim() !== '' && (v.startsWith('`') || v.endsWith('`') || (v.startsWith(' ') && v.endsWith(' '))) ? ' ' : '';
  return `${fence}${pad}${v}${pad}${fence}`;
}

/** A fenced code block holding `text` literally; `lang` is a fixed info string (never user data). */
export function codeBlock(text: string, lang = ''): string {
  // Lines keep their breaks; other control characters are made visible.
  const body = text.split('\n').map(displayValue).join('\n');
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${lang}\n${body}\n${fence}`;
}

// CommonMark's backslash-escapable punctuation that can start markup inline or at a line start.
const MARKUP = /[\\`*_[\]<>|~&#]/g;

/** Plain text made inert for Markdown (no emphasis, links, HTML, tables or entities). */
export function text(s: string): string {
  return displayValue(s).replace(MARKUP, (c) => `\\${c}`);
}
