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

function clientAddress(request: Request): string | null {
  // Next.js fills x-forwarded-for from the socket when no proxy in front set it.
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
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
