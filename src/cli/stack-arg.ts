// `--stack <name>` (or `--stack=<name>`): the server stack whose fix snippet the Markdown report
// shows first. Taken out of the arguments before the boolean options are parsed (value-option.ts).
import { isStackId, STACK_IDS, type StackId } from '../core/index.ts';
import { valueOption } from './value-option.ts';
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
  const { values, rest } = valueOption(argv, 'stack');
  let stack: StackId | undefined;
  for (const value of values) {
    if (value === undefined || value === '' || value.startsWith('-')) throw fail((w) => w.errors.stackMissing);
    if (!isStackId(value)) throw fail((w) => w.errors.stackUnknown(value, STACK_IDS.join(', ')));
    if (stack !== undefined && stack !== value) throw fail((w) => w.errors.stackTwice);
    stack = value;
  }
  return { stack, rest };
}
