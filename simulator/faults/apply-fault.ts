import { sendExactError } from "../api/exact-error";
import { countTokenCall } from "../counters";
import { errorPage } from "../html/pages";
import type { Reply } from "../http/reply";
import type { SimContext } from "../sim-context";
import type { FaultSpec } from "./fault-registry";

/** Apigee's own texts for the faults Exact's gateway answers with. */
const GATEWAY_DEFAULTS: Record<502 | 503 | 504, { faultstring: string; errorcode: string }> = {
  502: { faultstring: "Unexpected EOF at target", errorcode: "messaging.adaptors.http.flow.UnexpectedEOFAtTarget" },
  503: {
    faultstring: "The Service is temporarily unavailable",
    errorcode: "messaging.adaptors.http.flow.ServiceUnavailable",
  },
  504: { faultstring: "Gateway Timeout", errorcode: "messaging.adaptors.http.flow.GatewayTimeout" },
};

/** What HTTP.sys answers to a request it cannot parse: the 2016-era "Bad Request" as HTML. */
const BAD_REQUEST_HTML = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">
<HTML><HEAD><TITLE>Bad Request</TITLE>
<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>
<BODY><h2>Bad Request</h2>
<hr><p>HTTP Error 400. The request is badly formed.</p>
</BODY></HTML>
`;

/**
 * Applies a queued fault before the route runs. Returns true when the fault itself answered (the
 * route must not run: nothing rotates), false when the route runs — after `delayMs`, or with its
 * answer held back (`delayAfterTokensMs`) or dropped (`dropAfterTokens`).
 */
export async function applyFault(
  ctx: SimContext,
  spec: FaultSpec,
  reply: Reply,
  call: { tokenEndpoint: boolean; grantType: string | null; json: boolean },
): Promise<boolean> {
  const fault = spec.fault;
  if ("delayMs" in fault) {
    // Cut short by DELETE /_control/fault (the test's clean-up), cut off when closing.
    await ctx.faults.hold(spec.path, fault.delayMs, ctx.closing);
    return false;
  }
  if ("delayAfterTokensMs" in fault) {
    // Added to the answer's share of any latency (create-request-handler).
    reply.holdMs += fault.delayAfterTokensMs;
    return false;
  }
  if ("dropAfterTokens" in fault) {
    reply.dropInsteadOfAnswer = true;
    return false;
  }
  if (call.tokenEndpoint) {
    countTokenCall(ctx.store.state.counters, call.grantType, "fault");
    ctx.store.changed();
  }
  if ("badRequest" in fault) {
    const html = fault.badRequest === "text/html";
    reply.send(
      400,
      { "Content-Type": html ? "text/html; charset=us-ascii" : "text/plain; charset=utf-8" },
      html ? BAD_REQUEST_HTML : "Bad Request",
    );
    return true;
  }
  if ("gatewayFault" in fault) {
    const defaults = GATEWAY_DEFAULTS[fault.gatewayFault];
    reply.json(fault.gatewayFault, {
      fault: {
        faultstring: fault.faultstring ?? defaults.faultstring,
        detail: { errorcode: fault.errorcode ?? defaults.errorcode },
      },
    });
    return true;
  }
  if (fault.status === 401) {
    // Exactly as a refused access token is answered (routes/api.ts).
    sendExactError(reply, 401, "Access token is invalid or has expired.", call.json, { "WWW-Authenticate": "Bearer" });
    return true;
  }
  const title = fault.status === 503 ? "Service Unavailable" : "Internal Server Error";
  reply.html(fault.status, errorPage(title, `${title} (injected by the simulator's fault control).`));
  return true;
}
