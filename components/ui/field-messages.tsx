"use client";

import { useTranslations } from "next-intl";
import type { FieldError } from "react-hook-form";
import { translateMessage } from "@/lib/i18n/translate-message";

/** The id of what describes the field `id`: its error when it has one, else its hint. */
export function describedBy(id: string, hint?: string, error?: FieldError): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

/** Under a field: its hint, or its error (a message key from the zod schema) in words. */
export function FieldMessages({ id, hint, error }: { id: string; hint?: string; error?: FieldError }) {
  const t = useTranslations();
  return (
    <>
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
    </>
  );
}
