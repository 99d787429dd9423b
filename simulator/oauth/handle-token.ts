import { countTokenCall } from "../counters";
import type { Headers } from "../http/reply";
import { blockedMessage, countErrorAnswer, errorBlockedUntil } from "../limits/error-block";
import type { RouteInput } from "../route-input";
import { CODE_LIFETIME_MS, REFRESH_TOKEN_LIFETIME_MS, tooEarlyMs } from "../state/lifetimes";
import { authenticateClient } from "./authenticate-client";
import { hashToken } from "./hash-token";
import { issueTokens } from "./issue-tokens";
import { randomToken } from "./random-token";
import { retireOtherChains } from "./retire-other-chains";
import { takeTokenCall } from "./take-token-call";

/**
 * POST {site}/api/oauth2/token (application/x-www-form-urlencoded), EXACT_ONLINE.md "Token
 * endpoint" and "Lifetimes and rotation":
 *
 * - unknown client / wrong secret → 401 {"error":"invalid_client"}
 * - authorization_code: single use, 3 minutes, bound to client and redirect_uri; otherwise
 *   400 {"error":"invalid_grant"}
 * - one chain per user and app: a code exchange retires the user's earlier chains for this app;
 *   their refresh tokens then answer like a rotated one (optionally in Invantive's wording).
 * - refresh_token: single use. A rotated one → 401 unauthorized_client "Old refresh token used.";
 *   unknown → 400 invalid_grant; unused 30 days → 400 invalid_request "The refresh token expired
 *   at …"; within 570 s of the chain's last access token → too early (2026: 400 access_denied +
 *   `Reason: TooEarlyToRefreshTokens`, or with option tooEarlyReason "long" the header as clients
 *   print it, `TooEarlyToRefreshTokens: Rate limit exceeded: access_token not expired`; 2021: 401 "Access Token not expired"); the tokens in hand
 *   stay valid after a too-early answer.
 * - 200 calls per app, per user, per day → 429 (our choice; Exact does not document the answer).
 * - 10 error answers (400/401, "too early" excepted) per app and user in the clock hour → 429
 *   "Too many errors" until the hour ends (our choice of answer, error-block.ts).
 * - success: 200 {"access_token","token_type":"bearer","expires_in":"600","refresh_token"}.
 */
export async function handleToken({ ctx, site, req, reply, form }: RouteInput): Promise<void> {
  const state = ctx.store.state;
  const grantType = form?.get("grant_type") ?? null;
  // Set once the call's user is known: errors count per app and user (error-block.ts).
  let errorKey: string | null = null;
  const answer = (status: number, outcome: string, body: Record<string, string>, headers: Headers = {}) => {
    countTokenCall(state.counters, grantType, outcome);
    // "Too early" is Exact's own limit on refreshing; not counted as an error (our choice).
    if (errorKey && outcome !== "too_early") countErrorAnswer(ctx, errorKey, status);
    ctx.store.changed();
    reply.json(status, body, { Pragma: "no-cache", ...headers });
  };
  const limited = (retryMs: number) =>
    answer(
      429,
      "rate_limited",
      {
        error: "access_denied",
        error_description: `Rate limit exceeded: at most ${ctx.options().tokenCallsPerDay} token requests per app, per user, per day`,
      },
      { "Retry-After": Math.ceil(retryMs / 1000) },
    );

  if (req.method !== "POST") {
    answer(405, "invalid_request", { error: "invalid_request", error_description: "Use POST." }, { Allow: "POST" });
    return;
  }
  if (!form) {
    answer(400, "invalid_request", {
      error: "invalid_request",
      error_description: "Content-Type must be application/x-www-form-urlencoded.",
    });
    return;
  }
  const app = authenticateClient(ctx, site, req, form);
  if (!app) {
    answer(401, "invalid_client", { error: "invalid_client" });
    return;
  }
  const now = ctx.clock.now();
  /** Once the user is known: refused (and answered) when blocked or over the 200 a day. */
  const admit = (userName: string): boolean => {
    errorKey = `${site}|${app.clientId}|${userName.toLowerCase()}|-|oauth2/token`;
    const blockedUntil = errorBlockedUntil(ctx, errorKey);
    if (blockedUntil !== null) {
      state.counters.errorBlocked += 1;
      answer(
        429,
        "blocked",
        {
          error: "access_denied",
          error_description: blockedMessage(ctx.options().errorsPerHour, blockedUntil, "this app and user"),
        },
        { "Retry-After": Math.ceil((blockedUntil - now) / 1000) },
      );
      return false;
    }
    const retry = takeTokenCall(ctx, site, app.clientId, userName);
    if (retry !== null) {
      limited(retry);
      return false;
    }
    return true;
  };

  if (grantType === "authorization_code") {
    const code = form.get("code");
    if (!code) {
      answer(400, "invalid_request", { error: "invalid_request", error_description: "code is required." });
      return;
    }
    const key = hashToken(code);
    const record = Object.hasOwn(state.codes, key) ? state.codes[key] : undefined;
    if (!record || record.site !== site || record.clientId !== app.clientId) {
      answer(400, "invalid_grant", { error: "invalid_grant" });
      return;
    }
    if (!admit(record.userName)) return;
    if (now - record.issuedAt > CODE_LIFETIME_MS) {
      delete state.codes[key];
      answer(400, "invalid_grant", { error: "invalid_grant" });
      return;
    }
    if (form.get("redirect_uri") !== record.redirectUri) {
      answer(400, "invalid_grant", { error: "invalid_grant" });
      return;
    }
    delete state.codes[key];
    const grantId = randomToken(12);
    state.grants[grantId] = {
      site,
      clientId: app.clientId,
      userName: record.userName,
      createdAt: now,
      lastAccessIssuedAt: now,
    };
    retireOtherChains(ctx, { grantId, site, clientId: app.clientId, userName: record.userName });
    await succeed(grantId);
    return;
  }

  if (grantType === "refresh_token") {
    const token = form.get("refresh_token");
    if (!token) {
      answer(400, "invalid_request", { error: "invalid_request", error_description: "refresh_token is required." });
      return;
    }
    const record = state.refreshTokens[hashToken(token)];
    const grant = record && Object.hasOwn(state.grants, record.grantId) ? state.grants[record.grantId] : undefined;
    if (!record || !grant || grant.site !== site || grant.clientId !== app.clientId || !ctx.findUser(grant.userName)) {
      answer(400, "invalid_grant", { error: "invalid_grant" });
      return;
    }
    if (!admit(grant.userName)) return;
    if (record.rotatedAt !== null) {
      // Single use: two processes refreshing at once end here (EXACT_ONLINE.md, picqer #300 #644).
      answer(401, "old_refresh_token", { error: "unauthorized_client", error_description: "Old refresh token used." });
      return;
    }
    if (grant.retiredAt) {
      // One chain per user and app: a newer consent of this user retired this chain.
      answer(401, "chain_retired", {
        error: "unauthorized_client",
        error_description:
          ctx.options().retiredChainWording === "invantive"
            ? "an obsoleted refresh token can not be used on Exact Online; this occurs when an Exact Online user is associated twice with the same OAuth app"
            : "Old refresh token used.",
      });
      return;
    }
    const expiresAt = record.issuedAt + REFRESH_TOKEN_LIFETIME_MS;
    if (now > expiresAt) {
      answer(400, "expired", {
        error: "invalid_request",
        error_description: `The refresh token expired at ${new Date(expiresAt).toISOString()}`,
      });
      return;
    }
    if (!grant.earlyRefreshAllowed && now - grant.lastAccessIssuedAt < tooEarlyMs(ctx.options().accessTokenSeconds)) {
      // Nothing rotates: the access and refresh tokens in the client's hands stay valid. (After
      // the chain's access token was revoked, the client has no valid token: not too early.)
      if (ctx.options().tooEarlyVariant === "2021") {
        answer(401, "too_early", { error: "access_denied", error_description: "Access Token not expired" });
      } else {
        answer(
          400,
          "too_early",
          { error: "access_denied", error_description: "Rate limit exceeded: access_token not expired" },
          {
            Reason:
              ctx.options().tooEarlyReason === "long"
                ? "TooEarlyToRefreshTokens: Rate limit exceeded: access_token not expired"
                : "TooEarlyToRefreshTokens",
          },
        );
      }
      return;
    }
    record.rotatedAt = now;
    await succeed(record.grantId);
    return;
  }

  answer(400, "unsupported_grant_type", { error: "unsupported_grant_type" });

  async function succeed(grantId: string): Promise<void> {
    const tokens = issueTokens(ctx, grantId, { dropped: reply.dropInsteadOfAnswer, heldMs: reply.holdMs });
    // With the dropAfterTokens fault the tokens exist (and are persisted) but never arrive.
    countTokenCall(state.counters, grantType, reply.dropInsteadOfAnswer ? "dropped" : "ok");
    await ctx.store.persistNow();
    reply.json(200, tokens, { Pragma: "no-cache" });
  }
}
