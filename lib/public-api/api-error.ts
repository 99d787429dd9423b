import "server-only";

/**
 * The API's one error shape: `{ "error": { "code", "message", …extra } }` with a status. The
 * message is a sentence for the person reading the other system's log; `code` is for code.
 */
export function apiError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { error: { code, message, ...extra } },
    { status, headers: { "cache-control": "no-store", ...headers } },
  );
}
