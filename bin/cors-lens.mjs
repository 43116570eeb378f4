#!/usr/bin/env node
// Launcher of the CORS Lens CLI (`npx cors-lens explain file.har`): registers tsx so Node
// can load the TypeScript sources directly (no build step), then runs src/cli/main.ts.
// A failure to start is an internal error like any other: one line on stderr, exit 2
// (exit 1 means "blocked requests found").
import { register } from 'tsx/esm/api';

try {
  register();
  const { main } = await import('../src/cli/main.ts');
  main(process.argv.slice(2));
} catch (e) {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  process.stderr.write(
    `cors-lens: internal error: ${message.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`,
  );
  process.exitCode = 2;
}
