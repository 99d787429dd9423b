import "server-only";
import { pathOf } from "@/lib/exact/api/path-of";
import { classifyExactError } from "@/lib/exact/errors/classify-exact-error";
import { ExactHttpError } from "@/lib/exact/errors/exact-http-error";
import type { CallKind, CallSubject } from "./call-subject";
import { recordExactCall } from "./exact-call-recorder";

// What the two doors to Exact (api/exact-request.ts, oauth/token-endpoint.ts) call around each
// HTTP request they send: the request as it went (method, path without query values), Exact's
// status, the time it took and, when it failed, why in a code under errors.* — never a token,
// a secret or Exact's own text (which can echo a query).

/** `/api/v1/{division}/…`: the division a REST path is for (none for current/Me). */
const DIVISION = /\/api\/v1\/(\d{1,9})(?:\/|$)/;

/** One REST request to Exact (one attempt: a retry is a call of its own), recorded. */
export async function recordedRestCall(
  subject: CallSubject,
  method: string,
  url: string,
  send: () => Promise<Response>,
): Promise<Response> {
  const at = Date.now();
  const started = performance.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await send();
    status = response.status;
    if (status >= 400) error = codeOf(new ExactHttpError(status, ""), subject);
    return response;
  } catch (e) {
    error = codeOf(e, subject);
    throw e;
  } finally {
    const path = fromApi(pathOf(url));
    const division = DIVISION.exec(path)?.[1];
    keep(subject, "rest", method, path, division ? Number(division) : null, status, at, started, error);
  }
}

/**
 * One call to Exact's token endpoint (code exchange or refresh), recorded. `tokenUrl` is the
 * endpoint's address (no query); the grant is said in the path's words: `…/token (refresh)`.
 */
export async function recordedTokenCall<T>(
  subject: CallSubject | undefined,
  grant: "authorization_code" | "refresh_token",
  tokenUrl: string,
  call: () => Promise<T>,
): Promise<T> {
  if (!subject) return call();
  const at = Date.now();
  const started = performance.now();
  let status: number | null = 200;
  let error: string | null = null;
  try {
    return await call();
  } catch (e) {
    status = statusOf(e);
    error = codeOf(e, subject);
    throw e;
  } finally {
    const path = `${fromApi(new URL(tokenUrl).pathname)} (${grant})`;
    keep(subject, "token", "POST", path, null, status, at, started, error);
  }
}

function keep(
  subject: CallSubject,
  kind: CallKind,
  method: string,
  path: string,
  division: number | null,
  status: number | null,
  at: number,
  started: number,
  error: string | null,
): void {
  recordExactCall({
    at: new Date(at),
    loginId: subject.loginId,
    administrationId: subject.administrationId,
    division,
    kind,
    onBehalf: subject.onBehalf,
    apiKeyPrefix: subject.apiKeyPrefix,
    method,
    path,
    status,
    durationMs: Math.round(performance.now() - started),
    ok: error === null,
    error,
  });
}

/** The path from `/api/` on: the same for every site, whatever base an operator's site URL has. */
function fromApi(path: string): string {
  const at = path.indexOf("/api/");
  return at > 0 ? path.slice(at) : path;
}

function codeOf(e: unknown, subject: CallSubject): string {
  return classifyExactError(e, { viaProxy: subject.viaProxy }).code;
}

/** The HTTP status of a token call's failure (oauth4webapi's errors carry it), or none. */
function statusOf(e: unknown): number | null {
  const direct = (e as { status?: unknown } | null)?.status;
  if (typeof direct === "number") return direct;
  const cause = (e as { cause?: unknown } | null)?.cause;
  return cause instanceof Response ? cause.status : null;
}
