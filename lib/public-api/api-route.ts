import "server-only";
import { countApiKeyUse } from "@/lib/data/api-keys";
import { logger } from "@/lib/log/logger";
import { countApiRequest } from "@/lib/metrics/count-api-request";
import { apiError } from "./api-error";
import { type ApiCaller, authenticateApiKey } from "./authenticate-api-key";
import { logApiCall } from "./log-api-call";

type RouteContext<P> = { params: Promise<P> };
type ApiHandler<P> = (request: Request, caller: ApiCaller, params: P) => Promise<Response>;

/**
 * The one door for /api/v1 route handlers: the API key first (401 without one), then the
 * handler; every call is timed, logged and counted on its key, and an unexpected failure is
 * a JSON 500 in words with the details in the server log only. The time is until the answer's
 * headers: a streamed body (Exact's) may go on after it.
 */
export function apiRoute<P = Record<string, never>>(handler: ApiHandler<P>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const caller = await authenticateApiKey(request);
    if (caller instanceof Response) return countApiRequest(caller);
    const started = performance.now();
    // Counted on the key while the handler works: the caller's answer waits for one write less.
    const counted = countApiKeyUse(caller.keyId).catch((err) => logger.warn({ err }, "api call not counted"));
    let response: Response;
    try {
      response = await handler(request, caller, await context.params);
    } catch (err) {
      logger.error({ err, apiKey: caller.prefix }, "api call failed");
      response = apiError(500, "unexpected", "Something went wrong in the portal; the server log has the details.");
    }
    const ms = Math.round(performance.now() - started);
    logApiCall(caller, { method: request.method, path: new URL(request.url).pathname, status: response.status, ms });
    await counted;
    return countApiRequest(response);
  };
}
