"use client";

import { useTranslations } from "next-intl";
import type { InputHTMLAttributes } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { translateMessage } from "@/lib/i18n/translate-message";

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
  const t = useTranslations();
  const id = props.id ?? registration.name;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        // For a dialog, which focuses this field once it is shown (ModalDialog).
        data-autofocus={props.autoFocus ? "" : undefined}
        className="rounded border border-slate-300 px-2 py-1.5 text-sm aria-[invalid]:border-red-500"
        {...registration}
        {...props}
      />
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
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
