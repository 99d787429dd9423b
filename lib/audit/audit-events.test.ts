import { describe, expect, test } from "vitest";
import { withoutSecrets } from "./audit-events";

describe("withoutSecrets", () => {
  test.each([
    "password",
    "Password",
    "newPassword",
    "pass",
    "passwordHash",
    "hash",
    "secret",
    "clientSecret",
    "token",
    "accessToken",
    "refresh_token",
    "key",
    "apiKey",
    "encryption_key",
  ])("drops %s", (key) => {
    expect(withoutSecrets({ [key]: "s3cr3t", email: "ann@example.nl" })).toEqual({ email: "ann@example.nl" });
  });

  test("keeps names, ids, flags and nested changes", () => {
    const detail = { email: "a@x.nl", name: "A", role: { from: "admin", to: "viewer" }, disabled: true, count: 3 };
    expect(withoutSecrets(detail)).toEqual(detail);
  });

  test("does not change its input", () => {
    const detail = { email: "a@x.nl", password: "x" };
    withoutSecrets(detail);
    expect(detail).toEqual({ email: "a@x.nl", password: "x" });
  });

  // A secret one level down must not reach the audit log either.
  test("drops secret-named keys nested in an object", () => {
    expect(JSON.stringify(withoutSecrets({ changes: { password: "s3cr3t" } }))).not.toContain("s3cr3t");
  });
});
