// `--stack <name>` (or `--stack=<name>`): the server stack whose fix snippet the Markdown report
// shows first. Taken out of the arguments before the boolean options are parsed.
import { isStackId, STACK_IDS, type StackId } from '../core/index.ts';
import type { CliWords } from './words.ts';

/** The --stack line of a command's help. */
export const stackUsage = (w: CliWords): string => w.usage.stack(STACK_IDS.join(', '));

export interface StackArg {
  readonly stack: StackId | undefined;
  /** The arguments without the --stack option and its value. */
  readonly rest: readonly string[];
}

/** The chosen stack; throws (with one line for the user, made by `fail`) when it is missing or unknown. */
export function takeStack(argv: readonly string[], fail: (say: (w: CliWords) => string) => Error): StackArg {
  const rest: string[] = [];
  let stack: StackId | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg !== '--stack' && !arg.startsWith('--stack=')) {
      rest.push(arg);
      continue;
    }
    const value = arg === '--stack' ? argv[++i] : arg.slice('--stack='.length);
    if (value === undefined || value === '' || value.startsWith('-')) throw fail((w) => w.errors.stackMissing);
    if (!isStackId(value)) throw fail((w) => w.errors.stackUnknown(value, STACK_IDS.join(', ')));
    if (stack !== undefined && stack !== value) throw fail((w) => w.errors.stackTwice);
    stack = value;
  }
  return { stack, rest };
}
