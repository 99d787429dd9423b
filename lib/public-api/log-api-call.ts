import "server-only";
import { logger } from "@/lib/log/logger";
import type { ApiCaller } from "./authenticate-api-key";

export type ApiCallRecord = { method: string; path: string; status: number; ms: number };

/**
 * Logs one API call (api-route.ts counts it on its key). `path` is the URL's path only: query
 * values (filters, OData $filter with customer names) stay out of the log. Never a header.
 */
export function logApiCall(caller: ApiCaller, call: ApiCallRecord): void {
  logger.info({ apiKey: caller.prefix, ...call }, "api call");
}
