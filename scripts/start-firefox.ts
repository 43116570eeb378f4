// `npm run start:firefox`: the lab of `npm start`, in Firefox. Builds the extension, serves the
// lab page on one origin and its API on another, and runs Firefox with CORS Lens through
// `web-ext run` on the lab page, DevTools open (`--devtools`): pick the CORS panel there.
// Ctrl-C stops Firefox and the servers. With no display Firefox runs headless and this says so.
// `--smoke`: headless; stops once the lab page has made every request (a check that it works).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LAB_SCENARIOS, labUrl } from '../demo/lab.ts';
import { findFirefox } from './firefox-path.ts';
import { browserOrExit, headless, root, smoke, startLab } from './lab-server.ts';

const firefox = browserOrExit(findFirefox);
const { api, site } = await startLab();

const args = [
  'run',
  '--source-dir',
  join(root, 'dist', 'firefox'),
  '--firefox',
  firefox,
  '--start-url',
  `${site.origin}/`,
  // DevTools docked at the bottom, as `npm start` docks Chromium's.
  '--devtools',
  '--pref=devtools.toolbox.host=bottom',
  '--no-input',
  '--no-reload',
  ...(headless ? ['--arg=--headless'] : []),
];
// Its own process group: Ctrl-C (or the smoke check's end) stops web-ext and the Firefox it started.
const webExt = spawn(join(root, 'node_modules', '.bin', 'web-ext'), args, { stdio: smoke ? 'ignore' : 'inherit', detached: true });
let stopping = false;
const shutdown = async (code: number) => {
  if (stopping) return;
  stopping = true;
  // web-ext closes the Firefox it started on SIGINT (its Ctrl-C); the group is killed if it lingers.
  const group = (signal: NodeJS.Signals) => {
    try {
      if (webExt.pid !== undefined) process.kill(-webExt.pid, signal);
    } catch {
      // already gone
    }
  };
  if (webExt.exitCode === null && webExt.signalCode === null) {
    const exited = new Promise<void>((r) => webExt.once('exit', () => r()));
    group('SIGINT');
    const timer = setTimeout(() => group('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  await Promise.all([api.close(), site.close()]);
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
webExt.on('exit', (code) => {
  if (!stopping) {
    console.error(`web-ext exited (${code ?? 'signal'})`);
    void shutdown(code ?? 1);
  }
});

if (smoke) {
  // Every lab scenario reached the API (its preflight at least: a failed preflight stops the
  // request there, as it should): the lab page ran in Firefox with CORS Lens installed.
  const wanted = LAB_SCENARIOS.map((s) => {
    const u = new URL(labUrl(s, api.origin, site.origin));
    return u.pathname + u.search;
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const seen = new Set(api.log.map((e) => e.url));
    const missing = wanted.filter((u) => !seen.has(u));
    if (missing.length === 0) break;
    if (Date.now() > deadline) {
      console.error(`start:firefox: ${missing.length} of ${wanted.length} lab scenarios never reached the API in 90 s, e.g. ${missing[0]}`);
      await shutdown(1);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`start:firefox: the lab's ${wanted.length} scenarios ran in Firefox`);
  console.log('start:firefox: ok');
  await shutdown(0);
} else if (headless) {
  console.log('\nNo display found, so Firefox runs headless. For a window: run `npm run start:firefox` on a desktop. Ctrl-C stops.');
} else {
  console.log('\nFirefox is open on the lab page with DevTools: pick the CORS panel. Ctrl-C stops.');
}
