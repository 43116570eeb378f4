// The what-if editor's result as a report section: the change to the server's answers the user
// tried, as a patch, and the verdict CORS Lens's checks give with it. Said to be a simulation:
// nothing was sent, the browser did not judge it.
import { codeBlock, text } from './markdown-escape.ts';

/** Markdown to append to an exchange's report; '' when nothing was changed. */
export function whatIfMarkdown(patch: string, simulatedSummary: string): string {
  if (patch.trim() === '') return '';
  return [
    '## What would work (simulated)',
    '',
    text("CORS Lens ran its checks again on the server's answers changed as below. Nothing was sent: this is a simulation, not what a browser did."),
    '',
    codeBlock(patch, 'diff'),
    '',
    `Simulated verdict: ${text(simulatedSummary)}`,
    '',
  ].join('\n');
}
