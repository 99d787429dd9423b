import { escapeHtml } from "../html/escape-html";
import type { Headers, Reply } from "../http/reply";

/**
 * Exact's REST error shape (EXACT_ONLINE.md "REST calls"):
 * {"error":{"code":"","message":{"lang":"","value":"…"}}} — or the same as OData XML when the
 * client did not ask for JSON.
 */
export function sendExactError(
  reply: Reply,
  status: number,
  message: string,
  json: boolean,
  headers: Headers = {},
): void {
  if (json) {
    reply.json(status, { error: { code: "", message: { lang: "", value: message } } }, headers);
    return;
  }
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<error xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><code></code><message xml:lang="">${escapeHtml(message)}</message></error>`;
  reply.send(
    status,
    { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "no-store", ...headers },
    xml,
  );
}
