// A <select> of known options. The value the DOM hands back is text like any other: it is
// read back through `accept` (one of the options, or null), never cast, so a changed or forged
// option cannot reach the panel's state as something it is not.

export interface ChoiceOption<T extends string> {
  value: T;
  label: string;
}

interface ChoiceProps<T extends string> {
  value: T;
  options: readonly ChoiceOption<T>[];
  /** The option a DOM value stands for, or null. */
  accept: (value: string) => T | null;
  onChoose: (value: T) => void;
  testid: string;
  class?: string;
  /** Name for assistive technology and tooltip, where no <label> surrounds the select. */
  label?: string;
  title?: string;
}

export function Choice<T extends string>(props: ChoiceProps<T>) {
  return (
    <select
      class={props.class}
      data-testid={props.testid}
      aria-label={props.label}
      title={props.title ?? props.label}
      value={props.value}
      onChange={(e) => {
        const v = props.accept((e.currentTarget as HTMLSelectElement).value);
        if (v !== null) props.onChoose(v);
      }}
    >
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** `accept` for a fixed list of values. */
export function oneOf<T extends string>(values: readonly T[]): (value: string) => T | null {
  return (value) => (values.includes(value as T) ? (value as T) : null);
}
