import { expect, test } from "vitest";
import { effectiveStatus } from "./oauth-logins";

const at = new Date("2026-11-28T12:00:00Z");
const inDays = (d: number) => new Date(at.getTime() + d * 86400000);

test.each([
  ["active, far from expiry", "active", inDays(20), "active"],
  ["active, within the warning period", "active", inDays(5), "expiring"],
  ["active, exactly at the warning boundary", "active", inDays(7), "expiring"],
  ["active, past expiry", "active", inDays(-1), "needs_reauth"],
  ["pending stays pending", "pending", null, "pending"],
  ["needs_reauth stays", "needs_reauth", inDays(20), "needs_reauth"],
] as const)("%s", (_, status, expires, expected) => {
  expect(effectiveStatus(status, expires, 7, at)).toBe(expected);
});
