// One esbuild build for both browsers: `npm run build` writes dist/chrome and dist/firefox
// from the same sources. `-- --watch` rebuilds on change; `-- --production` minifies and
// drops source maps (used by `npm run package`); `-- --outdir=<dir>` writes <dir>/chrome and
// <dir>/firefox instead (the reproducibility check builds a second time elsewhere).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_TARGETS, manifestFor, type BuildTarget } from './manifest.ts';
import { noInnerHtml } from './no-inner-html.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const production = args.has('--production');
const outArg = [...args].find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length);
const outRoot = outArg ? resolve(outArg) : join(root, 'dist');

const entryPoints = {
  background: join(root, 'src/background/index.ts'),
  devtools: join(root, 'src/devtools/devtools.ts'),
  panel: join(root, 'src/panel/main.tsx'),
  // The toolbar popup (manifest action.default_popup).
  popup: join(root, 'src/panel/popup.tsx'),
  // The page witness (manifest content_scripts): main world, and its isolated-world relay.
  'witness-page': join(root, 'src/witness/page.ts'),
  'witness-relay': join(root, 'src/witness/relay.ts'),
};

const staticFiles: Array<[string, string]> = [
  ['src/devtools/devtools.html', 'devtools.html'],
  ['src/panel/panel.html', 'panel.html'],
  ['src/panel/popup.html', 'popup.html'],
  ['src/panel/panel.css', 'panel.css'],
  // One stylesheet per area of the panel, so the list and the detail view evolve apart.
  ['src/panel/css', 'css'],
  ['icons', 'icons'],
  // The manifest's name, description and button title, and the panel's tab title, per language.
  ['_locales', '_locales'],
];

function writeStatic(browser: BuildTarget, outdir: string): void {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const source = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(outdir, 'manifest.json'), JSON.stringify(manifestFor(source, browser, pkg.version, { store: production }), null, 2));
  for (const [from, to] of staticFiles) {
    // The icon SVG is only the source of the PNGs; the package ships the PNGs.
    cpSync(join(root, from), join(outdir, to), { recursive: true, filter: (src) => !src.endsWith('.svg') });
  }
}

function options(browser: BuildTarget, outdir: string): esbuild.BuildOptions {
  return {
    entryPoints,
    outdir,
    bundle: true,
    format: 'iife',
    target: ['chrome120', 'firefox142'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: production,
    sourcemap: production ? false : 'linked',
    define: { __BROWSER__: JSON.stringify(browser) },
    logLevel: 'warning',
    plugins: [
      noInnerHtml(),
      {
        name: 'static-files',
        setup(build) {
          build.onEnd((result) => {
            if (result.errors.length === 0) writeStatic(browser, outdir);
          });
        },
      },
    ],
  };
}

async function main(): Promise<void> {
  for (const browser of BUILD_TARGETS) {
    const outdir = join(outRoot, browser);
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    if (watch) {
      const ctx = await esbuild.context(options(browser, outdir));
      await ctx.watch();
    } else {
      await esbuild.build(options(browser, outdir));
    }
    console.log(`built ${relative(process.cwd(), outdir)}${production ? ' (production)' : ''}`);
  }
  if (watch) console.log('watching for changes…');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
