// The page witness's cost in the background (issue 10, "Control and cost"): the same 1,000
// cross-origin requests (half PUTs with their own preflight, Chromium's event order) driven
// through the real capture (createCapture, in-memory storage.session) without and with the
// witness's messages, in two timings:
//  - burst: a batch of calls and outcomes every 125 ms, after the requests completed (what a
//    burst of fetches gives: each complete record is judged and written again with the facts);
//  - calls first: each call reaches the background before its request's events (what a page
//    making a request now and then gives: the relay sends at once after a quiet moment), the
//    outcomes after.
// Measured: CPU time of the capture (this process, median of ROUNDS alternating rounds), the
// storage calls per request (set and remove: each is a message to the browser process) and the
// bytes written per request. The ratio with/without is the witness's background cost;
// bench/capture measures its cost in the page (page time in real Chromium).
// Run: npm run bench -- witness-background
import { createCapture } from '../../src/background/capture.ts';
import type { StorageAreaLike } from '../../src/background/persistence.ts';
import type { WitnessEntry, WitnessMessage } from '../../src/shared/witness-protocol.ts';
import { API_ORIGIN, PAGE, Wire, type FakeRequest } from '../../test/support/webrequest-fakes.ts';
import { FakeBadge } from '../../test/support/fake-extension.ts';
import { median } from '../median.ts';

const REQUESTS = 1000;
const ROUNDS = 9;
/** Requests started per relay batch (1,000 fetches in ~1 s: 8 batches of 125 ms). */
const PER_BATCH = 125;

/** storage.session as a structured clone store: counts calls and the bytes handed over. */
class CountingStorage implements StorageAreaLike {
  data = new Map<string, unknown>();
  sets = 0;
  removes = 0;
  bytes = 0;
  async get(): Promise<Record<string, unknown>> {
    return Object.fromEntries(this.data);
  }
  async set(items: Record<string, unknown>): Promise<void> {
    this.sets++;
    for (const [k, v] of Object.entries(items)) {
      this.bytes += k.length + (typeof v === 'string' ? v.length : JSON.stringify(v).length);
      this.data.set(k, v);
    }
  }
  async remove(keys: string[]): Promise<void> {
    this.removes++;
    for (const k of keys) this.data.delete(k);
  }
}

const task = () => new Promise((r) => setImmediate(r));
const ACAO: Array<[string, string]> = [['Access-Control-Allow-Origin', '*']];
const PREFLIGHT_OK: Array<[string, string]> = [
  ['Access-Control-Allow-Origin', '*'],
  ['Access-Control-Allow-Methods', 'PUT'],
];

type Mode = 'none' | 'burst' | 'calls-first';

async function round(mode: Mode, run: number): Promise<{ cpuMs: number; sets: number; removes: number; bytes: number }> {
  const storage = new CountingStorage();
  const capture = createCapture({ browser: 'chromium', version: '0', storage, badge: new FakeBadge() });
  await capture.ready;
  const wire = new Wire(capture.handlers, 'chromium');
  const withWitness = mode !== 'none';
  const page = `p${run}${mode}`.replace(/[^0-9A-Za-z_-]/g, '').padEnd(16, '0');
  const sender = { tabId: 1, frameId: 0, pageOrigin: PAGE, documentUrl: `${PAGE}/` };
  let n = 0;
  const start = process.cpuUsage();
  for (let b = 0; b < REQUESTS / PER_BATCH; b++) {
    const entries: WitnessEntry[] = [];
    for (let i = b * PER_BATCH; i < (b + 1) * PER_BATCH; i++) {
      const put = i % 2 === 1;
      const r: FakeRequest = {
        requestId: `${run}-${i}`,
        url: `${API_ORIGIN}/${put ? 'put' : 'get'}/${run}/${i}?acao=*`,
        method: put ? 'PUT' : 'GET',
        type: 'xmlhttprequest',
      };
      const startedAt = Date.now();
      const callEntry: WitnessEntry = {
        kind: 'call',
        seq: i + 1,
        api: 'fetch',
        url: r.url,
        method: r.method,
        mode: 'cors',
        credentials: 'same-origin',
        redirect: 'follow',
        startedAt,
      };
      const outcomeEntry: WitnessEntry = {
        kind: 'outcome',
        seq: i + 1,
        endedAt: startedAt + 2,
        outcome: { kind: 'resolved', type: 'cors', status: 200, redirected: false },
      };
      if (mode === 'calls-first') await capture.witness(sender, { type: 'witness', v: 1, page, n: ++n, entries: [callEntry], dropped: 0 });
      if (put) wire.preflight(r, `${run}-${i}p`, 204, PREFLIGHT_OK);
      wire.start(r);
      wire.send(r);
      wire.respond(r, 200, ACAO);
      wire.complete(r, 200);
      // Each request's events come in tasks of their own in a browser: writes are not coalesced.
      await task();
      if (mode === 'burst') entries.push(callEntry);
      entries.push(outcomeEntry);
    }
    await task();
    if (withWitness) {
      for (let k = 0; k < entries.length; k += 256) {
        const message: WitnessMessage = { type: 'witness', v: 1, page, n: ++n, entries: entries.slice(k, k + 256), dropped: 0 };
        await capture.witness(sender, message);
      }
    }
    await capture.flush();
  }
  await capture.flush();
  const used = process.cpuUsage(start);
  const records = await capture.readRecords(1);
  if (records.length !== REQUESTS + REQUESTS / 2 && records.length !== REQUESTS) throw new Error(`unexpected record count ${records.length}`);
  if (withWitness && records.filter((r) => r.witness).length !== REQUESTS) throw new Error('not every request was joined');
  capture.dispose();
  return { cpuMs: (used.user + used.system) / 1000, sets: storage.sets, removes: storage.removes, bytes: storage.bytes };
}

const MODES: Mode[] = ['none', 'burst', 'calls-first'];
const results = new Map<Mode, Array<Awaited<ReturnType<typeof round>>>>(MODES.map((m) => [m, []]));
for (const m of MODES) await round(m, -1 - MODES.indexOf(m)); // warm-up (JIT)
for (let r = 0; r < ROUNDS; r++) {
  // A different order each round, so a slower moment of the machine lands on every mode.
  const order = MODES.map((_, i) => MODES[(i + r) % MODES.length]!);
  for (const m of order) results.get(m)!.push(await round(m, r));
}
const cpu = (m: Mode) => median(results.get(m)!.map((x) => x.cpuMs));
const per = (m: Mode, k: 'sets' | 'removes' | 'bytes') => median(results.get(m)!.map((x) => x[k])) / REQUESTS;
console.log(`capture CPU for ${REQUESTS} requests (median of ${ROUNDS}), without the witness: ${cpu('none').toFixed(0)} ms (baseline)`);
for (const m of ['burst', 'calls-first'] as const) {
  console.log(
    `  with it, ${m}: ${cpu(m).toFixed(0)} ms, ×${(cpu(m) / cpu('none')).toFixed(2)}; storage calls per request: set ${per(m, 'sets').toFixed(2)} (baseline ${per('none', 'sets').toFixed(2)}), remove ${per(m, 'removes').toFixed(2)} (baseline ${per('none', 'removes').toFixed(2)}), bytes written per request ${per(m, 'bytes').toFixed(0)} (baseline ${per('none', 'bytes').toFixed(0)})`,
  );
}
