import { describe, expect, test } from "vitest";
import { parseExactPath } from "./exact-path";

const BASE = "/api/v1/administrations/7b0c5a8e-2f7d-4a57-9b43-0d7f1f0e9c11/exact";

describe("parseExactPath", () => {
  test.each([
    ["current/Me", { path: "current/Me", division: null }],
    ["CURRENT/me", { path: "CURRENT/me", division: null }],
    ["2340001/system/Divisions", { path: "2340001/system/Divisions", division: 2340001 }],
    [
      "2340001/project/TimeTransactions(guid'6a1d7f3c-1111-4c4c-9a9a-0123456789ab')",
      { path: "2340001/project/TimeTransactions(guid'6a1d7f3c-1111-4c4c-9a9a-0123456789ab')", division: 2340001 },
    ],
    // Kept encoded as the caller sent it.
    ["2340001/crm/Accounts(guid%27x%27)", { path: "2340001/crm/Accounts(guid%27x%27)", division: 2340001 }],
  ])("%s is allowed", (path, expected) => {
    expect(parseExactPath(`${BASE}/${path}`)).toEqual({ ok: true, ...expected });
  });

  test.each([
    ["..", "2340001/../../oauth2/token"],
    ["a lone .", "2340001/./system/Divisions"],
    ["encoded dots", "2340001/%2e%2e/%2E%2E/oauth2/token"],
    ["one encoded dot", "2340001/system/%2e"],
    ["an encoded slash", "2340001%2F..%2F..%2Foauth2/token"],
    ["an encoded backslash", "2340001/system%5cDivisions"],
    ["a backslash", "2340001\\..\\oauth2"],
    ["an empty segment", "2340001//system/Divisions"],
    ["a trailing slash", "2340001/system/Divisions/"],
    ["an absolute URL", "https://evil.example/api/v1/current/Me"],
    ["a scheme alone", "https:evil.example"],
    ["a control character", "2340001/system%0aDivisions"],
    ["bad percent-encoding", "2340001/system/%E0%A4%A"],
  ])("%s: 400", (_, path) => {
    expect(parseExactPath(`${BASE}/${path}`)).toMatchObject({ ok: false, status: 400, code: "exact_path_invalid" });
  });

  test.each([
    ["nothing", ""],
    ["only a division", "2340001"],
    ["a division with a leading zero", "02340001/system/Divisions"],
    ["the token endpoint", "oauth2/token"],
    ["another current/ path", "current/Divisions"],
    ["more after current/Me", "current/Me/x"],
    ["a word for a division", "division/system/Divisions"],
  ])("%s: 403", (_, path) => {
    expect(parseExactPath(`${BASE}/${path}`)).toMatchObject({ ok: false, status: 403, code: "exact_path_not_allowed" });
  });

  test("the route without a path: 403", () => {
    expect(parseExactPath(BASE)).toMatchObject({ ok: false, status: 403 });
  });
});
