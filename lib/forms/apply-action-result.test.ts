import { createFormControl } from "react-hook-form";
import { describe, expect, test } from "vitest";
import { applyActionResult } from "./apply-action-result";

type Values = { description: string; proxyPassword: string };
const formOf = () => createFormControl<Values>({ defaultValues: { description: "", proxyPassword: "" } });

describe("applyActionResult with a form", () => {
  test("each field error lands on its field (the first message); nothing is left for the form", () => {
    const form = formOf();
    const left = applyActionResult(
      { ok: false, fieldErrors: { description: ["description_taken", "too_long"], proxyPassword: ["required"] } },
      form,
    );
    expect(left).toBeNull();
    expect(form.getFieldState("description").error?.message).toBe("description_taken");
    expect(form.getFieldState("proxyPassword").error?.message).toBe("required");
  });

  test("the form-level error is returned for the form's own message line", () => {
    const form = formOf();
    expect(applyActionResult({ ok: false, formError: "forbidden" }, form)).toBe("forbidden");
    expect(form.getFieldState("description").error).toBeUndefined();
  });
});

describe("applyActionResult without a form", () => {
  test("the form-level error comes first", () => {
    expect(applyActionResult({ ok: false, formError: "administration_in_use", fieldErrors: { x: ["y"] } })).toBe(
      "administration_in_use",
    );
  });

  test("otherwise the first field error, since there is no field to show it on", () => {
    expect(applyActionResult({ ok: false, fieldErrors: { expiryWarningDays: ["warning_days_range"] } })).toBe(
      "warning_days_range",
    );
  });

  test("a failure that says nothing is still shown, as the generic message", () => {
    expect(applyActionResult({ ok: false })).toBe("unexpected");
  });
});
