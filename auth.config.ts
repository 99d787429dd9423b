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
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
} satisfies NextAuthConfig;
