/**
 * What of an error may be logged or printed. drizzle wraps a failed query in an error whose
 * message ends with "params: …" and which carries `.params` — the values of the statement,
 * which can be a password hash or ciphertext. Those are cut off here.
 */
export function safeErrorMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : hasMessage(e) ? e.message : String(e);
  const cut = message.search(/\n?params:/);
  const head = cut >= 0 ? message.slice(0, cut) : message;
  const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : "";
  return `${head}${cause}`.slice(0, 2000);
}

/**
 * An error copied into a plain object, as pg-boss's workers emit theirs (`{...error, message,
 * stack, queue}`): String() of it says only "[object Object]" (a soak's worker logs were full of it).
 */
function hasMessage(e: unknown): e is { message: string; code?: unknown } {
  return typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string";
}

/** pino's serializer for `err`: type, safe message, code and stack, never query params. */
export function serializeError(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) {
    // Only the message and the code of a copied error: its other fields may be a query's params.
    return hasMessage(e) && e.code !== undefined
      ? { message: safeErrorMessage(e), code: e.code }
      : { message: safeErrorMessage(e) };
  }
  const stack = (e.stack ?? "")
    .split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .join("\n");
  return {
    type: e.name,
    message: safeErrorMessage(e),
    code: (e as Error & { code?: unknown }).code,
    stack,
  };
}
