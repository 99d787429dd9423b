import { eq } from "drizzle-orm";
import { beforeEach, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { administrations, divisions, oauthLogins } from "@/db/schema";
import { listDivisionOverview } from "@/lib/data/division-overview";
import { listEnvironments } from "@/lib/data/environments";
import { resetDatabase } from "../support/reset-database";

beforeEach(resetDatabase);

test("one row per division with its administration, login, site, Exact division and token state", async () => {
  const [env, other] = await listEnvironments();
  const days = (n: number) => new Date(Date.now() + n * 86400000);
  const [healthy, expiring] = await getDb()
    .insert(oauthLogins)
    .values([
      { environmentId: env.id, description: "Gezond", site: "NL", status: "active", loginExpiresAt: days(20) },
      { environmentId: env.id, description: "Bijna op", site: "BE", status: "active", loginExpiresAt: days(3) },
    ])
    .returning({ id: oauthLogins.id });
  const [a1, a2] = await getDb()
    .insert(administrations)
    .values([
      { environmentId: env.id, description: "ONLINE", oauthLoginId: healthy.id },
      { environmentId: env.id, description: "BELGIE", oauthLoginId: expiring.id },
    ])
    .returning({ id: administrations.id });
  await getDb()
    .insert(divisions)
    .values([
      {
        environmentId: env.id,
        code: "1",
        name: "Qics BV",
        administrationId: a1.id,
        exactDivisionCode: 2340001,
        exactDivisionDescription: "Qics BV",
        exactDivisionHid: "1",
      },
      { environmentId: env.id, code: "2", name: "Qics België", administrationId: a2.id },
      { environmentId: env.id, code: "3", name: "Los" },
      { environmentId: other.id, code: "9", name: "Andere omgeving" },
    ]);

  const rows = await listDivisionOverview(env.id);
  expect(rows.map((r) => r.code)).toEqual(["1", "2", "3"]);
  expect(rows[0]).toMatchObject({
    administration: "ONLINE",
    oauthLogin: "Gezond",
    site: "NL",
    tokenStatus: "active",
    exactDivision: "1 - Qics BV (2340001)",
  });
  expect(rows[1]).toMatchObject({ administration: "BELGIE", site: "BE", tokenStatus: "expiring", exactDivision: null });
  expect(rows[2]).toMatchObject({ administration: null, oauthLogin: null, tokenStatus: null });

  await getDb().update(oauthLogins).set({ status: "needs_reauth" }).where(eq(oauthLogins.id, healthy.id));
  expect((await listDivisionOverview(env.id))[0].tokenStatus).toBe("needs_reauth");
});
