"use client";

import type { ReactNode } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { describedBy, FieldMessages } from "./field-messages";

/** What a form field is told: its label, an optional hint, its error and its registration. */
export type FieldProps = {
  label: string;
  hint?: string;
  error?: FieldError;
  registration: UseFormRegisterReturn;
};

/** The attributes that tie a control to its label, its hint and its error. */
export function controlAttributes(id: string, hint: string | undefined, error: FieldError | undefined) {
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(id, hint, error) };
}

/** A control with its label above it and its hint and per-field error below, as every field shows them. */
export function LabelledField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: FieldError;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
