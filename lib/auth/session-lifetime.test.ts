import type { JWT } from "next-auth/jwt";
import { afterEach, describe, expect, test } from "vitest";
import { authConfig } from "@/lib/auth/auth-config";
import { sessionIdleSeconds, sessionMaxAgeMs } from "./session-lifetime";

const saved = process.env.SESSION_MAX_AGE;
afterEach(() => {
  if (saved === undefined) delete process.env.SESSION_MAX_AGE;
  else process.env.SESSION_MAX_AGE = saved;
});

const HOUR = 3_600_000;
// The callback as the proxy layer and auth() run it on a session cookie.
const refresh = (token: JWT) => (authConfig.callbacks.jwt as (p: { token: JWT }) => JWT | null)({ token });

describe("SESSION_MAX_AGE", () => {
  test("12 hours unless set; the idle lifetime is never longer", () => {
    delete process.env.SESSION_MAX_AGE;
    expect(sessionMaxAgeMs()).toBe(12 * HOUR);
    process.env.SESSION_MAX_AGE = "30m";
    expect(sessionMaxAgeMs()).toBe(30 * 60_000);
    expect(sessionIdleSeconds()).toBe(30 * 60);
    process.env.SESSION_MAX_AGE = "3d";
    expect(sessionIdleSeconds()).toBe(12 * 3600);
  });

  test("a value that is no duration stops with a sentence naming the variable's form", () => {
    process.env.SESSION_MAX_AGE = "twelve hours";
    expect(() => sessionMaxAgeMs()).toThrow(/use e\.g\. 1d, 6h, 10m/);
  });

  test("a cookie past the absolute lifetime is dropped by the JWT callback, however active", () => {
    delete process.env.SESSION_MAX_AGE;
    const token = { uid: "u", sid: "s" };
    expect(refresh({ ...token, signedInAt: Date.now() - 11 * HOUR })).toMatchObject(token);
    expect(refresh({ ...token, signedInAt: Date.now() - 12 * HOUR - 1000 })).toBeNull();
  });
});
