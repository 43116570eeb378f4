// Runs inside headless Chromium (bundled by index.ts): mounts the real panel App fed by an
// in-memory port, and times rendering and filtering. act() flushes Preact synchronously and
// reading offsetHeight forces style and layout, so each figure is script + style + layout.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { App } from '../../src/panel/components/App.tsx';
import { immediately } from '../../src/panel/next-task.ts';
import { fakeRuntime } from '../../test/support/fake-runtime.ts';

const STATE = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true };
const { runtime, deliver } = fakeRuntime();
const root = document.getElementById('app') as HTMLElement;

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  void document.body.offsetHeight;
  return performance.now() - t0;
}

function input(sel: string, value: string): void {
  const el = document.querySelector(sel) as HTMLInputElement;
  el.value = value;
  act(() => {
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const click = (sel: string) => act(() => (document.querySelector(sel) as HTMLElement).click());

/** One round on a fresh mount; returns milliseconds per operation. */
const idle = () => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 2000 }));

async function round(records: CaptureRecord[]): Promise<Record<string, number>> {
  act(() => render(null, root));
  act(() => render(<App tabId={1} version="bench" runtime={runtime} schedule={immediately} />, root));
  deliver({ type: 'reset', tabId: 1, version: 'bench', state: STATE });
  const out: Record<string, number> = {};
  out['render 5,000 rows'] = timed(() => deliver({ type: 'upsert', records }));
  const rows = document.querySelectorAll('[data-testid="request-row"]').length;
  if (rows === 0) throw new Error('no rows rendered');
  out['filter: Blocked'] = timed(() => click('[data-testid="filter-blocked"]'));
  out['filter: All'] = timed(() => click('[data-testid="filter-all"]'));
  // The first search right after 5,000 rows arrived builds each row's searched text (cold);
  // a panel that was idle for a moment has built it already (App warms it in idle time).
  out['filter: URL text, cold'] = timed(() => input('[data-testid="filter-text"]', '/items/12'));
  input('[data-testid="filter-text"]', '');
  deliver({ type: 'reset', tabId: 1, version: 'bench', state: STATE });
  const again = records.map((r) => ({ ...r }));
  deliver({ type: 'upsert', records: again });
  for (let i = 0; i < 20; i++) await idle();
  out['filter: URL text, after idle'] = timed(() => input('[data-testid="filter-text"]', '/items/12'));
  input('[data-testid="filter-text"]', '');
  // Words reach header names and values of the whole records (here all 5,000 are whole).
  out['search: header value'] = timed(() => input('[data-testid="filter-text"]', '"x-request-id: r1"'));
  if (document.querySelectorAll('[data-testid="request-row"]').length === 0) throw new Error('the header search found nothing');
  input('[data-testid="filter-text"]', '');
  out['search: syntax'] = timed(() => input('[data-testid="filter-text"]', 'method:put -status:2xx reason:header'));
  if (document.querySelectorAll('[data-testid="request-row"]').length === 0) throw new Error('the search found nothing');
  input('[data-testid="filter-text"]', '');
  out['sort: Status'] = timed(() => click('[data-testid="sort-status"]'));
  out['sort: reverse'] = timed(() => click('[data-testid="sort-status"]'));
  const more = records.slice(0, 50).map((r, i) => ({ ...r, id: `live${i}`, seq: records.length + i }));
  out['append 50 live rows'] = timed(() => deliver({ type: 'upsert', records: more }));
  out['open detail'] = timed(() => click('[data-testid="request-row"]'));
  // What-if (issue 13): open it, add a header, then time each keystroke of its value (the
  // engine judges the edited exchange again, and the verdict, check and patch re-render).
  click('[data-testid="whatif-open"]');
  click('[data-testid="whatif-response-add"]');
  input('[data-testid="whatif-response-header"]:last-child [data-testid="whatif-response-name"]', 'Access-Control-Allow-Origin');
  const value = 'http://localhost:5173';
  const keys: number[] = [];
  for (let i = 1; i <= value.length; i++) {
    keys.push(timed(() => input('[data-testid="whatif-response-header"]:last-child [data-testid="whatif-response-value"]', value.slice(0, i))));
  }
  // The keystrokes really went through the engine: the patch has the whole value.
  if (!document.querySelector('[data-testid="whatif-patch"]')?.textContent?.includes(`Access-Control-Allow-Origin: ${value}`))
    throw new Error('what-if did not follow the keystrokes');
  out['what-if keystroke'] = keys.sort((a, b) => a - b)[Math.floor(keys.length / 2)]!;
  out['rows in the DOM'] = document.querySelectorAll('[data-testid="request-row"]').length;
  return out;
}

(globalThis as { benchRound?: typeof round }).benchRound = round;
