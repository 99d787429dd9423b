"use client";

import { useTranslations } from "next-intl";
import type { SelectHTMLAttributes } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { translateMessage } from "@/lib/i18n/translate-message";

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
  const t = useTranslations();
  const id = props.id ?? registration.name;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        className="rounded border border-slate-300 bg-white px-2 py-1.5 text-sm disabled:bg-slate-100"
        {...registration}
        {...props}
      >
        {children}
      </select>
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error?.message ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {translateMessage(t, error.message)}
        </p>
      ) : null}
    </div>
  );
}
