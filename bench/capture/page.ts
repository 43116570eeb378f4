// The bench page. It runs in a tab no debugger is attached to (a debugger on the page adds
// its own cost), so it drives itself: it asks the conductor for its turn (long poll), fires
// the requests, reports the elapsed time, then reloads itself, which also clears CORS Lens's
// log for the tab, so every turn starts from an empty log.
// Kept as plain JavaScript in a string: it is served as is, nothing transforms it.

/** What /turn answers. */
export type TurnMessage =
  | { kind: 'run'; id: string; api: string; n: number }
  | { kind: 'wait' } // no turn yet: ask again
  | { kind: 'done' };

/** What the page POSTs to /result. */
export interface TurnReport {
  elapsedMs: number;
  /** Responses with a 2xx status whose body was read. */
  ok: number;
  /** Responses with another status. */
  notOk: number;
  /** fetch() rejected (network or CORS error). */
  failed: number;
  error?: string;
}

export const BENCH_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>capture bench</title>
<p id="status">waiting for a turn</p>
<script>
const who = new URLSearchParams(location.search).get('b');
const status = (text) => { document.getElementById('status').textContent = text; };
const post = (id, report) =>
  fetch('/result?b=' + encodeURIComponent(who) + '&turn=' + encodeURIComponent(id), { method: 'POST', body: JSON.stringify(report) })
    .then((r) => r.json());

// Half simple GETs, half PUTs; every URL is unique (turn id + index), so neither the HTTP
// cache nor the preflight cache can answer: each PUT gets its own OPTIONS preflight.
function requests(turn) {
  const list = [];
  for (let i = 0; i < turn.n; i++) {
    if (i % 2 === 0) list.push([turn.api + '/get/' + turn.id + '/' + i + '?acao=*', { method: 'GET' }]);
    else list.push([turn.api + '/put/' + turn.id + '/' + i + '?acao=*&acam=PUT', { method: 'PUT' }]);
  }
  return list;
}

async function run(turn) {
  const list = requests(turn);
  const start = performance.now();
  const outcomes = await Promise.all(list.map(([url, init]) =>
    fetch(url, init).then((r) => (r.ok ? r.arrayBuffer().then(() => 'ok') : 'notOk'), () => 'failed')));
  const elapsedMs = performance.now() - start;
  const count = (k) => outcomes.filter((o) => o === k).length;
  return { elapsedMs, ok: count('ok'), notOk: count('notOk'), failed: count('failed') };
}

async function main() {
  for (;;) {
    const turn = await fetch('/turn?b=' + encodeURIComponent(who), { cache: 'no-store' }).then((r) => r.json());
    if (turn.kind === 'wait') continue;
    if (turn.kind === 'done') return status('done');
    status('running turn ' + turn.id);
    let report;
    try {
      report = await run(turn);
    } catch (e) {
      report = { elapsedMs: 0, ok: 0, notOk: 0, failed: 0, error: String(e) };
    }
    const next = await post(turn.id, report);
    status('reported turn ' + turn.id);
    if (next.reload) location.replace(location.href);
    return;
  }
}
main().catch((e) => status('bench page error: ' + e));
</script>
`;
