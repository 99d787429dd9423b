import type { FieldErrors } from "./action-result";

/**
 * zod's issues as field errors, each field named as the form names it. An update action
 * parses `{ <id>, values }`, where `values` is the form's own data: with `under: "values"`
 * the form's fields lose that prefix here, so no form has to strip it. An issue with no path
 * belongs to the form as a whole (`_form`).
 */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  under?: string,
): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of issues) {
    const path = under !== undefined && issue.path[0] === under ? issue.path.slice(1) : issue.path;
    const key = path.map(String).join(".") || "_form";
    fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
  }
  return fieldErrors;
}
