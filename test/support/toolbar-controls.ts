// Every control of the panel's toolbar, by test id: each must be in the row or in the ⋯ menu at
// any width (test/unit/panel/toolbar-menu.test.tsx, and the layout e2e: test/e2e/panel-layout.ts).
export const TOOLBAR_CONTROLS = [
  'clear',
  'preserve',
  'pause',
  'only-with-devtools',
  'witness',
  'include-secrets',
  'export-blocked-copy-md',
  'export-blocked-save-md',
  'export-blocked-save-json',
  'export-blocked-copy-curl',
];
