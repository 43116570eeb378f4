// Copies a text; says whether it worked (DevTools panels may lack clipboard permission).
import { useState } from 'preact/hooks';
import { copyText } from '../clipboard.ts';
import { words } from '../words.ts';

export function CopyButton({ text, testid }: { text: string; testid?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const onClick = async () => {
    setState((await copyText(text)) ? 'copied' : 'failed');
    setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button type="button" class="tool copy" data-testid={testid ?? 'copy'} data-state={state} onClick={() => void onClick()}>
      {state === 'copied' ? words.copied : state === 'failed' ? words.copyFailed : words.copy}
    </button>
  );
}
