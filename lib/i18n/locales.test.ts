import { describe, expect, test } from "vitest";
import { DEFAULT_LOCALE, resolveLocale } from "./locales";

describe("resolveLocale", () => {
  test("the default is Dutch", () => {
    expect(DEFAULT_LOCALE).toBe("nl");
  });

  test.each([
    ["nl", "nl"],
    ["en", "en"],
    [undefined, "nl"],
    [null, "nl"],
    ["", "nl"],
    ["de", "nl"],
    ["EN", "nl"],
    ["en-GB", "nl"],
    [" en", "nl"],
    ["__proto__", "nl"],
  ])("%j → %s", (value, expected) => {
    expect(resolveLocale(value)).toBe(expected);
  });
});
