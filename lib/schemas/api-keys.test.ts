import { describe, expect, test } from "vitest";
import { isoDayInAmsterdam, nextIsoDay } from "@/lib/i18n/format-date";
import { createApiKeySchema, defaultKeyExpiryDay } from "./api-keys";

const errorOf = (input: unknown) => {
  const r = createApiKeySchema.safeParse(input);
  return r.success ? null : r.error.issues.map((i) => [i.path.join("."), i.message]);
};

describe("createApiKeySchema", () => {
  const today = isoDayInAmsterdam(new Date());

  test("a name, trimmed; read only unless chosen; an expiry day unless it never expires", () => {
    expect(createApiKeySchema.parse({ name: "  Facturatie  ", expiresOn: nextIsoDay(today) })).toEqual({
      name: "Facturatie",
      scope: "read",
      expiresOn: nextIsoDay(today),
      neverExpires: false,
    });
    expect(createApiKeySchema.parse({ name: "F", scope: "read-write", neverExpires: true })).toEqual({
      name: "F",
      scope: "read-write",
      neverExpires: true,
    });
    // Parsed twice (the form, then its action): the output parses to itself.
    const once = createApiKeySchema.parse({ name: "F", expiresOn: "31-1-2031", scope: "read-write" });
    expect(createApiKeySchema.parse(once)).toEqual(once);
  });

  test("the default expiry is the same day a year on (Amsterdam); 29 February a year on is 1 March", () => {
    expect(defaultKeyExpiryDay(new Date("2026-12-07T10:00:00Z"))).toBe("2027-12-07");
    // 23:30 UTC on 31 December is already 1 January in Amsterdam.
    expect(defaultKeyExpiryDay(new Date("2026-12-31T23:30:00Z"))).toBe("2028-01-01");
    expect(defaultKeyExpiryDay(new Date("2028-02-29T12:00:00Z"))).toBe("2029-03-01");
    expect(createApiKeySchema.safeParse({ name: "F", expiresOn: defaultKeyExpiryDay() }).success).toBe(true);
  });

  test("the day as the portal writes dates, whatever the browser's locale: out as yyyy-mm-dd", () => {
    expect(createApiKeySchema.parse({ name: "F", expiresOn: "31-1-2031" }).expiresOn).toBe("2031-01-31");
    expect(createApiKeySchema.parse({ name: "F", expiresOn: " 02/07/2031 " }).expiresOn).toBe("2031-07-02");
  });

  test.each([
    [{ name: "", neverExpires: true }, [["name", "required"]]],
    [{ name: "x".repeat(101), neverExpires: true }, [["name", "too_long_100"]]],
    [{ name: "F" }, [["expiresOn", "required"]]],
    [{ name: "F", expiresOn: "" }, [["expiresOn", "required"]]],
    [{ name: "F", neverExpires: true, scope: "write" }, [["scope", "invalid_scope"]]],
    [{ name: "F", neverExpires: true, scope: "" }, [["scope", "invalid_scope"]]],
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
