"use client";

import type { InputHTMLAttributes } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { describedBy, FieldMessages } from "./field-messages";

/** A labelled input with its per-field error (a message key from the zod schema). */
export function TextField({
  label,
  hint,
  error,
  registration,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & {
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
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        // For a dialog, which focuses this field once it is shown (ModalDialog).
        data-autofocus={props.autoFocus ? "" : undefined}
        className="rounded border border-slate-300 px-2 py-1.5 text-sm aria-[invalid]:border-red-500"
        {...registration}
        {...props}
      />
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
