// An option with a value that a command takes out of its arguments before it parses the others
// (--lang, --stack): `--name value` or `--name=value`, as often as it is given; `--` ends the
// options, so what follows it is never taken.

/** The values given to `--<name>` (or `--<name>=`), in order (undefined: none followed), and the other arguments. */
export function valueOption(argv: readonly string[], name: string): { values: Array<string | undefined>; rest: string[] } {
  const flag = `--${name}`;
  const values: Array<string | undefined> = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg !== flag && !arg.startsWith(`${flag}=`)) {
      rest.push(arg);
      continue;
    }
    values.push(arg === flag ? argv[++i] : arg.slice(flag.length + 1));
  }
  return { values, rest };
}
