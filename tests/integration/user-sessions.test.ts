import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, userSessions } from "@/db/schema";
import { endSignedInSession } from "@/lib/data/sign-out";
import { isSessionLive } from "@/lib/data/user-sessions";
import { changeOwnPassword, resetUserPassword, setUserDisabled } from "@/lib/data/users";
import { verifyCredentials } from "@/lib/guards/verify-credentials";
import { resetDatabase } from "../support/reset-database";
import { actorOf, makeUser, PASSWORD } from "../support/users";

// Issue 12 §2: a session ends on the server when it should, whatever its cookie says.

beforeEach(resetDatabase);
const maxAge = process.env.SESSION_MAX_AGE;
afterEach(() => {
  if (maxAge === undefined) delete process.env.SESSION_MAX_AGE;
  else process.env.SESSION_MAX_AGE = maxAge;
});

async function signIn(email = "ann@example.nl", password = PASSWORD): Promise<string> {
  const result = await verifyCredentials({ email, password }, "192.0.2.1");
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  return result.sessionId;
}
const sessionRow = async (id: string) => (await getDb().select().from(userSessions).where(eq(userSessions.id, id)))[0];

describe("server-side sessions", () => {
  test("each sign-in is its own live session, of that user only", async () => {
    const ann = await makeUser("ann@example.nl");
    const bob = await makeUser("bob@example.nl");
    const [one, two] = [await signIn(), await signIn()];
    expect(one).not.toBe(two);
    expect(await isSessionLive(one, ann.id)).toBe(true);
    expect(await isSessionLive(two, ann.id)).toBe(true);
    expect(await isSessionLive(one, bob.id)).toBe(false);
  });

  test("signing out ends that session only, and is audited once", async () => {
    const ann = await makeUser("ann@example.nl");
    const [one, two] = [await signIn(), await signIn()];
    await endSignedInSession(one, actorOf(ann));
    await endSignedInSession(one, actorOf(ann)); // a second sign-out of it is no event
    expect(await isSessionLive(one, ann.id)).toBe(false);
    expect(await isSessionLive(two, ann.id)).toBe(true);
    expect(await sessionRow(one)).toMatchObject({ endReason: "signed_out", endedAt: expect.any(Date) });
    const signOuts = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "user.signed_out"));
    expect(signOuts).toEqual([expect.objectContaining({ actorUserId: ann.id, entityId: ann.id })]);
  });

  test("changing your own password keeps the current session and ends the others", async () => {
    const ann = await makeUser("ann@example.nl");
    const [here, elsewhere, third] = [await signIn(), await signIn(), await signIn()];
    await changeOwnPassword({ ...actorOf(ann), sessionId: here }, PASSWORD, "a-brand-new-password");
    expect(await isSessionLive(here, ann.id)).toBe(true);
    expect(await isSessionLive(elsewhere, ann.id)).toBe(false);
    expect(await isSessionLive(third, ann.id)).toBe(false);
    expect(await sessionRow(elsewhere)).toMatchObject({ endReason: "password_changed" });
    const [changed] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "user.password_changed"));
    expect(changed.detail).toMatchObject({ otherSessionsEnded: 2 });
  });

  test("a password reset or a disable by an admin ends every session of the user", async () => {
    const admin = actorOf(await makeUser("admin@example.nl", "admin"));
    const ann = await makeUser("ann@example.nl");
    const bob = await makeUser("bob@example.nl");
    const annSession = await signIn();
    const bobSession = await signIn("bob@example.nl");
    await resetUserPassword(admin, ann.id);
    await setUserDisabled(admin, bob.id, true);
    expect(await sessionRow(annSession)).toMatchObject({ endReason: "password_reset" });
    expect(await sessionRow(bobSession)).toMatchObject({ endReason: "disabled" });
    await setUserDisabled(admin, bob.id, false);
    expect(await isSessionLive(bobSession, bob.id)).toBe(false);
  });

  test("a session older than SESSION_MAX_AGE is no longer live, however active", async () => {
    const ann = await makeUser("ann@example.nl");
    const id = await signIn();
    await getDb()
      .update(userSessions)
      .set({ createdAt: sql`now() - interval '12 hours' - interval '1 second'` })
      .where(eq(userSessions.id, id));
    expect(await isSessionLive(id, ann.id)).toBe(false);
    process.env.SESSION_MAX_AGE = "13h";
    expect(await isSessionLive(id, ann.id)).toBe(true);
    process.env.SESSION_MAX_AGE = "30m";
    const fresh = await signIn();
    await getDb()
      .update(userSessions)
      .set({ createdAt: sql`now() - interval '31 minutes'` })
      .where(eq(userSessions.id, fresh));
    expect(await isSessionLive(fresh, ann.id)).toBe(false);
  });

  test("ended sessions are pruned after a day, at a later sign-in", async () => {
    const ann = await makeUser("ann@example.nl");
    const old = await signIn();
    await endSignedInSession(old, actorOf(ann));
    await getDb()
      .update(userSessions)
      .set({ endedAt: sql`now() - interval '25 hours'` })
      .where(eq(userSessions.id, old));
    await signIn();
    expect(await sessionRow(old)).toBeUndefined();
  });
});
