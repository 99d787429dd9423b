import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/lib/auth/auth-config";
import { endSignedInSession } from "@/lib/data/sign-out";
import { logger } from "@/lib/log/logger";
import { verifyCredentials } from "./verify-credentials";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
class Blocked extends CredentialsSignin {
  code = "blocked";
}
class Throttled extends CredentialsSignin {
  code = "throttled";
}

/**
 * The client's address for per-address throttling, as scripts/client-address.cjs stamped it on
 * the request from the socket (or, with TRUSTED_PROXY_HOPS, from the trusted proxies'
 * X-Forwarded-For). Never X-Forwarded-For itself: a client can write that. Without the stamp
 * (a server started without the preload) only the per-e-mail delay applies.
 */
let warnedUnstamped = false;
function clientAddress(request: Request): string | null {
  const address = request.headers.get("x-koppeling-client-address");
  if (!address && !warnedUnstamped) {
    warnedUnstamped = true;
    logger.warn("Requests carry no client address: start the portal with npm start (scripts/client-address.cjs)");
  }
  return address || null;
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  // Auth.js logs a failed sign-in as an error with a stack; that is an ordinary event.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin || error.name === "CredentialsSignin") {
        logger.info({ code: (error as CredentialsSignin).code }, "sign-in refused");
        return;
      }
      logger.error({ err: error }, "auth error");
    },
    warn(code) {
      logger.warn({ code }, "auth warning");
    },
    debug() {},
  },
  events: {
    // Every way out (the menu's action, POST /api/auth/signout) ends the session on the
    // server too, so a copy of the cookie stops working.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (token?.sid && token.uid) await endSignedInSession(token.sid, { id: token.uid, email: token.email ?? "" });
    },
  },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      // Throttling lives here, not in the sign-in form, so the standard
      // /api/auth/callback/credentials endpoint cannot be used to get around it.
      async authorize(credentials, request) {
        const result = await verifyCredentials(credentials, clientAddress(request));
        if (result.ok) return { ...result.user, sessionId: result.sessionId };
        throw result.reason === "throttled"
          ? new Throttled()
          : result.reason === "blocked"
            ? new Blocked()
            : new InvalidCredentials();
      },
    }),
  ],
});
