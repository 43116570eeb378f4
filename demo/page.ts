// The demo lab `npm start` opens (issue 13): the lab's named scenarios (lab.ts) in groups, each a
// button with one line saying what it shows, and "Run all", which runs on load so the CORS panel
// has everything to explain. The page lists what it saw itself. Scenario parameters: scenario.ts.
import { LAB_GROUPS, LAB_SCENARIOS } from './lab.ts';

export function demoPage(apiOrigin: string): string {
  const scenarios = JSON.stringify(LAB_SCENARIOS.map((s) => ({ ...s, apiOrigin })));
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>CORS Lens lab</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5em 2em;max-width:64em}
h2{font-size:15px;margin:1.2em 0 .3em}
li{margin:.25em 0}
button.s{min-width:22em;text-align:left}
.says{color:#5f6368}
.ok{color:#137333}.fail{color:#c5221f}
code{background:#f1f3f4;padding:0 .2em}
</style>
</head>
<body>
<h1>CORS Lens lab</h1>
<p>This page (its own origin) calls an API on <code>${apiOrigin}</code>. Every request is made once on load;
each button makes it again. In DevTools, the <b>CORS</b> panel (<code>npm start</code> opened it; otherwise F12, then
<b>CORS</b>, in the <b>»</b> menu when DevTools is narrow) lists them: click a red row to see why it was blocked and what to change.</p>
<p><button id="all">Run all</button> <span id="status"></span></p>
<div id="groups"></div>
<script>
const scenarios = ${scenarios};
const groups = ${JSON.stringify(LAB_GROUPS)};
// lab.ts labUrl, here where the page's origin is known.
const urlOf = (s) => s.apiOrigin + s.path.replaceAll('{page}', encodeURIComponent(location.origin)).replaceAll('{api}', encodeURIComponent(s.apiOrigin));
const root = document.getElementById('groups');
const outputs = new Map();
for (const g of groups) {
  const h = document.createElement('h2');
  h.textContent = g;
  const ol = document.createElement('ol');
  for (const s of scenarios.filter((x) => x.group === g)) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.className = 's';
    b.textContent = s.label;
    b.addEventListener('click', () => run(s));
    const says = document.createElement('div');
    says.className = 'says';
    says.textContent = s.says;
    const out = document.createElement('div');
    out.dataset.label = s.label;
    outputs.set(s.label, out);
    li.append(b, says, out);
    ol.append(li);
  }
  root.append(h, ol);
}
async function once(s) {
  try {
    const res = await fetch(urlOf(s), s.init);
    return { ok: true, text: s.label + ': fetch resolved (' + (res.type === 'opaqueredirect' || res.type === 'opaque' ? res.type : res.status) + ')' };
  } catch (e) {
    return { ok: false, text: s.label + ': fetch failed (' + e.message + ')' };
  }
}
async function run(s) {
  let r = await once(s);
  if (s.twice) r = await once(s);
  const out = outputs.get(s.label);
  out.className = r.ok ? 'ok' : 'fail';
  out.textContent = r.text;
  return r;
}
async function runAll() {
  document.body.dataset.done = 'false';
  for (const s of scenarios) await run(s);
  document.getElementById('status').textContent = scenarios.length + ' scenarios run';
  document.body.dataset.done = 'true';
}
document.getElementById('all').addEventListener('click', runAll);
runAll();
</script>
</body>
</html>`;
}
