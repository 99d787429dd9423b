"use client";

import type { SelectHTMLAttributes } from "react";
import { controlAttributes, type FieldProps, LabelledField } from "./labelled-field";

/** A labelled select with its hint and per-field error, the select twin of TextField. */
export function SelectField({
  label,
  hint,
  error,
  registration,
  children,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & FieldProps) {
  const id = props.id ?? registration.name;
  return (
    <LabelledField id={id} label={label} hint={hint} error={error}>
      <select
        {...controlAttributes(id, hint, error)}
        className="rounded border border-slate-300 bg-white px-2 py-1.5 text-sm disabled:bg-slate-100"
        {...registration}
        {...props}
      >
        {children}
      </select>
    </LabelledField>
  );
}
