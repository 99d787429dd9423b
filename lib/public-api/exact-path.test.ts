import { afterEach, describe, expect, test } from "vitest";
import { DIVISION_SERVICES, parseExtraServices } from "./exact-division-scope";
import { configuredExtraServices, parseExactPath } from "./exact-path";

const BASE = "/api/v1/administrations/7b0c5a8e-2f7d-4a57-9b43-0d7f1f0e9c11/exact";

describe("parseExactPath", () => {
  test.each([
    ["current/Me", { path: "current/Me", division: null }],
    ["CURRENT/me", { path: "CURRENT/me", division: null }],
    ["2340001/project/TimeTransactions", { path: "2340001/project/TimeTransactions", division: 2340001 }],
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
    ["the licence without a division", "system/AllDivisions"],
    ["users without a division", "system/Users"],
    ["Exact's beta paths", "beta/2340001/workflow/RequestAttachments"],
  ])("%s: 403", (_, path) => {
    expect(parseExactPath(`${BASE}/${path}`)).toMatchObject({ ok: false, status: 403, code: "exact_path_not_allowed" });
  });

  test("a refusal names the portal's own list of divisions", () => {
    expect(parseExactPath(`${BASE}/oauth2/token`)).toMatchObject({
      message: expect.stringContaining("GET /api/v1/divisions"),
    });
  });

  test("the route without a path: 403", () => {
    expect(parseExactPath(BASE)).toMatchObject({ ok: false, status: 403 });
  });
});

describe("division scope: under a division only Exact's division-scoped services pass", () => {
  const D = "2340001";
  const parse = (path: string, extra?: ReadonlySet<string>) => parseExactPath(`${BASE}/${D}/${path}`, extra);

  test.each(DIVISION_SERVICES.map((s) => [s]))("%s passes", (service) => {
    expect(parse(`${service}/Something`)).toMatchObject({ ok: true, division: 2340001 });
  });

  test.each([
    "project/Projects",
    "project/TimeTransactions(guid'6a1d7f3c-1111-4c4c-9a9a-0123456789ab')",
    "PROJECT/timetransactions",
    "crm/Accounts(guid'6a1d7f3c-1111-4c4c-9a9a-0123456789ab')/Contacts",
    "salesinvoice/SalesInvoices/$count",
    "hrm/Departments",
    "hrm/Costcenters",
    "financial/GLAccounts",
    "read/financial/ProfitLossOverview",
    "Read/Project/HoursByDate",
    "sync/CRM/Accounts",
    "sync/Deleted",
    "bulk/Financial/TransactionLines",
    "sync",
    "crm",
  ])("%s passes", (path) => {
    expect(parse(path)).toMatchObject({ ok: true });
  });

  test.each([
    ["system/Divisions", "'system'"],
    ["system/AllDivisions", "'system'"],
    ["SYSTEM/alldivisions", "'SYSTEM'"],
    ["system/GetMostRecentlyUsedDivisions", "'system'"],
    ["system/AvailableFeatures", "'system'"],
    ["system/AccountantInfo", "'system'"],
    ["users/Users", "'users'"],
    ["users/UserRolesPerDivision", "'users'"],
    ["current/Me", "'current'"],
    ["webhooks/WebhookSubscriptions", "'webhooks'"],
    ["mailbox/Mailboxes", "'mailbox'"],
    ["$batch", "'$batch'"],
    ["sy%73tem/Divisions", "'system'"],
    ["read/mailbox/DefaultMailbox", "'read/mailbox'"],
    ["sync/System/Divisions", "'sync/System'"],
    ["read/read/financial/Returns", "'read/read'"],
    ["bulk/Deleted", "'bulk/Deleted'"],
    ["project(1)/Projects", "'project(1)'"],
    [" project/Projects", "' project'"],
    ["continuousmonitoring/IndicatorStates", "'continuousmonitoring'"],
  ])("the service of %s: 403 division_scope", (path, named) => {
    const answer = parse(path);
    expect(answer).toMatchObject({ ok: false, status: 403, code: "division_scope" });
    if (answer.ok) return;
    expect(answer.message).toContain(`Exact's ${named} is not passed on under division 2340001`);
    expect(answer.message).toContain("GET /api/v1/divisions");
  });

  test.each([
    ["hrm/Divisions", "hrm/Divisions"],
    ["HRM/DIVISIONS", "HRM/DIVISIONS"],
    ["hrm/Divisions(2340002)", "hrm/Divisions"],
    ["hrm/Divisions/$count", "hrm/Divisions"],
    ["hrm/DivisionClasses", "hrm/DivisionClasses"],
    ["hrm/DivisionClassNames", "hrm/DivisionClassNames"],
    ["hrm/DivisionClassValues(guid'6a1d7f3c-1111-4c4c-9a9a-0123456789ab')", "hrm/DivisionClassValues"],
    ["hrm/Divi%73ions", "hrm/Divisions"],
    ["hrm/Divisions%20", "hrm/Divisions "],
    ["hrm/Divisions;x", "hrm/Divisions;x"],
    ["sync/HRM/Divisions", "sync/HRM/Divisions"],
    ["read/hrm/DivisionClassValues", "read/hrm/DivisionClassValues"],
  ])("the resource of %s: 403 division_scope", (path, named) => {
    const answer = parse(path);
    expect(answer).toMatchObject({ ok: false, status: 403, code: "division_scope" });
    if (answer.ok) return;
    expect(answer.message).toBe(
      `Exact's ${named} is about more than division 2340001 (other divisions, users or the licence) and is not passed on. To list divisions, call the portal's own GET /api/v1/divisions.`,
    );
  });

  test("encoded tricks are still 400 before the scope is looked at", () => {
    expect(parse("system%2FDivisions")).toMatchObject({ status: 400, code: "exact_path_invalid" });
    expect(parse("project/%2e%2e/system/Divisions")).toMatchObject({ status: 400, code: "exact_path_invalid" });
  });

  test("a caller's long name is cut short in the words", () => {
    const answer = parse(`${"x".repeat(500)}/Things`);
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.message.length).toBeLessThan(400);
  });

  test("EXACT_EXTRA_SERVICES opens a service, in any case, and its resources stay checked", () => {
    const extra = parseExtraServices(" Webhooks , mailbox,").services;
    expect(parse("webhooks/WebhookSubscriptions", extra)).toMatchObject({ ok: true });
    expect(parse("MAILBOX/Mailboxes", extra)).toMatchObject({ ok: true });
    expect(parse("read/mailbox/DefaultMailbox", extra)).toMatchObject({ ok: true });
    expect(parse("system/Divisions", extra)).toMatchObject({ code: "division_scope" });
    expect(parse("hrm/Divisions", extra)).toMatchObject({ code: "division_scope" });
  });
});

describe("EXACT_EXTRA_SERVICES", () => {
  afterEach(() => {
    delete process.env.EXACT_EXTRA_SERVICES;
  });

  test.each([
    [undefined, []],
    ["", []],
    ["webhooks", ["webhooks"]],
    ["Webhooks, MAILBOX ,,", ["webhooks", "mailbox"]],
    ["project", ["project"]],
  ])("%j: %j", (value, names) => {
    expect(parseExtraServices(value)).toEqual({ services: new Set(names), problem: null });
  });

  test.each([
    ["web hooks", "is not the name of an Exact service"],
    ["webhooks;mailbox", "is not the name of an Exact service"],
    ["webhooks/WebhookSubscriptions", "is not the name of an Exact service"],
    ["mailbox,$batch", "is not the name of an Exact service"],
    ["webhooks,system", "may not name 'system'"],
    ["Users", "may not name 'Users'"],
    ["current", "may not name 'current'"],
  ])("%j is refused as a whole: %s", (value, words) => {
    const read = parseExtraServices(value);
    expect(read.services.size).toBe(0);
    expect(read.problem).toContain(words);
    expect(read.problem).toContain("the setting is ignored");
  });

  test("read from the environment at each call: a bad value opens nothing", () => {
    process.env.EXACT_EXTRA_SERVICES = "webhooks";
    expect(configuredExtraServices()).toEqual(new Set(["webhooks"]));
    expect(parseExactPath(`${BASE}/2340001/webhooks/WebhookSubscriptions`)).toMatchObject({ ok: true });
    process.env.EXACT_EXTRA_SERVICES = "webhooks,system";
    expect(configuredExtraServices().size).toBe(0);
    expect(parseExactPath(`${BASE}/2340001/webhooks/WebhookSubscriptions`)).toMatchObject({ code: "division_scope" });
    expect(parseExactPath(`${BASE}/2340001/project/Projects`)).toMatchObject({ ok: true });
  });
});
