/** Fields bound to an experiment's settings form: its numbers, a row of them, its method. */
import type { ReactElement } from 'react';
import type { MethodId } from '../../core/types.ts';
import { NumberField, SelectField, type SelectOption } from './common.tsx';

/** The numeric fields of a form whose values are numbers. */
type NumericKey<F> = { [K in keyof F]: F[K] extends number ? K : never }[keyof F] & string;

/** One number field of a settings form. */
export interface FieldSpec<F> {
  key: NumericKey<F>;
  label: string;
  min: number;
  max?: number;
  /** A fraction shown in percent. */
  percent?: boolean;
  /** Whole numbers only, at least `min`. */
  int?: boolean;
}

/** A NumberField bound to one numeric field of a form. */
export function FormNumber<F>(props: {
  spec: FieldSpec<F>;
  form: F;
  patch: (p: Partial<F>) => void;
  disabled: boolean;
}): ReactElement {
  const { spec } = props;
  return (
    <NumberField
      label={spec.label}
      percent={spec.percent}
      value={Number(props.form[spec.key])}
      min={spec.min}
      max={spec.max}
      disabled={props.disabled}
      onChange={(v) =>
        props.patch({
          [spec.key]: spec.int ? Math.max(spec.min, Math.round(v)) : v,
        } as Partial<F>)
      }
    />
  );
}

/** A row of number fields of a form. */
export function FormRow<F>(props: {
  specs: FieldSpec<F>[];
  form: F;
  patch: (p: Partial<F>) => void;
  disabled: boolean;
}): ReactElement {
  return (
    <div className="xp-row">
      {props.specs.map((spec) => (
        <FormNumber key={spec.key} {...props} spec={spec} />
      ))}
    </div>
  );
}

/** The "Method" drop-down of a form with a `method` field. */
export function FormMethod<F extends { method: MethodId }>(props: {
  options: readonly SelectOption<MethodId>[];
  form: F;
  patch: (p: Partial<F>) => void;
  disabled: boolean;
}): ReactElement {
  return (
    <SelectField
      label="Method"
      value={props.form.method}
      options={props.options}
      disabled={props.disabled}
      onChange={(method) => props.patch({ method } as Partial<F>)}
    />
  );
}
