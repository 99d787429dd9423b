import { describe, expect, test } from "vitest";
import { isoDayInAmsterdam, nextIsoDay } from "@/lib/i18n/format-date";
import { createApiKeySchema } from "./api-keys";

const errorOf = (input: unknown) => {
  const r = createApiKeySchema.safeParse(input);
  return r.success ? null : r.error.issues.map((i) => [i.path.join("."), i.message]);
};

describe("createApiKeySchema", () => {
  const today = isoDayInAmsterdam(new Date());

  test("a name, trimmed; the expiry day is optional", () => {
    expect(createApiKeySchema.parse({ name: "  Facturatie  " })).toEqual({ name: "Facturatie" });
    expect(createApiKeySchema.parse({ name: "F", expiresOn: "" })).toEqual({ name: "F", expiresOn: "" });
    expect(createApiKeySchema.parse({ name: "F", expiresOn: nextIsoDay(today) }).expiresOn).toBe(nextIsoDay(today));
  });

  test("the day as the portal writes dates, whatever the browser's locale: out as yyyy-mm-dd", () => {
    expect(createApiKeySchema.parse({ name: "F", expiresOn: "31-1-2031" }).expiresOn).toBe("2031-01-31");
    expect(createApiKeySchema.parse({ name: "F", expiresOn: " 02/07/2031 " }).expiresOn).toBe("2031-07-02");
  });

  test.each([
    [{ name: "" }, [["name", "required"]]],
    [{ name: "x".repeat(101) }, [["name", "too_long_100"]]],
    [{ name: "F", expiresOn: today }, [["expiresOn", "date_not_future"]]],
    [{ name: "F", expiresOn: "2020-01-01" }, [["expiresOn", "date_not_future"]]],
    [{ name: "F", expiresOn: "2031-02-31" }, [["expiresOn", "invalid_date"]]],
    [{ name: "F", expiresOn: "31-2-2031" }, [["expiresOn", "invalid_date"]]],
    [{ name: "F", expiresOn: "1-2-2020" }, [["expiresOn", "date_not_future"]]],
    [{ name: "F", expiresOn: "volgend jaar" }, [["expiresOn", "invalid_date"]]],
  ])("%j is refused with %j", (input, issues) => {
    expect(errorOf(input)).toEqual(issues);
  });
});
