import { describe, expect, test } from "vitest";
import { can, removesLastAdmin } from "./permissions";

describe("can", () => {
  test.each([
    ["admin", "users.manage", true],
    ["admin", "settings.change", true],
    ["viewer", "users.manage", false],
    ["viewer", "settings.change", false],
    ["admin", "api_keys.manage", true],
    ["viewer", "api_keys.manage", false],
    ["viewer", "audit.read", true],
    ["viewer", "portal.read", true],
  ] as const)("%s %s → %s", (role, permission, expected) => {
    expect(can(role, permission)).toBe(expected);
  });
});

describe("removesLastAdmin", () => {
  const admin = { id: "a", role: "admin", disabled: false } as const;
  test("demoting the only active admin is refused", () => {
    expect(removesLastAdmin(["a"], admin, { role: "viewer" })).toBe(true);
  });
  test("disabling the only active admin is refused", () => {
    expect(removesLastAdmin(["a"], admin, { disabled: true })).toBe(true);
  });
  test("demoting one of two active admins is allowed", () => {
    expect(removesLastAdmin(["a", "b"], admin, { role: "viewer" })).toBe(false);
  });
  test("changes that keep the admin active are allowed", () => {
    expect(removesLastAdmin(["a"], admin, { role: "admin", disabled: false })).toBe(false);
  });
  test("a viewer or a disabled admin never counts", () => {
    expect(removesLastAdmin([], { id: "v", role: "viewer", disabled: false }, { disabled: true })).toBe(false);
    expect(removesLastAdmin(["b"], { id: "d", role: "admin", disabled: true }, { role: "viewer" })).toBe(false);
  });
});
