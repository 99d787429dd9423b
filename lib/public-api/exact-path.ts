import "server-only";
import { logger } from "@/lib/log/logger";
import {
  divisionScopeRefusal,
  type ExtraServices,
  parseExtraServices,
  type ScopeRefusal,
} from "./exact-division-scope";

// Which Exact paths another system may call through an administration's link, read from the
// request's own URL (not from Next's decoded parameters): only `current/Me` and
// `{division}/…` of a service about that division alone (exact-division-scope.ts), and nothing
// that could leave Exact's /api/v1/ on the way.

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

/** Where a caller finds the divisions it may use: the portal's own list, never Exact's. */
const LIST_DIVISIONS = "To list divisions, call the portal's own GET /api/v1/divisions.";

/** A caller's own words in an answer, kept short. */
const shown = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

function outOfScope(division: number, refusal: ScopeRefusal): ExactPath {
  const message =
    refusal.reason === "service"
      ? `Exact's '${shown(refusal.service)}' is not passed on under division ${division}: the portal passes on only Exact's services that hold one division's data (an allow-list, named in GET /api/v1/openapi.json). ${LIST_DIVISIONS}`
      : `Exact's ${shown(`${refusal.service}/${refusal.resource}`)} is about more than division ${division} (other divisions, users or the licence) and is not passed on. ${LIST_DIVISIONS}`;
  return { ok: false, status: 403, code: "division_scope", message };
}

let extraServices: { value: string | undefined; read: ExtraServices } | null = null;

/** EXACT_EXTRA_SERVICES as it is now; a bad value is logged once and opens nothing. */
export function configuredExtraServices(): ReadonlySet<string> {
  const value = process.env.EXACT_EXTRA_SERVICES;
  if (extraServices === null || extraServices.value !== value) {
    extraServices = { value, read: parseExtraServices(value) };
    if (extraServices.read.problem) logger.error({ setting: "EXACT_EXTRA_SERVICES" }, extraServices.read.problem);
  }
  return extraServices.read.services;
}

/**
 * The Exact path (relative to /api/v1/, still encoded as the caller sent it) of a pass-through
 * request's URL pathname. Refused with 400: encoded slashes, backslashes or dots, `.` and `..`
 * segments, empty segments, control characters, an absolute URL; with 403: any path other
 * than `current/Me` and `{division}/…` (`exact_path_not_allowed`), and under a division a
 * service not on the allow-list or a resource about other divisions (`division_scope`).
 * `extra`: the lower-case names EXACT_EXTRA_SERVICES adds to the allow-list.
 */
export function parseExactPath(pathname: string, extra: ReadonlySet<string> = configuredExtraServices()): ExactPath {
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
    const division = Number(segments[0]);
    // Decoded segments: what Exact will read (`sy%73tem` is system).
    const refusal = divisionScopeRefusal(segments.slice(1), extra);
    if (refusal) return outOfScope(division, refusal);
    return { ok: true, path: encoded.join("/"), division };
  }
  return notAllowed(
    `Only current/Me and {division}/… may be called through the portal, where {division} is an Exact division mapped to this administration. ${LIST_DIVISIONS}`,
  );
}
