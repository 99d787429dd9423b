"use client";

import type { InputHTMLAttributes } from "react";
import { controlAttributes, type FieldProps, LabelledField } from "./labelled-field";

/** A labelled input with its per-field error (a message key from the zod schema). */
export function TextField({
  label,
  hint,
  error,
  registration,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & FieldProps) {
  const id = props.id ?? registration.name;
  return (
    <LabelledField id={id} label={label} hint={hint} error={error}>
      <input
        {...controlAttributes(id, hint, error)}
        // For a dialog, which focuses this field once it is shown (ModalDialog).
        data-autofocus={props.autoFocus ? "" : undefined}
        className="rounded border border-slate-300 px-2 py-1.5 text-sm aria-[invalid]:border-red-500"
        {...registration}
        {...props}
      />
    </LabelledField>
  );
}
