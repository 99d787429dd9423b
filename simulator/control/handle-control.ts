import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { divisionScopeOf } from "../api/division-scope-of";
import { faultSpecSchema } from "../faults/fault-registry";
import { optionOverridesSchema } from "../fixture/fixture-schema";
import type { Reply } from "../http/reply";
import { revokeAccessTokens } from "../oauth/revoke-access-tokens";
import type { SimContext } from "../sim-context";
import { tokenLedger } from "./token-ledger";

/**
 * Test controls under /_control (only when the simulator runs with control on; otherwise the
 * dispatcher answers 404 for all of these). JSON in, JSON out.
 *
 *   GET/POST /_control/clock     {"advanceSeconds": n}   move the one clock forward
 *   POST     /_control/fault     {"method"?, "path", "grantType"?, "fault": {...}}  next matching call only
 *   GET      /_control/fault     {"pending": n, "holding": m}: queued faults no call has taken yet,
 *                                calls waiting in a delayMs fault now
 *   DELETE   /_control/fault?path=…  drop those queued faults, let their held calls go on now
 *   GET      /_control/counters  token calls by grant type and outcome, API calls, 429s
 *   GET      /_control/ledger    every refresh token issued, per chain, in order (hashes only)
 *   POST     /_control/reset     clear tokens, sessions, counters, faults, clock, option overrides
 *   GET/POST /_control/options   any fixture option, e.g. {"tooEarlyVariant": "2021"|"2026"},
 *                                {"latencyMs": {"min": 20, "max": 200} | null}
 *   POST     /_control/revoke-access-tokens {"userName"?, "accessToken"?}  live access tokens → 401
 *   POST     /_control/division-scope {"userName", "divisions": [codes] | null}  published-app scope
 */
export async function handleControl(
  ctx: SimContext,
  req: IncomingMessage,
  reply: Reply,
  pathname: string,
  body: string,
): Promise<void> {
  const method = req.method ?? "GET";
  const route = `${method} ${pathname.replace(/\/+$/, "")}`;
  let input: unknown = {};
  if (method === "POST" && body.trim()) {
    try {
      input = JSON.parse(body);
    } catch {
      reply.json(400, { error: "body must be JSON" });
      return;
    }
  }
  const invalid = (error: z.ZodError) => reply.json(400, { error: z.prettifyError(error) });
  const clock = () => ({
    now: ctx.clock.now(),
    nowIso: new Date(ctx.clock.now()).toISOString(),
    offsetSeconds: ctx.clock.offset / 1000,
  });

  switch (route) {
    case "GET /_control/clock":
      reply.json(200, clock());
      return;
    case "POST /_control/clock": {
      const parsed = z.object({ advanceSeconds: z.number().min(0) }).safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      ctx.clock.advance(parsed.data.advanceSeconds);
      reply.json(200, clock());
      return;
    }
    case "POST /_control/fault": {
      const parsed = faultSpecSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      reply.json(201, { queued: ctx.faults.add(parsed.data) });
      return;
    }
    case "GET /_control/fault":
      // A fault is taken when its call arrives, before any delay: a test knows the call is in.
      reply.json(200, { pending: ctx.faults.pending, holding: ctx.faults.holding });
      return;
    case "DELETE /_control/fault": {
      // ?path= names the faults as they were queued (their "path"); none = every fault.
      const path = new URL(req.url ?? "/", "http://x").searchParams.get("path");
      reply.json(200, ctx.faults.release(path ?? undefined));
      return;
    }
    case "GET /_control/counters":
      reply.json(200, ctx.store.state.counters);
      return;
    case "GET /_control/ledger":
      reply.json(200, { chains: tokenLedger(ctx) });
      return;
    case "POST /_control/reset":
      await ctx.resetAll();
      reply.json(200, { ok: true });
      return;
    case "GET /_control/options":
      reply.json(200, ctx.options());
      return;
    case "POST /_control/options": {
      const parsed = optionOverridesSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      Object.assign(ctx.store.state.optionOverrides, parsed.data);
      await ctx.store.persistNow();
      reply.json(200, ctx.options());
      return;
    }
    case "POST /_control/revoke-access-tokens": {
      const parsed = z
        .strictObject({ userName: z.string().min(1).optional(), accessToken: z.string().min(1).optional() })
        .safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      if (parsed.data.userName !== undefined && !ctx.findUser(parsed.data.userName)) {
        reply.json(400, { error: `unknown user ${parsed.data.userName}` });
        return;
      }
      const revoked = revokeAccessTokens(ctx, parsed.data);
      await ctx.store.persistNow();
      reply.json(200, { revoked });
      return;
    }
    case "POST /_control/division-scope": {
      const parsed = z
        .strictObject({ userName: z.string().min(1), divisions: z.array(z.int()).nullable() })
        .safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      const user = ctx.findUser(parsed.data.userName);
      if (!user) {
        reply.json(400, { error: `unknown user ${parsed.data.userName}` });
        return;
      }
      const unknown = parsed.data.divisions?.find((code) => !ctx.findDivision(code));
      if (unknown !== undefined) {
        reply.json(400, { error: `unknown division ${unknown}` });
        return;
      }
      ctx.store.state.divisionScopes[user.userName.toLowerCase()] = parsed.data.divisions;
      await ctx.store.persistNow();
      reply.json(200, { userName: user.userName, divisionScope: divisionScopeOf(ctx, user) });
      return;
    }
    default:
      reply.json(404, { error: "unknown control" });
  }
}
