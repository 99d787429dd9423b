import type { NextAuthConfig } from "next-auth";
import { sessionIdleSeconds, sessionMaxAgeMs } from "./session-lifetime";

// The part of the Auth.js config that needs no database, shared by proxy.ts and lib/guards/next-auth.ts.
// Sessions are JWTs holding the user id and the session id: role and disabled state are
// re-read from the database on every request, and so is whether the session is still live
// (lib/guards/require-user.ts, lib/data/user-sessions.ts), so a change or a sign-out applies at once.
export const authConfig = {
  trustHost: true,
  // maxAge: the idle lifetime (the cookie is re-issued as the session is used); the absolute
  // one (SESSION_MAX_AGE) is kept below and on the server.
  session: { strategy: "jwt", maxAge: sessionIdleSeconds() },
  pages: { signIn: "/login" },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      // The moment of sign-in, kept as the token is re-issued (unlike `iat`, which moves on
      // every rolling refresh); sessions that started before a revocation are refused.
      if (user?.id) {
        token.uid = user.id;
        token.sid = user.sessionId;
        token.signedInAt = Date.now();
      }
      // Past the absolute lifetime the token is dropped (its cookie cleared), however active.
      if (typeof token.signedInAt === "number" && Date.now() - token.signedInAt >= sessionMaxAgeMs()) return null;
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      if (typeof token.sid === "string") session.sessionId = token.sid;
      if (typeof token.signedInAt === "number") session.signedInAt = token.signedInAt;
      return session;
    },
  },
} satisfies NextAuthConfig;
