import { describe, expect, test } from "vitest";
import { activityParamsSchema } from "./activity-params";

describe("activityParamsSchema: the Activiteit view's URL", () => {
  test("dates as people type them, kind and result from their lists", () => {
    expect(activityParamsSchema.parse({ from: "2-7-2016", to: "3-7-2016", kind: "token", result: "error" })).toEqual({
      from: "2016-07-02",
      to: "2016-07-03",
      kind: "token",
      result: "error",
      older: undefined,
      newer: undefined,
    });
  });

  test.each([
    [{ kind: "soap" }, { kind: undefined }],
    [{ result: "" }, { result: undefined }],
    [{ from: "" }, { from: undefined }],
  ])("anything unknown or empty is any: %o", (input, expected) => {
    expect(activityParamsSchema.parse(input)).toMatchObject(expected);
  });

  test.each([
    [{ from: "31-2-2016" }, "invalid_date"],
    [{ from: "3-7-2016", to: "2-7-2016" }, "date_range_reversed"],
  ])("refused in words: %o", (input, message) => {
    const parsed = activityParamsSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe(message);
  });
});
