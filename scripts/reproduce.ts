// What AMO's reviewers do with our source archive, done by us first: lay the sources out in
// another directory, build there, and compare the output with ours file by file. Used by
// `npm run package` (against the zips it is about to ship) and by the unit test that keeps
// the build reproducible.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Files under `dir`, as `/`-separated paths relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The project's sources: what git tracks plus new files it does not ignore (so uncommitted
 * work is built and archived alike), without files deleted from the working tree.
 */
export function sourceFiles(root: string): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  return [...new Set(listed.split('\0').filter((f) => f.length > 0))].filter((f) => existsSync(join(root, f))).sort();
}

/** Sources that differ from the last commit (modified or new), for a warning. */
export function uncommitted(root: string): string[] {
  const status = execFileSync('git', ['status', '--porcelain', '-z', '--untracked-files=all'], { cwd: root, encoding: 'utf8' });
  return status
    .split('\0')
    .filter((line) => line.length > 3)
    .map((line) => line.slice(3));
}

/**
 * Copies `files` from `root` into `into`, links `root`'s node_modules there (what `npm ci`
 * would install from the same lock file), and runs the production build, writing
 * `into/<outName>/{chrome,firefox}`.
 */
export function buildCopy(root: string, files: readonly string[], into: string, outName = 'rebuilt'): string {
  for (const file of files) {
    mkdirSync(dirname(join(into, file)), { recursive: true });
    cpSync(join(root, file), join(into, file));
  }
  symlinkSync(join(root, 'node_modules'), join(into, 'node_modules'), 'dir');
  execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build.ts', '--production', `--outdir=${outName}`], {
    cwd: into,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return join(into, outName);
}

/** How two directories differ: files only in one, and files whose bytes differ. */
export function compareTrees(a: string, b: string): string[] {
  const left = filesUnder(a);
  const right = new Set(filesUnder(b));
  const problems: string[] = [];
  for (const file of left) {
    if (!right.has(file)) problems.push(`${file}: missing from the rebuild`);
    else if (!readFileSync(join(a, file)).equals(readFileSync(join(b, file)))) problems.push(`${file}: bytes differ`);
    right.delete(file);
  }
  for (const file of right) problems.push(`${file}: only in the rebuild`);
  return problems;
}
