// The demo page `npm start` opens: it fires a handful of cross-origin requests at the demo
// API (another origin) so the CORS panel has something to explain, and lists what the page
// itself saw. Scenario parameters: see scenario.ts.

export interface DemoRequest {
  label: string;
  path: string;
  init: { method?: string; headers?: Record<string, string>; credentials?: 'include' | 'omit' | 'same-origin' };
}

export const DEMO_REQUESTS: DemoRequest[] = [
  { label: 'Simple GET, allowed by *', path: '/items?acao=*', init: {} },
  { label: 'Simple GET, no Access-Control-Allow-Origin', path: '/items?status=200', init: {} },
  {
    label: 'PUT with a custom header, preflight allows it',
    path: '/items/1?acao=$origin&vary=Origin&acam=PUT&acah=content-type,x-request-id',
    init: { method: 'PUT', headers: { 'X-Request-Id': 'demo-1', 'Content-Type': 'application/json' } },
  },
  {
    label: 'DELETE, the preflight answers 401',
    path: '/items/2?acao=*&pre.status=401',
    init: { method: 'DELETE' },
  },
  {
    label: 'Credentialed GET against a wildcard',
    path: '/me?acao=*&acac=true',
    init: { credentials: 'include' },
  },
  {
    label: 'GET with ACAO listing two origins',
    path: '/list?acao=https://a.example,%20https://b.example',
    init: {},
  },
];

export function demoPage(apiOrigin: string): string {
  const requests = JSON.stringify(DEMO_REQUESTS.map((r) => ({ ...r, url: apiOrigin + r.path })));
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>CORS Lens demo</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}li{margin:.3em 0}.ok{color:#137333}.fail{color:#c5221f}code{background:#f1f3f4;padding:0 .2em}</style>
</head>
<body>
<h1>CORS Lens demo</h1>
<p>This page (its own origin) calls an API on <code>${apiOrigin}</code>. Open DevTools → <b>CORS</b> to see why each request was allowed or blocked.</p>
<ol id="results"></ol>
<button id="again">Send again</button>
<script>
const requests = ${requests};
async function run() {
  const list = document.getElementById('results');
  list.textContent = '';
  for (const r of requests) {
    const li = document.createElement('li');
    try {
      const res = await fetch(r.url, r.init);
      li.className = 'ok';
      li.textContent = r.label + ': fetch resolved (' + res.status + ')';
    } catch (e) {
      li.className = 'fail';
      li.textContent = r.label + ': fetch failed (' + e.message + ')';
    }
    list.append(li);
  }
  document.body.dataset.done = 'true';
}
document.getElementById('again').addEventListener('click', run);
run();
</script>
</body>
</html>`;
}
