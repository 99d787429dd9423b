import "server-only";

// Which Exact paths another system may call through an administration's link, read from the
// request's own URL (not from Next's decoded parameters): only `current/Me` and
// `{division}/…`, and nothing that could leave Exact's /api/v1/ on the way.

export type ExactPath =
  | { ok: true; path: string; division: number | null }
  | { ok: false; status: 400 | 403; code: string; message: string };

/** `/api/v1/administrations/{id}/exact/` and what follows it. */
const PASS_THROUGH = /^\/api\/v1\/administrations\/[^/]+\/exact(?:\/(.*))?$/;

const invalid = (message: string): ExactPath => ({ ok: false, status: 400, code: "exact_path_invalid", message });
const notAllowed = (message: string): ExactPath => ({
  ok: false,
  status: 403,
  code: "exact_path_not_allowed",
  message,
});

/**
 * The Exact path (relative to /api/v1/, still encoded as the caller sent it) of a pass-through
 * request's URL pathname. Refused with 400: encoded slashes, backslashes or dots, `.` and `..`
 * segments, empty segments, control characters, an absolute URL; with 403: any path other
 * than `current/Me` and `{division}/…`.
 */
export function parseExactPath(pathname: string): ExactPath {
  const raw = PASS_THROUGH.exec(pathname)?.[1] ?? "";
  if (raw === "") return notAllowed("Name an Exact path after /exact/: current/Me or {division}/….");
  if (/%2f|%5c|%2e|\\/i.test(raw)) {
    return invalid("The Exact path may not contain encoded slashes (%2F), backslashes or encoded dots (%2E).");
  }
  const encoded = raw.split("/");
  let segments: string[];
  try {
    segments = encoded.map((s) => decodeURIComponent(s));
  } catch {
    return invalid("The Exact path is not validly percent-encoded.");
  }
  if (segments.some((s) => s === "")) return invalid("The Exact path may not contain empty segments (//).");
  if (segments.some((s) => s === "." || s === "..")) return invalid("The Exact path may not contain . or .. segments.");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (segments.some((s) => /[\u0000-\u001f\u007f]/.test(s))) {
    return invalid("The Exact path may not contain control characters.");
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(segments[0])) {
    return invalid("The Exact path must be relative to Exact's /api/v1/, not an absolute URL.");
  }
  if (segments.length === 2 && segments[0].toLowerCase() === "current" && segments[1].toLowerCase() === "me") {
    return { ok: true, path: encoded.join("/"), division: null };
  }
  if (/^[1-9]\d{0,8}$/.test(segments[0]) && segments.length >= 2) {
    return { ok: true, path: encoded.join("/"), division: Number(segments[0]) };
  }
  return notAllowed(
    "Only current/Me and {division}/… may be called through the portal, where {division} is an Exact division mapped to this administration.",
  );
}
