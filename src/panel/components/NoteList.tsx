// The engine's sentences of a detail section as a list (fix notes, warnings, hints): one item
// each, with the test id the e2e tests count them by.
export function NoteList({ class: cls, testid, notes }: { class: string; testid: string; notes: readonly string[] }) {
  return (
    <ul class={cls}>
      {notes.map((text, i) => (
        <li key={i} data-testid={testid}>
          {text}
        </li>
      ))}
    </ul>
  );
}
