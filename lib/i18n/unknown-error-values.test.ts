import { describe, expect, test } from "vitest";
import en from "@/messages/en.json";
import nl from "@/messages/nl.json";
import { UNKNOWN_ERROR_VALUES } from "./unknown-error-values";

describe("UNKNOWN_ERROR_VALUES", () => {
  test.each([
    ["nl", nl],
    ["en", en],
  ])("has a value for every placeholder of every %s error message", (_, messages) => {
    const placeholders = new Set(
      Object.values(messages.errors as Record<string, string>).flatMap((text) =>
        [...text.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]),
      ),
    );
    expect(placeholders.size).toBeGreaterThan(0);
    for (const name of placeholders) expect(UNKNOWN_ERROR_VALUES, name).toHaveProperty(name);
  });
});
