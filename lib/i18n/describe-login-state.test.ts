import { createTranslator } from "use-intl/core";
import { describe, expect, test } from "vitest";
import en from "@/messages/en.json";
import nl from "@/messages/nl.json";
import { describeLoginState, loginStateParts, type Translate } from "./describe-login-state";

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
    // A live login that waits for something says what.
    [
      { status: "active", loginExpiresAt: "2026-12-29T10:00:00Z", lastError: "token_rate_limited" },
      "Geldig tot 29-12-2026. Exact Online gaf vandaag geen nieuwe tokens meer (daglimiet).",
    ],
    [
      {
        status: "expiring",
        loginExpiresAt: "2026-12-02T10:00:00Z",
        lastError: "token_error_blocked",
        lastErrorValues: { until: "15:00" },
      },
      expect.stringMatching(/^Verloopt over 3 dagen\. Exact Online weigert tot 15:00 nieuwe tokens/),
    ],
    [
      { status: "active", loginExpiresAt: "2026-12-29T10:00:00Z", lastError: "refresh_in_doubt" },
      expect.stringMatching(/^Geldig tot 29-12-2026\. Exact Online antwoordde niet op tijd op een vernieuwing/),
    ],
  ] as const)("%o in Dutch", (state, words) => {
    expect(describeLoginState(t(nl, "nl"), state, "nl", AT)).toEqual(words);
  });

  test("in English, with the English date the portal writes", () => {
    const state = { status: "active", loginExpiresAt: "2026-07-02T10:00:00Z", lastError: null } as const;
    expect(describeLoginState(t(en, "en"), state, "en", AT)).toBe("Valid until 02/07/2026");
  });
});

describe("loginStateParts: the badge's word and the line beside it", () => {
  test.each([
    [
      { status: "active", loginExpiresAt: "2026-12-29T10:00:00Z", lastError: null },
      "Gekoppeld",
      "Geldig tot 29-12-2026",
      false,
    ],
    [
      { status: "expiring", loginExpiresAt: "2026-12-02T10:00:00Z", lastError: null },
      "Verloopt binnenkort",
      "Verloopt over 3 dagen",
      false,
    ],
    [
      { status: "error", loginExpiresAt: null, lastError: "exact_rejected_token" },
      "Fout",
      "Exact Online weigerde het token.",
      true,
    ],
    [{ status: "needs_reauth", loginExpiresAt: null, lastError: null }, "Opnieuw autoriseren nodig", null, false],
    [{ status: "pending", loginExpiresAt: null, lastError: "consent_denied" }, "Wacht op toestemming", null, false],
  ] as const)("%o", (state, word, detail, hasReason) => {
    expect(loginStateParts(t(nl, "nl"), state, "nl", AT)).toEqual({ word, detail, hasReason });
  });

  test("the sentence's state word is the badge's, in English too", () => {
    const pending = { status: "pending", loginExpiresAt: null, lastError: null } as const;
    expect(describeLoginState(t(en, "en"), pending, "en", AT)).toBe("Awaiting consent");
    const error = { status: "error", loginExpiresAt: null, lastError: "exact_rejected_token" } as const;
    expect(describeLoginState(t(en, "en"), error, "en", AT)).toBe("Error: Exact Online refused the token.");
  });
});
