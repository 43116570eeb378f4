// The CLI's lines that every language it speaks writes the same way, used by each words-<tag>.ts
// (a module of their own: words.ts imports the translations, so they cannot import from it).

/** A problem said after where it happened: "e.har: empty file", "GET http://a.test/: connection refused". */
export const located = (where: string, problem: string): string => `${where}: ${problem}`;
