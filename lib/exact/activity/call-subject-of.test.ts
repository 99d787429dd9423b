import { describe, expect, test } from "vitest";
import { callSubject } from "./call-subject-of";

describe("callSubject: on whose behalf a call's record says it was made", () => {
  test.each([
    [{ caller: "keepalive" as const, purpose: "test" as const }, "keepalive"],
    [{ caller: "api" as const, apiKeyPrefix: "kpl_ab12" }, "api"],
    [{ caller: "portal" as const, purpose: "test" as const }, "test"],
    [{ purpose: "consent" as const }, "consent"],
    [{}, "page"],
  ])("%o → %s", (target, onBehalf) => {
    expect(callSubject({ loginId: "l", ...target }, false).onBehalf).toBe(onBehalf);
  });

  test("a key's prefix only for an API call; the administration when named", () => {
    expect(callSubject({ loginId: "l", caller: "api", apiKeyPrefix: "kpl_ab12", administrationId: "a" }, true)).toEqual(
      { loginId: "l", administrationId: "a", onBehalf: "api", apiKeyPrefix: "kpl_ab12", viaProxy: true },
    );
    expect(callSubject({ loginId: "l", apiKeyPrefix: "kpl_ab12" }, false).apiKeyPrefix).toBeNull();
  });
});
