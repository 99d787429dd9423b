import "server-only";
import * as oauth from "oauth4webapi";
import type { Actor } from "@/lib/audit/actor";
import {
  auditConsent,
  consentingLogin,
  loginSite,
  recordConsentFailure,
  recordConsentingUser,
} from "@/lib/data/login-consent";
import { loginsOfExactUser } from "@/lib/data/logins-of-exact-user";
import { AppError } from "@/lib/errors";
import { callSubject } from "@/lib/exact/activity/call-subject-of";
import { classifyExactError } from "@/lib/exact/errors/classify-exact-error";
import { exactConfig } from "@/lib/exact/exact-config";
import { consumeAuthorizationState, createAuthorizationState } from "@/lib/exact/oauth/authorization-state";
import { authorizationUrl } from "@/lib/exact/oauth/authorization-url";
import { exchangeCode } from "@/lib/exact/oauth/token-endpoint";
import { type CurrentMe, readCurrentMe } from "@/lib/exact/read-current-me";
import { storeConsentTokens } from "@/lib/exact/tokens/store-consent-tokens";
import { divisionsOutOfReach } from "@/lib/links/divisions-out-of-reach";
import { logger } from "@/lib/log/logger";

// The consent round-trip that links an OAuth login to an Exact user: connect → Exact's
// login and consent screens → callback. It links a login; it does not sign anyone in.

/** The URL of Exact's consent screen for this login, with a fresh single-use state. */
export async function startAuthorization(
  user: Actor & { id: string },
  environmentId: string,
  loginId: string,
  forceLogin: boolean,
): Promise<URL> {
  const site = await loginSite(loginId, environmentId);
  if (!site) throw new AppError("oauth_login_not_found");
  const config = exactConfig();
  const client = config.client(site);
  if (!client) throw new AppError("site_not_configured");
  const state = await createAuthorizationState({ userId: user.id, oauthLoginId: loginId, forceLogin });
  return authorizationUrl(client, config.redirectUri, state, forceLogin);
}

export type CallbackOutcome = {
  /** Message key under oauthLogins.notices.* */
  notice: string;
  loginId?: string;
  kind: "success" | "error" | "warning";
  /** Codes of mapped divisions the consenting Exact user cannot reach. */
  missingDivisions?: string[];
};

/** Handles Exact's redirect back: checks the state, exchanges the code once, reads current/Me. */
export async function completeAuthorization(user: Actor & { id: string }, callbackUrl: URL): Promise<CallbackOutcome> {
  const params = callbackUrl.searchParams;
  const state = params.get("state");
  const consumed = await consumeAuthorizationState(state, user.id);
  if (!consumed.ok) return { notice: consumed.problem, loginId: consumed.oauthLoginId, kind: "error" };
  const loginId = consumed.oauthLoginId;
  const login = await consentingLogin(loginId);
  if (!login) return { notice: "oauth_login_gone", kind: "error" };
  const audit = (action: string, detail: Record<string, unknown>) => auditConsent(user, loginId, login, action, detail);

  if (params.get("error")) {
    const error = params.get("error") ?? "";
    logger.info({ loginId, error, description: params.get("error_description") }, "Exact consent not given");
    const denied = error === "access_denied";
    await recordConsentFailure(loginId, denied ? "consent_denied" : "consent_failed");
    await audit("oauth_login.denied", { error });
    return { notice: denied ? "consent_denied" : "consent_failed", loginId, kind: "error" };
  }

  const config = exactConfig();
  const client = config.client(login.site);
  if (!client) return { notice: "site_not_configured", loginId, kind: "error" };
  let tokens: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    tokens = await exchangeCode(client, config.redirectUri, callbackUrl, state as string, consentSubject(loginId));
  } catch (e) {
    const detail = e instanceof oauth.AuthorizationResponseError ? e.error : classifyExactError(e).detail;
    logger.warn({ loginId, detail }, "Exact code exchange failed");
    await recordConsentFailure(loginId, "exchange_failed");
    return { notice: "exchange_failed", loginId, kind: "error" };
  }
  // Whatever token pair comes back is stored before anything else happens.
  await storeConsentTokens(loginId, tokens);

  let me: CurrentMe;
  try {
    // Through the REST client like every call: the token it finds is the one just stored.
    me = await readCurrentMe({ loginId, interactive: true, purpose: "consent" });
  } catch (e) {
    logger.warn({ loginId, err: e }, "current/Me failed after consent");
    await recordConsentFailure(loginId, "me_failed");
    await audit(login.hadTokens ? "oauth_login.reauthorized" : "oauth_login.authorized", {});
    return { notice: "me_failed", loginId, kind: "warning" };
  }
  const { otherUser } = await recordConsentingUser(user, loginId, login, me);
  const missingDivisions = await divisionsOutOfReach(loginId);
  if (missingDivisions.length) {
    return { notice: "authorized_divisions_missing", loginId, kind: "warning", missingDivisions };
  }
  if (otherUser) return { notice: "authorized_other_user", loginId, kind: "warning" };
  // Exact keeps one refresh-token chain per user and app: this consent retired the chain of
  // every other login of the same Exact user. Say so now, not when those logins die.
  if ((await loginsOfExactUser(login.site, me.userId, loginId)).length) {
    return { notice: "authorized_same_exact_user", loginId, kind: "warning" };
  }
  return { notice: "authorized", loginId, kind: "success" };
}

/** The code exchange's record: a consent, on the login's own route (no administration's proxy). */
function consentSubject(loginId: string) {
  return callSubject({ loginId, purpose: "consent" }, false);
}
