import { describe, expect, test } from "vitest";
import { checkDatabase, safeHost } from "@/lib/runtime/check-database";

const SECRET = "Sup3r-S3cret-pw";

describe("checkDatabase", () => {
  test("resolves for the test database", async () => {
    await expect(checkDatabase(process.env.DATABASE_URL as string)).resolves.toBeUndefined();
  });

  test.each([
    ["a closed port", `postgres://koppeling:${SECRET}@127.0.0.1:1/koppeling_prod`, "127.0.0.1:1/koppeling_prod"],
    ["an unknown host", `postgres://koppeling:${SECRET}@db.invalid:5432/portal`, "db.invalid:5432/portal"],
    [
      "a percent-encoded password",
      `postgres://koppeling:${encodeURIComponent(`${SECRET}@/:`)}@127.0.0.1:1/x`,
      "127.0.0.1:1/x",
    ],
  ])("%s: rejects with one sentence naming host:port/db, never the password", async (_name, url, where) => {
    const error = await checkDatabase(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`The database at ${where} does not answer`);
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(encodeURIComponent(SECRET));
    expect(message).not.toMatch(/\n/);
    expect(message.trim()).toMatch(/^[A-Z].*\.$/);
    expect(message).toContain("DATABASE_URL");
  });

  test("a wrong password on a live server: rejects without the password", async () => {
    const url = new URL(process.env.DATABASE_URL as string);
    url.password = SECRET;
    url.username = "no_such_user";
    const error = await checkDatabase(url.toString()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(`${url.hostname}:${url.port}${url.pathname}`);
    expect(error?.message).not.toContain(SECRET);
  });
});

describe("safeHost", () => {
  test.each([
    [`postgres://u:${SECRET}@db.example:6543/prod`, "db.example:6543/prod"],
    [`postgresql://u:${SECRET}@db.example/prod`, "db.example/prod"],
    ["not a url", "(an unparseable DATABASE_URL)"],
  ])("%s → %s", (url, expected) => {
    expect(safeHost(url)).toBe(expected);
  });
});
