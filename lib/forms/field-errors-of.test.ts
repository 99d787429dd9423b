import { describe, expect, test } from "vitest";
import { administrationSchema, updateAdministrationSchema } from "@/lib/schemas/administrations";
import { fieldErrorsOf } from "./field-errors-of";

const form = {
  type: "exact_online",
  description: "",
  oauthLoginId: "",
  proxyServer: "",
  proxyUsername: "",
  proxyPasswordAction: "keep",
  proxyPassword: "geheim",
  proxyDomain: "",
};
const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues ?? [];

describe("fieldErrorsOf", () => {
  test("names each field as the form does, every message kept in order", () => {
    const issues = issuesOf(administrationSchema.safeParse(form));
    expect(fieldErrorsOf(issues)).toEqual({
      description: ["required"],
      proxyPassword: ["needs_proxy_server"],
      proxyUsername: ["required"],
    });
  });

  test("an update's form values lose their `values.` prefix; the id keeps its own name", () => {
    const issues = issuesOf(updateAdministrationSchema.safeParse({ administrationId: "x", values: form }));
    expect(fieldErrorsOf(issues, "values")).toEqual({
      administrationId: ["invalid_id"],
      description: ["required"],
      proxyPassword: ["needs_proxy_server"],
      proxyUsername: ["required"],
    });
  });

  test("without `under` the path is kept whole", () => {
    expect(fieldErrorsOf([{ path: ["values", "code"], message: "required" }])).toEqual({ "values.code": ["required"] });
  });

  test("an issue without a path belongs to the form", () => {
    expect(fieldErrorsOf([{ path: [], message: "invalid_type" }])).toEqual({ _form: ["invalid_type"] });
    expect(fieldErrorsOf([{ path: ["values"], message: "invalid_type" }], "values")).toEqual({
      _form: ["invalid_type"],
    });
  });
});
