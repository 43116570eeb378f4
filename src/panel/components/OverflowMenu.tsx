// The toolbar's "⋯" menu: the items the row has no room for (toolbar-fit.ts), as an ARIA menu
// button. Enter, Space or Down opens it on its first item, Up on its last; Up/Down/Home/End
// move; Escape closes it and gives the focus back to the button; Tab, a click elsewhere or a
// chosen item closes it. The menu stays in the document while closed (hidden), so what it
// holds is still part of the toolbar's text.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { words } from '../words.ts';

interface OverflowMenuProps {
  children: ComponentChildren;
}

const ITEM = '[role^="menuitem"]:not([aria-disabled="true"])';

// The button and the menu name each other (aria-controls, aria-labelledby); each one's id is
// also the test id the tests find it by.
const BUTTON_ID = 'toolbar-more';
const MENU_ID = 'toolbar-menu';
const idAndTestId = (id: string) => ({ id, 'data-testid': id });

export function OverflowMenu({ children }: OverflowMenuProps) {
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const [at, setAt] = useState<{ top: number; right: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>(ITEM) ?? [])];
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  // Opened: under the button, its right edge on the button's (the toolbar clips what overflows it).
  // biome-ignore lint/correctness/useExhaustiveDependencies: placed and focused when it opens; the items are read then
  useLayoutEffect(() => {
    if (!open) return;
    const r = button.current?.getBoundingClientRect();
    const width = globalThis.innerWidth ?? 0;
    setAt(r ? { top: r.bottom, right: Math.max(0, width - r.right) } : null);
    const list = items();
    (open === 'last' ? list.at(-1) : list[0])?.focus();
  }, [open]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the listener lives while the menu is open
  useEffect(() => {
    if (!open) return undefined;
    const away = (e: Event) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) close(false);
    };
    document.addEventListener('mousedown', away, true);
    return () => document.removeEventListener('mousedown', away, true);
  }, [open]);

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(e.key === 'ArrowDown' ? 'first' : 'last');
    }
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const list = items();
    const i = list.indexOf(document.activeElement as HTMLElement);
    let next: HTMLElement | undefined;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation(); // the panel's own Escape closes the detail: not this time
      return close(true);
    }
    if (e.key === 'Tab') return close(false);
    if (e.key === 'ArrowDown') next = list[(i + 1) % list.length];
    else if (e.key === 'ArrowUp') next = list[(i - 1 + list.length) % list.length];
    else if (e.key === 'Home') next = list[0];
    else if (e.key === 'End') next = list.at(-1);
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };
  // A chosen item (not a checkbox: those stay open to show their new state) closes the menu.
  const onMenuClick = (e: MouseEvent) => {
    const item = (e.target as Element).closest(ITEM);
    if (item && item.getAttribute('role') === 'menuitem') close(true);
  };

  return (
    <span class="overflow">
      <button
        ref={button}
        type="button"
        class="tool more"
        {...idAndTestId(BUTTON_ID)}
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={MENU_ID}
        aria-label={words.moreTools}
        title={words.moreTools}
        onClick={() => (open ? close(false) : setOpen('first'))}
        onKeyDown={onButtonKey}
      >
        ⋯
      </button>
      <div
        ref={menu}
        {...idAndTestId(MENU_ID)}
        class="toolbar-menu"
        role="menu"
        aria-labelledby={BUTTON_ID}
        hidden={!open}
        style={at ? { top: `${at.top}px`, right: `${at.right}px` } : undefined}
        onKeyDown={onMenuKey}
        onClick={onMenuClick}
      >
        {children}
      </div>
    </span>
  );
}

/** A switch in the menu (aria-checked), with the same test id as the checkbox in the row. */
export function MenuCheckbox(props: { label: string; title: string; checked: boolean; testid: string; onChange: (v: boolean) => void }) {
  return (
    <button
      type="button"
      role="menuitemcheckbox"
      tabIndex={-1}
      aria-checked={props.checked}
      title={props.title}
      data-testid={props.testid}
      onClick={() => props.onChange(!props.checked)}
    >
      <span class="check" aria-hidden="true">
        {props.checked ? '✓' : ''}
      </span>
      {props.label}
    </button>
  );
}
