import { beforeEach, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { administrations, oauthLogins } from "@/db/schema";
import { administrationsInError } from "@/lib/data/administrations-in-error";
import { listEnvironments } from "@/lib/data/environments";
import { resetDatabase } from "../support/reset-database";

beforeEach(resetDatabase);

const days = (n: number) => new Date(Date.now() + n * 86400000);

// The banner's count of broken administrations: those the overview shows as Fout by their own
// route, and not those whose login is already counted (in error itself), nor another environment's.
test("counts the administrations broken by their own last call, not by their login's state", async () => {
  const [env, other] = await listEnvironments();
  const [healthy, failing] = await getDb()
    .insert(oauthLogins)
    .values([
      {
        environmentId: env.id,
        description: "Gezond",
        site: "NL",
        status: "active",
        loginExpiresAt: days(40),
        consentedAt: days(-2),
      },
      { environmentId: env.id, description: "Kapot", site: "NL", status: "error", lastError: "exact_unavailable" },
    ])
    .returning({ id: oauthLogins.id });
  const [otherLogin] = await getDb()
    .insert(oauthLogins)
    .values({ environmentId: other.id, description: "Elders", site: "NL", status: "active", loginExpiresAt: days(40) })
    .returning({ id: oauthLogins.id });
  const failed = { lastCallAt: new Date(), lastCallOk: false, lastCallError: "proxy_unreachable" };
  await getDb()
    .insert(administrations)
    .values([
      { environmentId: env.id, description: "PROXY WEG", oauthLoginId: healthy.id, ...failed },
      {
        environmentId: env.id,
        description: "TEST MISLUKT",
        oauthLoginId: healthy.id,
        lastTestAt: new Date(),
        lastTestOk: false,
        lastTestMessage: "proxy_failed",
      },
      {
        environmentId: env.id,
        description: "GOED",
        oauthLoginId: healthy.id,
        lastCallAt: new Date(),
        lastCallOk: true,
      },
      // Its login is in error: the banner counts that login already.
      { environmentId: env.id, description: "LOGIN KAPOT", oauthLoginId: failing.id, ...failed },
      // A failure before the login's last consent is history, not a broken route.
      { environmentId: env.id, description: "OUD", oauthLoginId: healthy.id, ...failed, lastCallAt: days(-3) },
      { environmentId: env.id, description: "ZONDER LOGIN", ...failed },
      { environmentId: other.id, description: "ANDERE OMGEVING", oauthLoginId: otherLogin.id, ...failed },
    ]);

  expect(await administrationsInError(env.id)).toBe(2);
  expect(await administrationsInError(other.id)).toBe(1);
});
