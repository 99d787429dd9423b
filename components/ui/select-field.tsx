"use client";

import type { SelectHTMLAttributes } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { describedBy, FieldMessages } from "./field-messages";

/** A labelled select with its hint and per-field error, the select twin of TextField. */
export function SelectField({
  label,
  hint,
  error,
  registration,
  children,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  hint?: string;
  error?: FieldError;
  registration: UseFormRegisterReturn;
}) {
  const id = props.id ?? registration.name;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className="rounded border border-slate-300 bg-white px-2 py-1.5 text-sm disabled:bg-slate-100"
        {...registration}
        {...props}
      >
        {children}
      </select>
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
