// Preact supports the `dangerouslySetInnerHTML` prop with one `dom.innerHTML = value.__html`,
// and that assignment is the one thing web-ext lint warns about in our bundles
// (UNSAFE_VAR_ASSIGNMENT): AMO reviewers then read it by hand. CORS Lens never uses the prop
// (test/unit/build/conventions.test.ts holds that: untrusted text is rendered as text), so the
// build replaces that one assignment with a throw. Nothing we render changes; a future use of
// the prop fails loudly instead of writing HTML. Preact ships no build without the branch.
// The same warning on React's bundle, and the other workarounds: docs/browsers.md, "Browser workarounds and where they are reported".
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

/** Preact's bundled entry point (`exports["."]`), the file that holds the assignment. */
const PREACT_DIST = /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.mjs$/;

/** `dom.innerHTML = props.__html`, whatever the minifier named the two variables. */
const ASSIGNMENT = /\b[A-Za-z_$][\w$]*\.innerHTML\s*=\s*[A-Za-z_$][\w$]*\.__html\b/g;

const REFUSAL = '(()=>{throw new Error("CORS Lens renders text only: dangerouslySetInnerHTML is not supported")})()';

/** Any assignment to innerHTML in bundled code (`==` and `===` comparisons are not). */
export const INNER_HTML_ASSIGNMENT = /\.innerHTML\s*=(?!=)/;

/** Replaces Preact's innerHTML assignment; fails the build if Preact's code changed shape. */
export function removePreactInnerHtml(source: string): string {
  const found = source.match(ASSIGNMENT)?.length ?? 0;
  if (found !== 1) {
    throw new Error(
      `preact/dist/preact.mjs: expected one "x.innerHTML = y.__html" (dangerouslySetInnerHTML), found ${found}; ` +
        'Preact changed: update scripts/no-inner-html.ts',
    );
  }
  return source.replace(ASSIGNMENT, REFUSAL);
}

export function noInnerHtml(): Plugin {
  return {
    name: 'no-inner-html',
    setup(build) {
      build.onLoad({ filter: PREACT_DIST }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        try {
          return { contents: removePreactInnerHtml(source), loader: 'js', resolveDir: dirname(args.path) };
        } catch (error) {
          return { errors: [{ text: error instanceof Error ? error.message : String(error) }] };
        }
      });
    },
  };
}
