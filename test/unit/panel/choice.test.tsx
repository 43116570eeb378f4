// The panel's selects (stack, language, sort, what-if credentials) read the DOM's value back
// through `accept`: an option the page of DevTools did not render (added or changed in the DOM)
// never reaches the panel's state.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Choice, oneOf } from '../../../src/panel/components/Choice.tsx';
import { $, cleanup, fire, mount, window } from './dom.ts';

afterEach(cleanup);

test('a listed option is chosen; a value that is not one of them is ignored', () => {
  const chosen: string[] = [];
  const root = mount(
    <Choice
      testid="c"
      label="Pick"
      value="a"
      options={[
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ]}
      accept={oneOf(['a', 'b'] as const)}
      onChoose={(v) => chosen.push(v)}
    />,
  );
  const select = $(root, '[data-testid="c"]') as HTMLSelectElement;
  assert.equal(select.value, 'a');
  assert.equal(select.getAttribute('aria-label'), 'Pick');
  assert.equal(select.title, 'Pick', 'the label is the tooltip when no title is given');
  const forged = window.document.createElement('option');
  forged.value = 'evil';
  select.append(forged);
  select.value = 'evil';
  fire(select, new window.Event('change', { bubbles: true }));
  select.value = 'b';
  fire(select, new window.Event('change', { bubbles: true }));
  assert.deepEqual(chosen, ['b']);
});
