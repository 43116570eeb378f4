#!/usr/bin/env node
// Launcher of the CORS Lens CLI (`npx cors-lens explain file.har`): registers tsx so Node
// can load the TypeScript sources directly (no build step), then runs src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
main(process.argv.slice(2));
