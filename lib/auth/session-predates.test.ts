import { expect, test } from "vitest";
import { sessionPredates } from "./session-predates";

const revoked = new Date("2026-11-28T12:00:00.500Z");

test.each([
  ["a session from the minute before is revoked", Date.parse("2026-11-28T11:59:00Z"), true],
  ["a session from a millisecond before is revoked", revoked.getTime() - 1, true],
  ["a session signed in at that very moment survives", revoked.getTime(), false],
  ["a session signed in afterwards survives", Date.parse("2026-11-28T12:00:05Z"), false],
  ["a session without the claim is revoked", undefined, true],
])("%s", (_, signedInAt, expected) => {
  expect(sessionPredates(signedInAt, revoked)).toBe(expected);
});
