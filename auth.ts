import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { verifyCredentials } from "./lib/auth/verify-credentials";
import { logger } from "./lib/log/logger";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
class Throttled extends CredentialsSignin {
  code = "throttled";
}

/**
 * The client's address for per-address throttling. Next.js fills X-Forwarded-For from the
 * socket only when the request has none, so a client talking to the portal directly can
 * make up its own; behind load balancers that append to the header, the entry the nearest
 * trusted one added is the real client: TRUSTED_PROXY_HOPS (default 1) counts from the right.
 * The per-e-mail limit does not depend on this.
 */
function clientAddress(request: Request): string | null {
  const entries = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const hops = Math.max(1, Number(process.env.TRUSTED_PROXY_HOPS ?? 1) || 1);
  return entries[Math.max(0, entries.length - hops)] ?? null;
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
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      // Throttling lives here, not in the sign-in form, so the standard
      // /api/auth/callback/credentials endpoint cannot be used to get around it.
      async authorize(credentials, request) {
        const result = await verifyCredentials(credentials, clientAddress(request));
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name };
        throw result.reason === "throttled" ? new Throttled() : new InvalidCredentials();
      },
    }),
  ],
});
