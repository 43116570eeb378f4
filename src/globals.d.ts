// Set by esbuild's `define` in scripts/build.ts: which browser this bundle is for.
declare const __BROWSER__: 'chrome' | 'firefox'; // the build target (scripts/manifest.ts BuildTarget)
