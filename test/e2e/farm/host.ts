// What every stack of the farm provides: start the real server software holding all the cases
// (each configured with CORS Lens's snippet for it, verbatim), say where each case is served,
// and stop everything it started.
import type { StackSnippet } from '../../../src/core/index.ts';
import type { Proc } from './process.ts';
import type { AppBehaviour } from './scenarios.ts';

export interface HostCase {
  /** The case's path prefix, e.g. `/s3`: its routes are under it. */
  readonly prefix: string;
  readonly snippet: StackSnippet;
  readonly app: AppBehaviour;
}

export interface Host {
  /** The origin serving a case (most stacks serve every case on one). */
  originOf(prefix: string): string;
  stop(): Promise<void>;
}

export type StartHost = (cases: readonly HostCase[], dir: string) => Promise<Host>;

/** Runs `body` with a list of started processes; on failure they are all stopped before rethrowing. */
export async function starting(body: (started: Proc[]) => Promise<(prefix: string) => string>): Promise<Host> {
  const started: Proc[] = [];
  const stop = async (): Promise<void> => {
    for (const p of started.reverse()) await p.stop();
  };
  try {
    const originOf = await body(started);
    return { originOf, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The snippet's text with its stack checked. */
export function code(c: HostCase, stack: string): string {
  if (c.snippet.stack !== stack) throw new Error(`a ${c.snippet.stack} snippet given to the ${stack} host`);
  return c.snippet.code;
}

/** The behaviours by prefix, as JSON (for the apps that read it). */
export const behaviours = (cases: readonly HostCase[]): string => JSON.stringify(Object.fromEntries(cases.map((c) => [c.prefix, c.app])));
