"use client";

import { useTranslations } from "next-intl";
import { type BaseSyntheticEvent, useCallback, useState } from "react";
import type { FieldValues, SubmitHandler, UseFormReturn } from "react-hook-form";
import type { ActionFailure } from "@/lib/forms/action-result";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { translateMessage } from "@/lib/i18n/translate-message";

/** The line above a form: what its latest submit caused. */
export type FormNotice = { kind: "error" | "success"; text: string };

/**
 * The message above a form, for every form alike: it says what the latest submit caused and
 * nothing older. `submit` wraps react-hook-form's handleSubmit and clears the message before
 * anything else, so a submit the schema stops in the browser (which never reaches the action)
 * does not leave the previous submit's "…zijn opgeslagen." above the new field error.
 * `failed` puts an action's field errors on their fields and its form error above the form.
 */
export function useFormMessage<F extends FieldValues>(form: UseFormReturn<F>) {
  const t = useTranslations();
  const [message, setMessage] = useState<FormNotice | null>(null);
  const { handleSubmit, setError } = form;
  const submit = useCallback(
    (onValid: SubmitHandler<F>) => (event?: BaseSyntheticEvent) => {
      setMessage(null);
      return handleSubmit(onValid)(event);
    },
    [handleSubmit],
  );
  const failed = useCallback(
    (result: ActionFailure) => {
      const key = applyActionResult(result, { setError });
      setMessage(key ? { kind: "error", text: translateMessage(t, key, result.values) } : null);
    },
    [t, setError],
  );
  const succeeded = useCallback((text: string) => setMessage({ kind: "success", text }), []);
  return { message, setMessage, submit, failed, succeeded };
}
