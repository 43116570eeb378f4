// Copies a text; says whether it worked (DevTools panels may lack clipboard permission).
import { useState } from 'preact/hooks';
import { copyText } from '../clipboard.ts';
import { words } from '../words.ts';

/** `text` may be a function: the text is then made when the button is pressed. */
export function CopyButton({ text, testid, label }: { text: string | (() => string); testid?: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const onClick = async () => {
    setState((await copyText(typeof text === 'function' ? text() : text)) ? 'copied' : 'failed');
    setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button type="button" class="tool copy" data-testid={testid ?? 'copy'} data-state={state} onClick={() => void onClick()}>
      {state === 'copied' ? words.copied : state === 'failed' ? words.copyFailed : (label ?? words.copy)}
    </button>
  );
}
