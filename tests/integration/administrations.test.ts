import { eq } from "drizzle-orm";
import postgres from "postgres";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { administrations, auditEvents, divisions } from "@/db/schema";
import { proxyPasswordColumn } from "@/lib/crypto/secret-columns";
import {
  createAdministration,
  deleteAdministration,
  listAdministrations,
  updateAdministration,
} from "@/lib/data/administrations";
import { createDivision, deleteDivision, listDivisions, updateDivision } from "@/lib/data/divisions";
import { listEnvironments } from "@/lib/data/environments";
import { createOAuthLogin } from "@/lib/data/oauth-logins";
import { administrationValues } from "../support/administration-values";
import { resetDatabase } from "../support/reset-database";
import { actorOf, makeUser } from "../support/users";

let admin: { id: string; email: string };
let env: string;
let otherEnv: string;
beforeEach(async () => {
  process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
  await resetDatabase();
  admin = actorOf(await makeUser("admin@example.nl", "admin"));
  [env, otherEnv] = (await listEnvironments()).map((e) => e.id);
});

const values = administrationValues;

const stored = async (id: string) =>
  (await getDb().select().from(administrations).where(eq(administrations.id, id)))[0];
const audit = async (id: string) =>
  getDb().select().from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.id);

describe("administrations", () => {
  test("the proxy password is stored only as ciphertext, listed only as 'set', and audited without its value", async () => {
    const { id } = await createAdministration(
      admin,
      env,
      values({ proxyServer: "proxy:3128", proxyUsername: "jan", proxyPassword: "geheim-123", proxyDomain: "QICS" }),
    );
    const row = await stored(id);
    expect(row.proxyPasswordEnc).toMatch(/^v1:/);
    expect(row.proxyPasswordEnc).not.toContain("geheim-123");
    expect(proxyPasswordColumn.open(id, row.proxyPasswordEnc as string)).toBe("geheim-123");
    const [listed] = await listAdministrations(env);
    expect(listed).toMatchObject({ proxyPasswordSet: true, proxyServer: "proxy:3128", proxyUsername: "jan" });
    expect(JSON.stringify(listed)).not.toContain("geheim-123");
    expect(JSON.stringify(listed)).not.toContain(row.proxyPasswordEnc);
    expect(JSON.stringify(await audit(id))).not.toContain("geheim-123");
  });

  test("keep leaves the password, a new one replaces it ('changed'), clear removes it ('cleared')", async () => {
    const proxy = { proxyServer: "proxy:3128", proxyUsername: "jan" };
    const { id } = await createAdministration(admin, env, values({ ...proxy, proxyPassword: "one-1" }));
    const first = (await stored(id)).proxyPasswordEnc;
    await updateAdministration(admin, env, id, values({ ...proxy, description: "ONLINE 2" }));
    expect((await stored(id)).proxyPasswordEnc).toBe(first);
    await updateAdministration(admin, env, id, values({ ...proxy, description: "ONLINE 2", proxyPassword: "two-2" }));
    const second = (await stored(id)).proxyPasswordEnc as string;
    expect(proxyPasswordColumn.open(id, second)).toBe("two-2");
    await updateAdministration(
      admin,
      env,
      id,
      values({ ...proxy, description: "ONLINE 2", proxyPasswordAction: "clear" }),
    );
    expect((await stored(id)).proxyPasswordEnc).toBeNull();
    const details = (await audit(id)).map((e) => e.detail);
    expect(details.map((d) => d.proxyCredential)).toEqual(["set", undefined, "changed", "cleared"]);
    expect(JSON.stringify(details)).not.toMatch(/one-1|two-2/);
  });

  test("a first password given later is 'set', not 'changed'", async () => {
    const proxy = { proxyServer: "proxy:3128", proxyUsername: "jan" };
    const { id } = await createAdministration(admin, env, values(proxy));
    await updateAdministration(admin, env, id, values({ ...proxy, proxyPassword: "one-1" }));
    expect((await audit(id)).map((e) => e.detail.proxyCredential)).toEqual(["none", "set"]);
  });

  test("changing the proxy server or user without typing the password again is refused; nothing changes", async () => {
    const proxy = { proxyServer: "proxy:3128", proxyUsername: "jan" };
    const { id } = await createAdministration(admin, env, values({ ...proxy, proxyPassword: "one-1" }));
    const before = await stored(id);
    for (const change of [{ proxyServer: "evil.example:3128" }, { proxyUsername: "piet" }, { proxyDomain: "ANDERS" }]) {
      await expect(updateAdministration(admin, env, id, values({ ...proxy, ...change }))).rejects.toMatchObject({
        code: "proxy_password_reenter",
        field: "proxyPassword",
      });
    }
    expect(await stored(id)).toEqual(before);
    // With the password typed again (or cleared), the change is fine.
    await updateAdministration(admin, env, id, values({ ...proxy, proxyServer: "other:3128", proxyPassword: "one-1" }));
    expect((await stored(id)).proxyServer).toBe("other:3128");
    await updateAdministration(
      admin,
      env,
      id,
      values({ ...proxy, proxyServer: "third:3128", proxyPasswordAction: "clear" }),
    );
    expect(await stored(id)).toMatchObject({ proxyServer: "third:3128", proxyPasswordEnc: null });
  });

  test("removing the proxy server removes its credentials too", async () => {
    const { id } = await createAdministration(
      admin,
      env,
      values({ proxyServer: "proxy:3128", proxyUsername: "jan", proxyPassword: "pw", proxyDomain: "D" }),
    );
    await updateAdministration(admin, env, id, values());
    expect(await stored(id)).toMatchObject({
      proxyServer: null,
      proxyUsername: null,
      proxyPasswordEnc: null,
      proxyDomain: null,
    });
  });

  test("the description is unique in the environment (any case), and may repeat in another", async () => {
    await createAdministration(admin, env, values());
    await expect(createAdministration(admin, env, values({ description: "online" }))).rejects.toMatchObject({
      code: "description_taken",
      field: "description",
    });
    const { id: elsewhere } = await createAdministration(admin, otherEnv, values());
    expect(await stored(elsewhere)).toMatchObject({ environmentId: otherEnv, description: "ONLINE" });
    expect(await listAdministrations(env)).toHaveLength(1);
  });

  test("a login of another environment cannot be attached", async () => {
    const { id: loginId } = await createOAuthLogin(admin, otherEnv, { description: "Elders", site: "NL" });
    await expect(createAdministration(admin, env, values({ oauthLoginId: loginId }))).rejects.toMatchObject({
      code: "oauth_login_not_found",
    });
    expect(await listAdministrations(env)).toHaveLength(0);
  });

  test("delete is refused while divisions belong to it, naming them; allowed once they are gone", async () => {
    const { id } = await createAdministration(admin, env, values());
    const { id: divisionId } = await createDivision(admin, env, {
      code: "1",
      name: "Qics BV",
      administrationId: id,
      exact: null,
    });
    await expect(deleteAdministration(admin, env, id)).rejects.toMatchObject({
      code: "administration_in_use",
      values: { divisions: "1 - Qics BV" },
    });
    expect(await stored(id)).toMatchObject({ id, environmentId: env });
    await deleteDivision(admin, env, divisionId);
    await deleteAdministration(admin, env, id);
    expect(await stored(id)).toBeUndefined();
    expect((await audit(id)).map((e) => e.action)).toEqual(["administration.created", "administration.deleted"]);
  });

  test("an administration of another environment cannot be changed from this one", async () => {
    const { id } = await createAdministration(admin, otherEnv, values());
    await expect(updateAdministration(admin, env, id, values({ description: "X" }))).rejects.toMatchObject({
      code: "administration_not_found",
    });
    expect((await stored(id)).description).toBe("ONLINE");
  });
});

describe("divisions", () => {
  test("create, map to an Exact division, edit, delete — with the Exact link stored explicitly", async () => {
    const { id: adminId } = await createAdministration(admin, env, values());
    const { id } = await createDivision(admin, env, {
      code: "1",
      name: "Qics BV",
      administrationId: adminId,
      exact: { code: 2340001, description: "Qics BV", hid: "1" },
    });
    expect(await listDivisions(env)).toEqual([
      expect.objectContaining({
        code: "1",
        administration: "ONLINE",
        exactDivisionCode: 2340001,
        exactDivisionHid: "1",
      }),
    ]);
    await updateDivision(admin, env, id, { code: "1", name: "Qics B.V.", administrationId: adminId, exact: null });
    const [row] = await getDb().select().from(divisions).where(eq(divisions.id, id));
    expect(row).toMatchObject({ name: "Qics B.V.", exactDivisionCode: null });
    await expect(
      createDivision(admin, env, { code: "1", name: "Dubbel", administrationId: null, exact: null }),
    ).rejects.toMatchObject({ code: "division_code_taken", field: "code" });
    await deleteDivision(admin, env, id);
    expect(await listDivisions(env)).toEqual([]);
    expect((await audit(id)).map((e) => e.action)).toEqual([
      "division.created",
      "division.updated",
      "division.deleted",
    ]);
  });
});

describe("an administration's description is unique in its environment, whatever its case", () => {
  test("the check refuses ONLINE beside Online; another environment may have it", async () => {
    await createAdministration(admin, env, values({ description: "Online" }));
    await expect(createAdministration(admin, env, values({ description: "ONLINE" }))).rejects.toMatchObject({
      code: "description_taken",
      field: "description",
    });
    const { id: elsewhere } = await createAdministration(admin, otherEnv, values({ description: "ONLINE" }));
    expect(await stored(elsewhere)).toMatchObject({ environmentId: otherEnv, description: "ONLINE" });
  });

  /**
   * What `write` fails with while another session holds an uncommitted insert of `description`:
   * the write's own check cannot see that row, so only the unique index stands between the two.
   */
  async function racingAnUncommittedInsert(description: string, write: () => Promise<unknown>): Promise<unknown> {
    const other = postgres(process.env.DATABASE_URL as string, { max: 1, onnotice: () => {} });
    try {
      const session = await other.reserve();
      await session`begin`;
      await session`insert into administrations (environment_id, description) values (${env}, ${description})`;
      const racing = write().then(
        () => null,
        (e: unknown) => e,
      );
      // The write is now waiting on the index for the other session's row.
      await new Promise((r) => setTimeout(r, 300));
      await session`commit`;
      session.release();
      return await racing;
    } finally {
      await other.end({ timeout: 1 });
    }
  }

  test("two creates at the same moment: the index decides, the loser gets the field error, not 'unexpected'", async () => {
    const failure = await racingAnUncommittedInsert("Acme", () =>
      createAdministration(admin, env, values({ description: "ACME" })),
    );
    expect(failure).toMatchObject({ code: "description_taken", field: "description" });
    const names = (await listAdministrations(env)).map((a) => a.description);
    expect(names).toEqual(["Acme"]);
  });

  test("an update racing a create into the same name, likewise", async () => {
    const { id } = await createAdministration(admin, env, values({ description: "Eerste" }));
    const failure = await racingAnUncommittedInsert("tweede", () =>
      updateAdministration(admin, env, id, values({ description: "Tweede" })),
    );
    expect(failure).toMatchObject({ code: "description_taken", field: "description" });
    expect((await stored(id)).description).toBe("Eerste");
  });
});
