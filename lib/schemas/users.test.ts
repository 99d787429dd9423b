import { describe, expect, test } from "vitest";
import type { z } from "zod";
import { changePasswordSchema, createUserSchema, PASSWORD_MIN, signInSchema } from "./users";

/** The message keys per field path, as the forms show them. */
function errorsOf(result: z.ZodSafeParseResult<unknown>): Record<string, string[]> {
  if (result.success) return {};
  const out: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".");
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

const validPassword = "p".repeat(PASSWORD_MIN);

describe("signInSchema", () => {
  test("trims and lowercases the e-mail, keeps the password exactly", () => {
    const r = signInSchema.safeParse({ email: "  Ann@Example.NL ", password: " secret with spaces " });
    expect(r.success && r.data).toEqual({ email: "ann@example.nl", password: " secret with spaces " });
  });

  test.each([
    ["empty e-mail", { email: "", password: "x" }, { email: ["required"] }],
    ["blank e-mail", { email: "   ", password: "x" }, { email: ["required"] }],
    ["not an e-mail", { email: "ann.example.nl", password: "x" }, { email: ["invalid_email"] }],
    ["e-mail over 254 characters", { email: `${"a".repeat(250)}@x.nl`, password: "x" }, { email: ["too_long"] }],
    ["empty password", { email: "ann@example.nl", password: "" }, { password: ["required"] }],
    [
      "password over 200 characters",
      { email: "ann@example.nl", password: "x".repeat(201) },
      { password: ["too_long"] },
    ],
  ])("%s is refused", (_name, input, expected) => {
    expect(errorsOf(signInSchema.safeParse(input))).toEqual(expected);
  });
});

describe("createUserSchema", () => {
  const base = { email: "ann@example.nl", name: "Ann", role: "viewer" };

  test("trims and lowercases the e-mail and trims the name", () => {
    const r = createUserSchema.safeParse({ ...base, email: "  Ann.De.Vries@Example.NL  ", name: "  Ann  " });
    expect(r.success && r.data).toMatchObject({ email: "ann.de.vries@example.nl", name: "Ann" });
  });

  test.each([
    ["empty (generate one)", ""],
    ["absent (generate one)", undefined],
    [`exactly ${PASSWORD_MIN} characters`, validPassword],
  ])("a password that is %s is accepted", (_name, password) => {
    const r = createUserSchema.safeParse({ ...base, password });
    expect(errorsOf(r)).toEqual({});
    expect(r.success && r.data.password).toBe(password);
  });

  test.each(["admin", "viewer"])("role %s is accepted", (role) => {
    expect(createUserSchema.safeParse({ ...base, role }).success).toBe(true);
  });

  test.each([
    ["invalid e-mail", { email: "not-an-email" }, { email: ["invalid_email"] }],
    ["e-mail without domain", { email: "ann@" }, { email: ["invalid_email"] }],
    ["empty e-mail", { email: "" }, { email: ["required"] }],
    ["empty name", { name: "" }, { name: ["required"] }],
    ["blank name", { name: "   " }, { name: ["required"] }],
    ["name over 100 characters", { name: "n".repeat(101) }, { name: ["too_long"] }],
    ["short password", { password: "p".repeat(PASSWORD_MIN - 1) }, { password: ["password_too_short"] }],
    ["bad role", { role: "owner" }, { role: ["invalid_role"] }],
    ["missing role", { role: undefined }, { role: ["invalid_role"] }],
  ])("%s is refused with its message key", (_name, change, expected) => {
    expect(errorsOf(createUserSchema.safeParse({ ...base, ...change }))).toEqual(expected);
  });
});

describe("changePasswordSchema", () => {
  const ok = { currentPassword: "the-old-password", newPassword: validPassword, confirmPassword: validPassword };

  test("a different, long enough, confirmed password is accepted", () => {
    expect(errorsOf(changePasswordSchema.safeParse(ok))).toEqual({});
  });

  test.each([
    ["confirmation differs", { confirmPassword: `${validPassword}x` }, { confirmPassword: ["passwords_differ"] }],
    ["new equals current", { currentPassword: validPassword }, { newPassword: ["password_unchanged"] }],
    ["new too short", { newPassword: "short", confirmPassword: "short" }, { newPassword: ["password_too_short"] }],
    ["current empty", { currentPassword: "" }, { currentPassword: ["required"] }],
  ])("%s is refused on the right field", (_name, change, expected) => {
    expect(errorsOf(changePasswordSchema.safeParse({ ...ok, ...change }))).toEqual(expected);
  });
});
