import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; name?: string | null; email?: string | null };
    /** The server-side session (user_sessions) this cookie belongs to. */
    sessionId?: string;
    /** When the user signed in (milliseconds since the epoch). */
    signedInAt?: number;
  }
  interface User {
    /** Set by the Credentials provider's authorize: the session the sign-in started. */
    sessionId?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sid?: string;
    signedInAt?: number;
  }
}
