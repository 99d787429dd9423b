// What every server action answers and every form reads, defined once for both sides
// (no server-only imports, so client components may import it too).

/** Message keys per field, each field named as the form names it. */
export type FieldErrors = Record<string, string[]>;

/**
 * A refused or failed action: message keys for the form's fields, and/or one for the form as
 * a whole, with the values that message needs (such as the divisions that still use it).
 */
export type ActionFailure = {
  ok: false;
  fieldErrors?: FieldErrors;
  formError?: string;
  values?: Record<string, string | number>;
};

export type ActionResult<T = null> = { ok: true; data: T } | ActionFailure;
