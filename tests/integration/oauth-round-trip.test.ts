import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { administrations, auditEvents, divisions, oauthLogins } from "@/db/schema";
import { advanceClock, resetClock } from "@/lib/clock";
import { accessTokenColumn } from "@/lib/crypto/secret-columns";
import { listEnvironments } from "@/lib/data/environments";
import { createOAuthLogin } from "@/lib/data/oauth-logins";
import { classifyExactError } from "@/lib/exact/errors/classify-exact-error";
import { exactConfig } from "@/lib/exact/exact-config";
import { exchangeCode } from "@/lib/exact/oauth/token-endpoint";
import { completeAuthorization, startAuthorization } from "@/lib/links/consent-round-trip";
import type { ExactSimulator } from "@/simulator/start-exact-simulator";
import { consentInExact, simControl, simCounters, startSimulatorForPortal } from "../support/exact-simulator";
import { resetDatabase } from "../support/reset-database";
import { actorOf, makeUser } from "../support/users";

let sim: ExactSimulator;
beforeAll(async () => {
  sim = await startSimulatorForPortal();
});
afterAll(async () => {
  await sim.close();
});

let admin: { id: string; email: string };
let environmentId: string;
beforeEach(async () => {
  await resetDatabase();
  resetClock();
  await simControl(sim, "reset", {});
  admin = actorOf(await makeUser("admin@example.nl", "admin"));
  environmentId = (await listEnvironments())[0].id;
});

async function newLogin(site: "NL" | "BE" = "NL") {
  return (await createOAuthLogin(admin, environmentId, { description: `Exact Online ${site}`, site })).id;
}

async function loginRow(id: string) {
  const [row] = await getDb().select().from(oauthLogins).where(eq(oauthLogins.id, id));
  return row;
}

describe("the consent round-trip", () => {
  test("Toestaan links the login: active, Exact user recorded, tokens stored encrypted, audited", async () => {
    const id = await newLogin();
    const url = await startAuthorization(admin, environmentId, id, false);
    expect(url.origin + url.pathname).toBe(`${sim.siteUrl("NL")}/api/oauth2/auth`);
    expect(url.searchParams.get("redirect_uri")).toBe("http://localhost:3000/api/exact/callback");
    expect(url.searchParams.get("force_login")).toBe("0");
    expect(url.searchParams.has("scope")).toBe(false);
    const callback = await consentInExact(sim, url);
    expect(callback.searchParams.get("state")).toBe(url.searchParams.get("state"));

    const before = Date.now();
    expect(await completeAuthorization(admin, callback)).toEqual({
      notice: "authorized",
      loginId: id,
      kind: "success",
    });

    const row = await loginRow(id);
    expect(row.status).toBe("active");
    expect(row.exactUserName).toBe(sim.firstUser.userName);
    // The simulator's first user (its fixture), as Exact's current/Me names them.
    expect(row.exactFullName).toBe("Marieke de Vries");
    expect(row.exactUserId).toMatch(/^[0-9a-f-]{36}$/i);
    expect(typeof row.exactCurrentDivision).toBe("number");
    // 30 days from now, give or take the test's own run time.
    const days = ((row.loginExpiresAt as Date).getTime() - before) / 86400000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);
    // Stored as ciphertext: the column is not a token the simulator accepts, its decryption is.
    const access = accessTokenColumn.open(id, row.accessTokenEnc as string);
    expect(row.accessTokenEnc).not.toContain(access);
    const me = (token: string) =>
      fetch(`${sim.siteUrl("NL")}/api/v1/current/Me`, {
        headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
      });
    expect((await me(access)).status).toBe(200);
    expect((await me(row.accessTokenEnc as string)).status).toBe(401);

    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(events.map((e) => e.action)).toEqual(["oauth_login.created", "oauth_login.authorized"]);
    expect(events[1].detail).toMatchObject({ exactUserName: sim.firstUser.userName });
    expect(JSON.stringify(events)).not.toContain(access);
    expect((await simCounters(sim)).token.authorization_code.ok).toBe(1);
  });

  test("Weigeren: the login stays pending with the reason, and the denial is audited", async () => {
    const id = await newLogin();
    const callback = await consentInExact(sim, await startAuthorization(admin, environmentId, id, false), {
      decision: "deny",
    });
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(await completeAuthorization(admin, callback)).toMatchObject({ notice: "consent_denied", loginId: id });
    const row = await loginRow(id);
    expect(row).toMatchObject({ status: "pending", lastError: "consent_denied", accessTokenEnc: null });
    const actions = (await getDb().select().from(auditEvents).where(eq(auditEvents.entityId, id))).map((e) => e.action);
    expect(actions).toContain("oauth_login.denied");
    expect((await simCounters(sim)).token.authorization_code.ok ?? 0).toBe(0);
  });

  test("re-authorization asks for the login again (force_login=1) and warns when another Exact user consents", async () => {
    const id = await newLogin();
    await completeAuthorization(
      admin,
      await consentInExact(sim, await startAuthorization(admin, environmentId, id, false)),
    );
    const url = await startAuthorization(admin, environmentId, id, true);
    expect(url.searchParams.get("force_login")).toBe("1");
    const callback = await consentInExact(sim, url, { userName: "sanne.bakery", password: "Bakery-Exact-1" });
    expect(await completeAuthorization(admin, callback)).toMatchObject({
      notice: "authorized_other_user",
      loginId: id,
    });
    const row = await loginRow(id);
    expect(row.exactUserName).toBe("sanne.bakery");
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "oauth_login.reauthorized"));
    expect(event.detail).toMatchObject({
      exactUserName: "sanne.bakery",
      previousExactUserName: sim.firstUser.userName,
    });
  });
});

test("re-authorizing as a user who cannot reach the mapped divisions names them", async () => {
  const id = await newLogin();
  await completeAuthorization(
    admin,
    await consentInExact(sim, await startAuthorization(admin, environmentId, id, false)),
  );
  const [administration] = await getDb()
    .insert(administrations)
    .values({ environmentId, description: "ONLINE", oauthLoginId: id })
    .returning({ id: administrations.id });
  await getDb()
    .insert(divisions)
    .values([
      { environmentId, code: "1", name: "Qics BV", administrationId: administration.id, exactDivisionCode: 2340001 },
      { environmentId, code: "2", name: "Niet gekoppeld", administrationId: administration.id },
    ]);
  // The same user again: every mapped division is still within reach.
  const same = await consentInExact(sim, await startAuthorization(admin, environmentId, id, true));
  expect(await completeAuthorization(admin, same)).toMatchObject({ notice: "authorized" });
  const other = await consentInExact(sim, await startAuthorization(admin, environmentId, id, true), {
    userName: "sanne.bakery",
    password: "Bakery-Exact-1",
  });
  expect(await completeAuthorization(admin, other)).toMatchObject({
    notice: "authorized_divisions_missing",
    missingDivisions: ["1"],
  });
});

describe("a bad callback is refused, and nothing is exchanged", () => {
  async function callbackFor(id: string) {
    return consentInExact(sim, await startAuthorization(admin, environmentId, id, false));
  }

  test("no state", async () => {
    const callback = await callbackFor(await newLogin());
    callback.searchParams.delete("state");
    expect(await completeAuthorization(admin, callback)).toMatchObject({ notice: "state_missing" });
  });

  test("an unknown state", async () => {
    const callback = await callbackFor(await newLogin());
    callback.searchParams.set("state", "made-up");
    expect(await completeAuthorization(admin, callback)).toMatchObject({ notice: "state_unknown" });
  });

  test("a state used twice", async () => {
    const callback = await callbackFor(await newLogin());
    expect(await completeAuthorization(admin, callback)).toMatchObject({ notice: "authorized" });
    expect(await completeAuthorization(admin, callback)).toMatchObject({ notice: "state_reused" });
    expect((await simCounters(sim)).token.authorization_code.ok).toBe(1);
  });

  test("a state older than ten minutes", async () => {
    const id = await newLogin();
    const callback = await callbackFor(id);
    advanceClock(10 * 60 * 1000 + 1000);
    expect(await completeAuthorization(admin, callback)).toMatchObject({ notice: "state_expired" });
    expect((await loginRow(id)).status).toBe("pending");
  });

  test("another admin's state; it stays usable by its own admin", async () => {
    const other = actorOf(await makeUser("other@example.nl", "admin"));
    const id = await newLogin();
    const callback = await callbackFor(id);
    expect(await completeAuthorization(other, callback)).toMatchObject({ notice: "state_other_user" });
    expect((await loginRow(id)).status).toBe("pending");
    expect(await completeAuthorization(admin, callback)).toMatchObject({ notice: "authorized" });
  });

  test("the callback links only the login its state was made for", async () => {
    const first = await newLogin("NL");
    const second = await newLogin("BE");
    expect(await completeAuthorization(admin, await callbackFor(first))).toMatchObject({ loginId: first });
    expect((await loginRow(first)).status).toBe("active");
    expect((await loginRow(second)).status).toBe("pending");
  });
});

describe("the token endpoint's refusals", () => {
  test("a code is single use: the second exchange is invalid_grant", async () => {
    const id = await newLogin();
    const url = await startAuthorization(admin, environmentId, id, false);
    const callback = await consentInExact(sim, url);
    const state = url.searchParams.get("state") as string;
    const client = exactConfig().client("NL");
    if (!client) throw new Error("no client");
    await exchangeCode(client, exactConfig().redirectUri, callback, state);
    const second = await exchangeCode(client, exactConfig().redirectUri, callback, state).catch((e) => e);
    expect(classifyExactError(second)).toMatchObject({ login: "dead" });
    expect(String(second.error)).toBe("invalid_grant");
  });

  test("a wrong client secret is the app registration's fault, not the login's", async () => {
    const id = await newLogin();
    const url = await startAuthorization(admin, environmentId, id, false);
    const callback = await consentInExact(sim, url);
    const client = exactConfig().client("NL");
    if (!client) throw new Error("no client");
    const error = await exchangeCode(
      { ...client, clientSecret: "wrong" },
      exactConfig().redirectUri,
      callback,
      url.searchParams.get("state") as string,
    ).catch((e) => e);
    expect(classifyExactError(error)).toMatchObject({ login: "client", reason: "invalid_client" });
  });

  test("another site's client id gets Exact's 'Client not found' page, and no redirect", async () => {
    const saved = process.env.EXACT_CLIENT_ID_BE;
    process.env.EXACT_CLIENT_ID_BE = process.env.EXACT_CLIENT_ID_NL;
    try {
      const url = await startAuthorization(admin, environmentId, await newLogin("BE"), false);
      const page = await fetch(url, { redirect: "manual" });
      expect(page.status).toBe(400);
      expect(page.headers.get("location")).toBeNull();
      expect(await page.text()).toMatch(/Client not found/i);
    } finally {
      process.env.EXACT_CLIENT_ID_BE = saved;
    }
  });
});
