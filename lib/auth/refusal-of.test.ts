import { describe, expect, test } from "vitest";
import { refusalOf } from "./refusal-of";

describe("refusalOf", () => {
  test.each([
    ["admin", false, "settings.change", null],
    ["admin", false, "users.manage", null],
    ["viewer", false, "audit.read", null],
    ["viewer", false, "settings.change", "role"],
    ["viewer", false, "users.manage", "role"],
    // Until the password is changed, nothing: not even what the role allows.
    ["admin", true, "settings.change", "password_change_required"],
    ["viewer", true, "portal.read", "password_change_required"],
    ["viewer", true, "users.manage", "password_change_required"],
  ] as const)("%s (must change password: %s) asking %s: %s", (role, mustChangePassword, permission, expected) => {
    expect(refusalOf({ role, mustChangePassword }, permission)).toBe(expected);
  });
});
