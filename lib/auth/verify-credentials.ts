import "server-only";
import { findUserForSignIn, markSignedIn } from "@/lib/data/users";
import { signInSchema } from "@/lib/schemas/users";
import { hashPassword, verifyPassword } from "./password";
import { releaseAttempt, reserveAttempt, throttleKeys } from "./sign-in-throttle";

export type VerifyResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" | "throttled"; retryAfterSeconds?: number };

// Hashed once, compared against when the e-mail is unknown, so a wrong e-mail takes as
// long as a wrong password and does not reveal which addresses exist.
let decoyHash: Promise<string> | undefined;

export async function verifyCredentials(raw: unknown, address: string | null): Promise<VerifyResult> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const keys = throttleKeys(email, address);
  const wait = await reserveAttempt(keys);
  if (wait > 0) return { ok: false, reason: "throttled", retryAfterSeconds: wait };

  const user = await findUserForSignIn(email);
  decoyHash ??= hashPassword("decoy-password-never-used");
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
  if (!user || !valid || user.disabled) return { ok: false, reason: "invalid" };
  await releaseAttempt(keys);
  await markSignedIn(user.id);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
