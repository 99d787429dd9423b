import { describe, expect, test } from "vitest";
import { readODataPage } from "@/lib/exact/api/read-odata-page";

describe("readODataPage", () => {
  test("a collection page with __next", () => {
    const body = {
      d: { results: [{ Code: 1 }, { Code: 2 }], __next: "https://x/api/v1/1/system/Divisions?$skiptoken=2" },
    };
    expect(readODataPage(body)).toEqual({
      records: [{ Code: 1 }, { Code: 2 }],
      next: "https://x/api/v1/1/system/Divisions?$skiptoken=2",
    });
  });

  test("the last page has no __next", () => {
    expect(readODataPage({ d: { results: [] } })).toEqual({ records: [], next: null });
  });

  test("d as an array, and d as one entity", () => {
    expect(readODataPage({ d: [{ a: 1 }] })).toEqual({ records: [{ a: 1 }], next: null });
    expect(readODataPage({ d: { UserName: "jan", __metadata: {} } })).toEqual({
      records: [{ UserName: "jan", __metadata: {} }],
      next: null,
    });
  });

  test.each([null, "text", {}, { error: { message: { value: "x" } } }, { d: null }, { d: { results: "no" } }])(
    "%j is no envelope",
    (body) => {
      expect(readODataPage(body)).toBeNull();
    },
  );
});
