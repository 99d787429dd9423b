import { createTranslator } from "next-intl";
import { describe, expect, test } from "vitest";
import nl from "@/messages/nl.json";
import { translateMessage } from "./translate-message";

// The real Dutch catalogue: the keys the forms and the server send must resolve in it.
const t = createTranslator({ locale: "nl", messages: nl }) as unknown as Parameters<typeof translateMessage>[0];

describe("translateMessage", () => {
  test("a zod message key is a validation message", () => {
    expect(translateMessage(t, "required")).toBe(nl.validation.required);
  });

  test("a server code is an error message, with the values the AppError carries", () => {
    expect(translateMessage(t, "administration_in_use", { divisions: "1 - Zwolle" })).toContain("1 - Zwolle");
  });

  test("an unknown key shows the generic message, never the key", () => {
    expect(translateMessage(t, "no_such_key")).toBe(nl.errors.unexpected);
  });
});
