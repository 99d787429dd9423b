import type { NextAuthConfig } from "next-auth";

// The part of the Auth.js config that needs no database, shared by proxy.ts and auth.ts.
// Sessions are JWTs holding only the user id: role and disabled state are re-read from
// the database on every request (lib/auth/session.ts), so a change applies at once.
export const authConfig = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      // The moment of sign-in, kept as the token is re-issued (unlike `iat`, which moves on
      // every rolling refresh); sessions that started before a revocation are refused.
      if (user?.id) {
        token.uid = user.id;
        token.signedInAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      if (typeof token.signedInAt === "number") session.signedInAt = token.signedInAt;
      return session;
    },
  },
} satisfies NextAuthConfig;
