// POSIX shell quoting for the curl reproduction. Single quotes keep every byte literal in
// sh, bash, zsh and dash; the only character they cannot hold is the single quote itself,
// written as '\'' (close, escaped quote, reopen). Control characters would survive quoting but
// can corrupt a terminal or a paste, so they are shown as \xNN text instead.

// C0 controls, DEL and C1 controls (TAB included: a pasted TAB may trigger completion).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Replace control characters by visible `\xNN` text. */
export function visibleControls(s: string): string {
  return s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One shell word in single quotes, for any POSIX shell. */
export function shellQuote(s: string): string {
  return `'${visibleControls(s).replace(/'/g, `'\\''`)}'`;
}

/** A word left bare when it is plainly safe (e.g. a method token), quoted otherwise. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(s) ? s : shellQuote(s);
}
