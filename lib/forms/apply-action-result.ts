import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionFailure } from "./action-result";

/**
 * A failed action, shown the one way every form shows it. With a form, each field error goes
 * onto its field (the action wrapper names fields as the form does) and only the error for
 * the form as a whole is returned, or null. Without one (a button in a table row) there is
 * nowhere to put field errors, so the first error of any kind is returned. What is returned
 * is a message key for translateMessage, to be shown with `result.values`.
 */
export function applyActionResult(result: ActionFailure): string;
export function applyActionResult<F extends FieldValues>(
  result: ActionFailure,
  form: { setError: UseFormSetError<F> },
): string | null;
export function applyActionResult<F extends FieldValues>(
  result: ActionFailure,
  form?: { setError: UseFormSetError<F> },
): string | null {
  const fieldErrors = Object.entries(result.fieldErrors ?? {});
  if (!form) return result.formError ?? fieldErrors[0]?.[1][0] ?? "unexpected";
  for (const [field, [message]] of fieldErrors) form.setError(field as Path<F>, { message });
  return result.formError ?? null;
}
