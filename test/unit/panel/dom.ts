// A jsdom document installed as the global DOM, so Preact renders in Node as in the panel.
// Each call returns a fresh container; `cleanup` unmounts and empties the document.
import { JSDOM } from 'jsdom';
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { readFileSync } from 'node:fs';
import type { CaptureRecord } from '../../../src/shared/record.ts';

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true, url: 'chrome-extension://test/panel.html' });
const g = globalThis as Record<string, unknown>;
for (const key of [
  'window',
  'document',
  'HTMLElement',
  'HTMLInputElement',
  'Node',
  'Event',
  'KeyboardEvent',
  'MouseEvent',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'getComputedStyle',
]) {
  Object.defineProperty(g, key, { value: (dom.window as unknown as Record<string, unknown>)[key], configurable: true, writable: true });
}

export const { document } = dom.window;
export const window = dom.window;

let mounted: HTMLElement | null = null;

export function mount(node: ComponentChild): HTMLElement {
  cleanup();
  const root = document.createElement('div');
  document.body.append(root);
  act(() => {
    render(node, root);
  });
  mounted = root;
  return root;
}

export function cleanup(): void {
  if (mounted) {
    const root = mounted;
    act(() => render(null, root));
    root.remove();
    mounted = null;
  }
}

/** Dispatches an event inside act() so Preact flushes renders and effects. */
export function fire(el: Element, event: Event): void {
  act(() => {
    el.dispatchEvent(event);
  });
}

/** Lets `turns` rounds of timers and promises run inside act(): storage reads, clipboard writes. */
export const settle = (turns = 1) =>
  act(async () => {
    for (let i = 0; i < turns; i++) await new Promise((r) => setTimeout(r, 0));
  });

export const click = (el: Element | null): void => {
  if (!el) throw new Error('nothing to click');
  fire(el, new window.MouseEvent('click', { bubbles: true }));
};

export const key = (el: Element | null, k: string): void => {
  if (!el) throw new Error('no element for the key');
  fire(el, new window.KeyboardEvent('keydown', { key: k, bubbles: true }));
};

interface Fixture {
  scenarios: Record<string, string[]>;
  records: CaptureRecord[];
}

export const fixture = JSON.parse(readFileSync(new URL('../../fixtures/records.json', import.meta.url), 'utf8')) as Fixture;

/** The recorded record of a scenario (the nth one when it ran several times). */
export function recordOf(scenario: string, n = 0): CaptureRecord {
  const id = fixture.scenarios[scenario]?.[n];
  const r = fixture.records.find((x) => x.id === id);
  if (!r) throw new Error(`no fixture record for ${scenario}`);
  return r;
}

export const $ = (root: ParentNode, sel: string): Element | null => root.querySelector(sel);
export const $$ = (root: ParentNode, sel: string): Element[] => [...root.querySelectorAll(sel)];
export const text = (root: ParentNode, sel: string): string => root.querySelector(sel)?.textContent ?? '';
