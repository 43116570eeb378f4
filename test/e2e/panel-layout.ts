// What the layout screenshots of the panel assert (issue 13), in Chromium and Firefox alike:
// `layoutScript` runs in the panel page (as a string: Firefox's session evaluates strings) and
// returns measurements; `assertLayout` says what must hold at each size. Not a test file: the
// two screenshot tests (panel.test.ts, firefox-panel.test.ts) import it.
import assert from 'node:assert/strict';
import { TOOLBAR_CONTROLS } from '../support/toolbar-controls.ts';

/** The docked sizes of the README pictures: right dock, bottom dock, wide. */
export const SIZES = [
  { name: '480', width: 480, height: 700 },
  { name: '1200x300', width: 1200, height: 300 },
  { name: '1200', width: 1200, height: 700 },
] as const;

export interface LayoutFacts {
  width: number;
  toolbarHeight: number;
  toolbarClipped: boolean;
  filterBarClipped: boolean;
  controls: Record<string, number>;
  brandInToolbar: boolean;
  /** Elements whose box passes the viewport's right edge, not clipped by a box inside it. */
  overflowing: string[];
  rows: Array<{
    method: string;
    methodCut: boolean;
    host: string;
    hostCut: boolean;
    pathWidth: number;
    pathCut: boolean;
    reasonWidth: number;
    reasonLines: number;
    reasonLength: number;
  }>;
  detail: null | { summaryVisible: boolean; fixHeadingVisible: boolean; firstFixVisible: boolean };
  /** Header values in the open detail: text and the number of lines it takes. */
  headerValues: Array<{ text: string; lines: number; nameWidth: number }>;
  /** Timeline outcome cells: text and lines. */
  timelineOutcomes: Array<{ text: string; lines: number }>;
}

/** A JS expression (no imports) that measures the panel page as it is laid out now. */
export function layoutScript(): string {
  return `(() => {
    const W = innerWidth;
    const q = (sel, root = document) => [...root.querySelectorAll(sel)];
    // Line boxes a piece of text takes: distinct tops of its client rects.
    const lines = (el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    };
    const cut = (el) => el.scrollWidth > el.clientWidth + 1;
    const describe = (el) => el.tagName.toLowerCase() + (el.getAttribute('data-testid') ? '[' + el.getAttribute('data-testid') + ']' : '') + '.' + String(el.className) + ' right=' + Math.round(el.getBoundingClientRect().right);
    const overflowing = [];
    for (const el of q('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right <= W + 1) continue;
      let a = el.parentElement, clipped = false;
      while (a && a !== document.body) {
        if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= W + 1) { clipped = true; break; }
        a = a.parentElement;
      }
      if (!clipped) overflowing.push(describe(el));
    }
    const toolbar = document.querySelector('[data-testid="toolbar"]');
    const controls = {};
    for (const id of ${JSON.stringify(TOOLBAR_CONTROLS)}) controls[id] = q('[data-testid="toolbar"] [data-testid="' + id + '"]').length;
    const rows = q('[data-testid="request-row"]').map((row) => {
      const origin = row.querySelector('.url-origin');
      const reason = row.querySelector('[data-testid="row-reason"]');
      return {
        method: row.querySelector('.c-method').textContent,
        methodCut: cut(row.querySelector('.c-method')),
        host: [...origin.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(''),
        hostCut: cut(origin),
        pathWidth: row.querySelector('.url-path').getBoundingClientRect().width,
        pathCut: cut(row.querySelector('.url-path')),
        reasonWidth: reason.getBoundingClientRect().width,
        reasonLines: Math.round(reason.getBoundingClientRect().height / parseFloat(getComputedStyle(reason).lineHeight)),
        reasonLength: reason.textContent.length,
      };
    });
    const body = document.querySelector('[data-testid="detail-body"]');
    let detail = null;
    if (body) {
      const view = body.getBoundingClientRect();
      const inView = (el) => { if (!el) return false; const r = el.getBoundingClientRect(); return r.height > 0 && r.top >= view.top - 1 && r.bottom <= view.bottom + 1 && r.left >= view.left - 1 && r.right <= view.right + 1; };
      const fix = body.querySelector('[data-testid="fix"]');
      detail = {
        summaryVisible: inView(body.querySelector('[data-testid="detail-summary"]')),
        fixHeadingVisible: inView(fix && fix.querySelector('h3')),
        firstFixVisible: inView(fix && fix.querySelector('[data-testid="fix-note"], .fix-headers, p')),
      };
    }
    return {
      width: W,
      toolbarHeight: toolbar.getBoundingClientRect().height,
      toolbarClipped: cut(toolbar),
      filterBarClipped: cut(document.querySelector('[data-testid="filter-bar"]')),
      controls,
      brandInToolbar: /CORS Lens \\d/.test(toolbar.textContent),
      overflowing,
      rows,
      detail,
      headerValues: q('[data-testid="header-value"]').map((td) => ({ text: td.textContent, lines: lines(td), nameWidth: td.previousElementSibling.getBoundingClientRect().width })),
      timelineOutcomes: q('[data-testid="timeline-step"] td:nth-child(4)').map((td) => ({ text: td.textContent, lines: lines(td) })),
    };
  })()`;
}

/** What must hold at every size: one toolbar row, nothing clipped or past the right edge, every control reachable. */
export function assertCommon(f: LayoutFacts, where: string): void {
  assert.ok(f.toolbarHeight <= 30, `${where}: the toolbar is one row (${f.toolbarHeight} px high)`);
  assert.equal(f.toolbarClipped, false, `${where}: nothing in the toolbar is cut off at its edge`);
  assert.equal(f.filterBarClipped, false, `${where}: nothing in the filter bar is cut off`);
  assert.deepEqual(f.overflowing, [], `${where}: no element passes the right edge of the viewport`);
  for (const [id, n] of Object.entries(f.controls)) assert.equal(n, 1, `${where}: ${id} is in the toolbar or its menu, once`);
  assert.ok(f.brandInToolbar, `${where}: the name and version are in the toolbar or its menu`);
}

/** The list at the right dock's width: method and host whole, the path readable, the reason on up to two lines. */
function assertNarrowList(f: LayoutFacts, where: string): void {
  assert.ok(f.rows.length >= 4, `${where}: rows listed`);
  for (const r of f.rows) {
    assert.equal(r.methodCut, false, `${where}: ${r.method} whole`);
    assert.equal(r.hostCut, false, `${where}: the host ${r.host} is whole (never h… or htt…)`);
    assert.ok(!r.pathCut || r.pathWidth >= 80, `${where}: the path of ${r.host} is whole or readable (${r.pathWidth} px shown)`);
    assert.ok(r.reasonWidth >= f.width * 0.6, `${where}: the reason has most of the row's width (${r.reasonWidth} px)`);
    assert.ok(r.reasonLines <= 2, `${where}: the reason takes at most two lines`);
  }
  assert.ok(
    f.rows.some((r) => r.reasonLines === 2),
    `${where}: a long reason wraps to a second line instead of being cut`,
  );
  assert.equal(new Set(f.rows.map((r) => r.host).filter((h) => h.startsWith('127.0.0.1'))).size >= 1, true);
}

/** The open detail answers first: the verdict sentence and the start of the fix without scrolling. */
export function assertAnswerFirst(f: LayoutFacts, where: string): void {
  assert.ok(f.detail, `${where}: the detail is open`);
  assert.equal(f.detail.summaryVisible, true, `${where}: the verdict sentence is visible without scrolling`);
  assert.equal(f.detail.fixHeadingVisible, true, `${where}: the fix's heading is visible without scrolling`);
  assert.equal(f.detail.firstFixVisible, true, `${where}: the fix's first line is visible without scrolling`);
}

/** Header values wrap at natural points: short values on one line, names given room. */
export function assertHeaderTables(f: LayoutFacts, where: string): void {
  const json = f.headerValues.filter((h) => h.text === 'application/json');
  assert.ok(json.length > 0, `${where}: a Content-Type: application/json value is shown`);
  for (const h of json) assert.equal(h.lines, 1, `${where}: 'application/json' is on one line`);
  const date = f.headerValues.find((h) => / GMT$/.test(h.text));
  assert.ok(date, `${where}: a Date value is shown`);
  assert.ok(date.lines <= 2, `${where}: '${date.text}' takes ${date.lines} lines`);
  for (const h of f.headerValues) assert.ok(h.nameWidth >= 100, `${where}: the name column is at least 100 px (${h.nameWidth})`);
  for (const t of f.timelineOutcomes) assert.equal(t.lines, 1, `${where}: the timeline's '${t.text}' is on one line`);
}

/**
 * The right dock, checked alike in both browsers: the list holds at its width and is pictured
 * (`shoot`, named `name`), then `openDetail` opens a record whose detail answers first, its
 * header tables readable. Returns the detail's facts.
 */
export async function assertRightDock(
  panel: { facts: () => Promise<LayoutFacts>; shoot: (name: string) => Promise<void> },
  where: string,
  name: string,
  openDetail: () => Promise<void>,
): Promise<LayoutFacts> {
  const f = await panel.facts();
  assertCommon(f, where);
  assertNarrowList(f, where);
  await panel.shoot(name);
  await openDetail();
  const d = await panel.facts();
  assertCommon(d, `${where}, detail`);
  assertAnswerFirst(d, `${where}, detail`);
  assertHeaderTables(d, `${where}, detail`);
  return d;
}
