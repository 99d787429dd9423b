import { createTranslator } from "use-intl/core";
import { describe, expect, test } from "vitest";
import en from "@/messages/en.json";
import nl from "@/messages/nl.json";
import { describeLoginState, type Translate } from "./describe-login-state";

const AT = new Date("2026-11-29T12:00:00Z");
const t = (messages: typeof nl, locale: "nl" | "en") =>
  createTranslator({ locale, messages, timeZone: "Europe/Amsterdam" }) as unknown as Translate;

describe("describeLoginState", () => {
  test.each([
    [{ status: "active", loginExpiresAt: "2026-12-29T10:00:00Z", lastError: null }, "Geldig tot 29-12-2026"],
    [{ status: "expiring", loginExpiresAt: "2026-12-02T10:00:00Z", lastError: null }, "Verloopt over 3 dagen"],
    [{ status: "expiring", loginExpiresAt: "2026-11-30T10:00:00Z", lastError: null }, "Verloopt over 1 dag"],
    [
      { status: "needs_reauth", loginExpiresAt: null, lastError: "refresh_answer_lost" },
      "Opnieuw autoriseren nodig: Het antwoord op een vernieuwing is verloren gegaan; autoriseer opnieuw.",
    ],
    [
      {
        status: "needs_reauth",
        loginExpiresAt: null,
        lastError: "refresh_chain_superseded",
        lastErrorValues: { login: "Marieke twee" },
      },
      expect.stringContaining("OAuth login Marieke twee"),
    ],
    [{ status: "needs_reauth", loginExpiresAt: null, lastError: "no_such_reason" }, "Opnieuw autoriseren nodig"],
    [
      { status: "error", loginExpiresAt: null, lastError: "exact_rejected_token" },
      "Fout: Exact Online weigerde het token.",
    ],
    [{ status: "pending", loginExpiresAt: null, lastError: null }, "Wacht op toestemming"],
  ] as const)("%o in Dutch", (state, words) => {
    expect(describeLoginState(t(nl, "nl"), state, "nl", AT)).toEqual(words);
  });

  test("in English, with the English date the portal writes", () => {
    const state = { status: "active", loginExpiresAt: "2026-07-02T10:00:00Z", lastError: null } as const;
    expect(describeLoginState(t(en, "en"), state, "en", AT)).toBe("Valid until 02/07/2026");
  });
});
