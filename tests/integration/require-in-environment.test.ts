import { beforeEach, describe, expect, test } from "vitest";
import { listEnvironments } from "@/lib/data/environments";
import { createOAuthLogin } from "@/lib/data/oauth-logins";
import { requireInEnvironment } from "@/lib/data/require-in-environment";
import { insertAdministration } from "../support/administration-row";
import { resetDatabase } from "../support/reset-database";
import { actorOf, makeUser } from "../support/users";

const UNKNOWN = "00000000-0000-4000-8000-000000000000";

let env: string;
let otherEnv: string;
let admin: { id: string; email: string };
beforeEach(async () => {
  await resetDatabase();
  admin = actorOf(await makeUser("admin@example.nl", "admin"));
  [env, otherEnv] = (await listEnvironments()).map((e) => e.id);
});

describe("requireInEnvironment", () => {
  test("an administration of the environment passes; of another environment, or unknown, it is not found", async () => {
    const id = await insertAdministration({ environmentId: env, oauthLoginId: null });
    await expect(requireInEnvironment("administration", env, id)).resolves.toBeUndefined();
    for (const [environmentId, administrationId] of [
      [otherEnv, id],
      [env, UNKNOWN],
    ]) {
      await expect(requireInEnvironment("administration", environmentId, administrationId)).rejects.toMatchObject({
        name: "AppError",
        code: "administration_not_found",
        field: undefined,
      });
    }
  });

  test("an OAuth login of another environment is not found", async () => {
    const { id } = await createOAuthLogin(admin, env, { description: "Login", site: "NL" });
    await expect(requireInEnvironment("oauth_login", env, id)).resolves.toBeUndefined();
    await expect(requireInEnvironment("oauth_login", otherEnv, id)).rejects.toMatchObject({
      code: "oauth_login_not_found",
    });
  });
});
