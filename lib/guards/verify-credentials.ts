import "server-only";
import { recordAuditNow } from "@/lib/audit/audit-events";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { releaseAttempt, reserveAttempt, throttleKeys } from "@/lib/data/sign-in-throttle";
import { findUserForSignIn, recordSignIn } from "@/lib/data/users";
import { logger } from "@/lib/log/logger";
import { countSignIn } from "@/lib/metrics/count-sign-in";
import { signInSchema } from "@/lib/schemas/users";

export type VerifyResult =
  | { ok: true; user: { id: string; email: string; name: string }; sessionId: string }
  | { ok: false; reason: "invalid" | "throttled" | "blocked"; retryAfterSeconds?: number };

// Hashed once, compared against when the e-mail is unknown, so a wrong e-mail takes as
// long as a wrong password and does not reveal which addresses exist.
let decoyHash: Promise<string> | undefined;

export async function verifyCredentials(raw: unknown, address: string | null): Promise<VerifyResult> {
  return countSignIn(await checkCredentials(raw, address));
}

async function checkCredentials(raw: unknown, address: string | null): Promise<VerifyResult> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const keys = throttleKeys(email, address);
  const wait = await reserveAttempt(keys);
  if (wait > 0) {
    // Not audited: refused before any check, as often as someone cares to send them.
    logger.info({ address, retryAfterSeconds: wait }, "sign-in throttled");
    return { ok: false, reason: "throttled", retryAfterSeconds: wait };
  }

  const user = await findUserForSignIn(email);
  decoyHash ??= hashPassword("decoy-password-never-used");
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
  if (!user || !valid || user.disabled) {
    // Who tried is the e-mail typed: the actor is nobody, the user (if any) the record.
    await recordAuditNow(
      { id: null, email: email.trim().toLowerCase() },
      {
        action: "user.sign_in_failed",
        entityType: "user",
        entityId: user?.id ?? null,
        detail: { email: email.trim().toLowerCase(), address, ...(user?.disabled && valid ? { disabled: true } : {}) },
      },
    );
    // A blocked user who knew the password is told the account is blocked (who does not know
    // the password learns nothing): "wrong password" would send them to try again and again.
    return { ok: false, reason: user?.disabled && valid ? "blocked" : "invalid" };
  }
  await releaseAttempt(keys);
  const sessionId = await recordSignIn(user, address);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name }, sessionId };
}
