import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { oauthLogins } from "@/db/schema";
import { resetClock } from "@/lib/clock";
import { refreshTokenColumn } from "@/lib/crypto/secret-columns";
import { listEnvironments } from "@/lib/data/environments";
import { accessTokenFor } from "@/lib/exact/tokens/get-access-token";
import { verifyCredentials } from "@/lib/guards/verify-credentials";
import { portalMetrics } from "@/lib/metrics/portal-metrics";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { ExactTestClient } from "@/simulator/testing/exact-test-client";
import { simControl, startSimulatorForPortal } from "../support/exact-simulator";
import { linkedLogin } from "../support/linked-login";
import { makeLoginsDue } from "../support/make-logins-due";
import { resetDatabase } from "../support/reset-database";
import { actorOf, makeUser, PASSWORD } from "../support/users";

// Each outcome counted under its label, in this process, by the code that meets it: the
// refresh's result as the login's row records it, the lease waits, and sign-ins.

let sim: ExactSimulator;
let loginId: string;
beforeAll(async () => {
  sim = await startSimulatorForPortal();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await resetDatabase();
  resetClock();
  await simControl(sim, "reset", {});
  const admin = actorOf(await makeUser("admin@example.nl", "admin"));
  loginId = await linkedLogin(sim, admin, (await listEnvironments())[0].id);
});
afterEach(() => {
  delete process.env.EXACT_TOKEN_TIMEOUT_MS;
});

type Counted = {
  get: () => Promise<{ values: { labels: Record<string, unknown>; value: number; metricName?: string }[] }>;
};

/** The metric's value for exactly these labels (0 when never counted). */
async function value(metric: Counted, labels: Record<string, string> = {}, metricName?: string): Promise<number> {
  const { values } = await metric.get();
  const found = values.find(
    (v) =>
      (!metricName || v.metricName === metricName) &&
      JSON.stringify(Object.entries(v.labels).sort()) === JSON.stringify(Object.entries(labels).sort()),
  );
  return found?.value ?? 0;
}

/** How much each counted value changes while `work` runs. */
async function counting(work: () => Promise<unknown>) {
  const m = portalMetrics();
  const read = async () => ({
    ok: await value(m.tokenRefreshes, { result: "ok" }),
    refused: await value(m.tokenRefreshes, { result: "refused" }),
    temporary: await value(m.tokenRefreshes, { result: "temporary" }),
    in_doubt: await value(m.tokenRefreshes, { result: "in_doubt" }),
    timed: await value(m.tokenRefreshDuration, {}, "koppeling_token_refresh_duration_seconds_count"),
    leaseWaits: await value(m.leaseWait, {}, "koppeling_refresh_lease_wait_seconds_count"),
  });
  const before = await read();
  await work().catch(() => undefined);
  const after = await read();
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]));
}

const loginRow = async () => (await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, loginId)))[0];

describe("koppeling_token_refresh_total{result}", () => {
  test("twenty callers of a due token: one refresh at Exact, counted ok once and timed, one lease wait", async () => {
    await makeLoginsDue(sim, [loginId]);
    const counted = await counting(() => Promise.all(Array.from({ length: 20 }, () => accessTokenFor(loginId))));
    expect(counted).toEqual({ ok: 1, refused: 0, temporary: 0, in_doubt: 0, timed: 1, leaseWaits: 1 });
    expect((await loginRow()).status).toBe("active");
  });

  test("Exact says the chain is dead ('Old refresh token used'): refused", async () => {
    await makeLoginsDue(sim, [loginId]);
    const stolen = await new ExactTestClient(sim).refresh(
      refreshTokenColumn.open(loginId, (await loginRow()).refreshTokenEnc as string),
    );
    expect(stolen.status).toBe(200);
    const counted = await counting(() => accessTokenFor(loginId));
    expect(counted).toMatchObject({ ok: 0, refused: 1, temporary: 0, in_doubt: 0, timed: 1 });
    expect((await loginRow()).status).toBe("needs_reauth");
  });

  test("Exact unavailable (503): temporary, and the login stays active", async () => {
    await makeLoginsDue(sim, [loginId]);
    await simControl(sim, "fault", { path: "/api/oauth2/token", fault: { status: 503 } });
    const counted = await counting(() => accessTokenFor(loginId));
    expect(counted).toMatchObject({ ok: 0, refused: 0, temporary: 1, in_doubt: 0 });
    expect((await loginRow()).status).toBe("active");
  });

  test("given up on while Exact holds the call: in_doubt, as the login's row says", async () => {
    process.env.EXACT_TOKEN_TIMEOUT_MS = "1000";
    await simControl(sim, "fault", { path: "/api/oauth2/token", fault: { delayMs: 3_000 } });
    await makeLoginsDue(sim, [loginId]);
    const counted = await counting(() => accessTokenFor(loginId));
    expect(counted).toMatchObject({ ok: 0, refused: 0, temporary: 0, in_doubt: 1 });
    expect((await loginRow()).lastError).toBe("refresh_in_doubt");
  });

  test("a token with time left: no refresh, nothing counted", async () => {
    const counted = await counting(() => accessTokenFor(loginId));
    expect(counted).toEqual({ ok: 0, refused: 0, temporary: 0, in_doubt: 0, timed: 0, leaseWaits: 0 });
  });
});

test("koppeling_sign_ins_total{result}: ok and invalid, each once", async () => {
  const signIns = portalMetrics().signIns;
  const ok = await value(signIns, { result: "ok" });
  const invalid = await value(signIns, { result: "invalid" });
  expect((await verifyCredentials({ email: "admin@example.nl", password: PASSWORD }, "203.0.113.9")).ok).toBe(true);
  expect((await verifyCredentials({ email: "admin@example.nl", password: "wrong-password-1" }, "203.0.113.9")).ok).toBe(
    false,
  );
  expect(await value(signIns, { result: "ok" })).toBe(ok + 1);
  expect(await value(signIns, { result: "invalid" })).toBe(invalid + 1);
});
