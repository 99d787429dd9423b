import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "use-intl/core";
import { describe, expect, test } from "vitest";
import type { Translate } from "@/lib/i18n/describe-login-state";
import { LOCALES, type Locale } from "@/lib/i18n/locales";
import en from "@/messages/en.json";
import nl from "@/messages/nl.json";
import {
  describeAuditEvent,
  type RecordNames,
  recordKey,
  referencedRecords,
  type StoredAuditEvent,
} from "./describe-audit-event";

const catalogs = { nl, en };
const translator = (locale: Locale) =>
  createTranslator({ locale, messages: catalogs[locale], timeZone: "Europe/Amsterdam" }) as unknown as Translate;

const AT = new Date("2016-07-02T08:05:00Z"); // 10:05 in Amsterdam
const ADMIN_EMAIL = "marieke@example.nl";
const PIET = "6f1d1e5a-3b2c-4d5e-8f90-0a1b2c3d4e5f";
const LOGIN = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const OTHER_LOGIN = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e";
const ADMINISTRATION = "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f";
const DIVISION = "4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80";
const ENVIRONMENT = "5e6f7a8b-9c0d-4e1f-8a3b-4c5d6e7f8091";

/** Records that still exist, as the page looks them up. */
const NAMES: RecordNames = new Map([
  [recordKey("user", PIET), "Piet Jansen (piet@example.nl)"],
  [recordKey("oauth_login", LOGIN), "Exact NL productie"],
  [recordKey("administration", ADMINISTRATION), "ONLINE"],
  [recordKey("division", DIVISION), "100 - Hoofdkantoor"],
  [recordKey("environment", ENVIRONMENT), "Productie"],
]);

const event = (
  action: string,
  entityType: string,
  entityId: string | null,
  detail: Record<string, unknown>,
  actorEmail: string | null = ADMIN_EMAIL,
): StoredAuditEvent => ({ at: AT, actorEmail, action, entityType, entityId, detail });

const words = (e: StoredAuditEvent, locale: Locale = "nl", names: RecordNames = NAMES) =>
  describeAuditEvent(translator(locale), locale, e, names);

// One event of every action the portal records, with the detail its call site stores.
const EVERY_SHAPE: StoredAuditEvent[] = [
  event("user.created", "user", PIET, { email: "piet@example.nl", name: "Piet Jansen", role: "viewer" }),
  event("user.role_changed", "user", PIET, { email: "piet@example.nl", role: { from: "viewer", to: "admin" } }),
  event("user.disabled", "user", PIET, { email: "piet@example.nl", disabled: true }),
  event("user.enabled", "user", PIET, { email: "piet@example.nl", disabled: false }),
  event("user.password_reset", "user", PIET, { email: "piet@example.nl" }),
  event("user.password_changed", "user", PIET, { email: "piet@example.nl", otherSessionsEnded: 0 }, "piet@example.nl"),
  event(
    "user.action_refused",
    "user",
    PIET,
    {
      name: "Piet Jansen",
      email: "piet@example.nl",
      role: "viewer",
      permission: "settings.change",
      reason: "role",
      path: "/system/settings",
    },
    "piet@example.nl",
  ),
  event("environment.created", "environment", ENVIRONMENT, { name: "Productie" }, "system"),
  event("environment.settings_changed", "environment", ENVIRONMENT, {
    name: "Productie",
    expiryWarningDays: { from: 7, to: 10 },
    notifyEmailTo: { from: null, to: "ops@example.nl" },
    notifyWebhookHost: { from: null, to: "hooks.example.nl" },
    webhookCredential: "set",
  }),
  event("oauth_login.created", "oauth_login", LOGIN, { description: "Exact NL productie", site: "NL" }),
  event("oauth_login.renamed", "oauth_login", LOGIN, { description: { from: "Exact NL", to: "Exact NL productie" } }),
  event("oauth_login.deleted", "oauth_login", OTHER_LOGIN, { description: "Oude login", site: "BE" }),
  event("oauth_login.denied", "oauth_login", LOGIN, { description: "Exact NL productie", error: "access_denied" }),
  event("oauth_login.authorized", "oauth_login", LOGIN, {
    description: "Exact NL productie",
    exactUserName: "marieke.qics",
  }),
  event("oauth_login.reauthorized", "oauth_login", LOGIN, {
    description: "Exact NL productie",
    exactUserName: "sanne.bakery",
    previousExactUserName: "marieke.qics",
  }),
  event(
    "oauth_login.needs_reauth",
    "oauth_login",
    LOGIN,
    { description: "Exact NL productie", reason: "refresh_chain_superseded", login: "Exact NL twee" },
    "system",
  ),
  event("administration.created", "administration", ADMINISTRATION, {
    description: "ONLINE",
    type: "exact_online",
    oauthLoginId: LOGIN,
    proxyServer: "proxy.example.nl:8080",
    proxyUser: "koppeling",
    proxyDomain: null,
    proxyCredential: "set",
    names: { [LOGIN]: "Exact NL productie" },
  }),
  event("administration.updated", "administration", ADMINISTRATION, {
    description: "ONLINE",
    changes: {
      oauthLoginId: { from: OTHER_LOGIN, to: LOGIN },
      proxyServer: { from: "proxy.example.nl:8080", to: null },
    },
    proxyCredential: "cleared",
    names: { [OTHER_LOGIN]: "Oude login", [LOGIN]: "Exact NL productie" },
  }),
  event("administration.updated", "administration", ADMINISTRATION, {
    description: "ONLINE",
    changes: {},
    proxyCredential: "changed",
  }),
  event("administration.deleted", "administration", ADMINISTRATION, { description: "ONLINE" }),
  event("division.created", "division", DIVISION, {
    code: "100",
    name: "Hoofdkantoor",
    administrationId: ADMINISTRATION,
    exactDivision: "1234567 - Qics Hoofdkantoor",
    names: { [ADMINISTRATION]: "ONLINE" },
  }),
  event("division.updated", "division", DIVISION, {
    before: { code: "100", name: "Hoofdkantoor", administrationId: null, exactDivision: null },
    after: { code: "100", name: "Hoofdkantoor BV", administrationId: ADMINISTRATION, exactDivision: null },
    names: { [ADMINISTRATION]: "ONLINE" },
  }),
  event("division.deleted", "division", DIVISION, { code: "100", name: "Hoofdkantoor" }),
  event(
    "notification.sent",
    "oauth_login",
    LOGIN,
    {
      event: "needs_reauth",
      description: "Exact NL productie",
      status: "needs_reauth",
      channel: "webhook",
      host: "hooks.example.nl",
    },
    "system",
  ),
  event("notification.test_sent", "environment", ENVIRONMENT, {
    name: "Productie",
    outcomes: [
      { channel: "email", ok: true, recipients: 2 },
      { channel: "webhook", ok: false, code: "webhook_status", values: { host: "hooks.example.nl", status: 500 } },
    ],
  }),
  // Recorded by branches on their way in: words are ready for them.
  event("api_key.created", "api_key", "6a7b8c9d-0e1f-4a2b-8c4d-5e6f7a8b9c0d", {
    name: "Facturatie productie",
    prefix: "a1b2c3d4",
    scope: "read",
    expiresAt: "2016-12-30T23:00:00.000Z",
  }),
  event(
    "administration.exact_write",
    "administration",
    ADMINISTRATION,
    {
      description: "ONLINE",
      caller: "Facturatie productie",
      prefix: "a1b2c3d4e5",
      method: "POST",
      exactPath: "100/salesinvoice/SalesInvoices",
      exactStatus: 201,
    },
    "api",
  ),
  event("api_key.revoked", "api_key", "6a7b8c9d-0e1f-4a2b-8c4d-5e6f7a8b9c0d", {
    name: "Facturatie productie",
    prefix: "a1b2c3d4",
  }),
  event("user.signed_in", "user", PIET, { email: "piet@example.nl", address: "192.0.2.7" }, "piet@example.nl"),
  event("user.sign_in_failed", "user", PIET, { email: "piet@example.nl", address: "192.0.2.7" }, "piet@example.nl"),
  event(
    "user.sign_in_failed",
    "user",
    PIET,
    { email: "piet@example.nl", address: "192.0.2.7", disabled: true },
    "piet@example.nl",
  ),
  event("user.signed_out", "user", PIET, { email: "piet@example.nl" }, "piet@example.nl"),
];

/** Action codes recorded in the source: every string like "kind.verb" in a file that records audit events. */
function actionCodesInSource(): Set<string> {
  const root = path.resolve(import.meta.dirname, "../..");
  const codes = new Set<string>();
  const read = (file: string) => {
    const text = readFileSync(file, "utf8");
    if (!text.includes("recordAudit")) return;
    for (const m of text.matchAll(/"([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)"/g)) codes.add(m[1]);
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(m?ts|tsx)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) read(full);
    }
  };
  for (const dir of ["lib", "app", "scripts"]) walk(path.join(root, dir));
  for (const file of readdirSync(root)) if (/\.ts$/.test(file)) read(path.join(root, file));
  return codes;
}

describe("every action has words", () => {
  const codes = [...actionCodesInSource()];

  test("the source records the actions this test knows of, and more", () => {
    expect(codes.length).toBeGreaterThanOrEqual(24);
    expect(codes).toEqual(expect.arrayContaining(["user.created", "oauth_login.needs_reauth", "user.action_refused"]));
  });

  // An action recorded without words fails here: add them under audit.actions in both catalogs.
  test.each(LOCALES)("every action code recorded in lib/, app/ and scripts/ has words in %s", (locale) => {
    const t = translator(locale);
    expect(codes.filter((code) => !t.has(`audit.actions.${code}`))).toEqual([]);
  });

  test.each(LOCALES)("so does every action in the examples below, in %s", (locale) => {
    const t = translator(locale);
    expect(EVERY_SHAPE.map((e) => e.action).filter((code) => !t.has(`audit.actions.${code}`))).toEqual([]);
  });
});

describe("every detail field has words", () => {
  /** Every field name in an event's detail, nested ones (changes, before/after, outcomes) too. */
  const fieldsOf = (value: unknown, into = new Set<string>()): Set<string> => {
    if (Array.isArray(value)) for (const v of value) fieldsOf(v, into);
    else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        if (!["from", "to", "before", "after", "changes", "names"].includes(k)) into.add(k);
        fieldsOf(v, into);
      }
    }
    return into;
  };
  // Fields no reader sees as a field: a test notification's outcome parts and a dead login's
  // reason values (both told in sentences), and the ids under stored names.
  const NOT_SHOWN = new Set(["ok", "code", "values", "login"]);
  const fields = [...new Set(EVERY_SHAPE.flatMap((e) => [...fieldsOf(e.detail)]))].filter(
    (f) => !NOT_SHOWN.has(f) && !/^[0-9a-f-]{36}$/.test(f),
  );

  // A field without words would be shown as its code, humanized in English ("Other sessions
  // ended: 0" in the Dutch log): add it under audit.fields in both catalogs.
  test.each(LOCALES)("every field the examples store has words in %s", (locale) => {
    const t = translator(locale);
    expect(fields.filter((f) => !t.has(`audit.fields.${f}`))).toEqual([]);
  });
});

describe("describeAuditEvent", () => {
  test("a created OAuth login, in Dutch and in English", () => {
    const e = EVERY_SHAPE.find((x) => x.action === "oauth_login.created") as StoredAuditEvent;
    expect(words(e)).toEqual({
      at: "2-7-2016 10:05",
      who: ADMIN_EMAIL,
      action: "OAuth login aangemaakt",
      record: "OAuth login Exact NL productie",
      details: ["Exact-site: https://start.exactonline.nl/"],
    });
    expect(words(e, "en")).toEqual({
      at: "02/07/2016 10:05",
      who: ADMIN_EMAIL,
      action: "OAuth login created",
      record: "OAuth login Exact NL productie",
      details: ["Exact site: https://start.exactonline.nl/"],
    });
  });

  test("a role change: field in words, old → new, roles in words", () => {
    const e = event("user.role_changed", "user", PIET, {
      email: "piet@example.nl",
      role: { from: "viewer", to: "admin" },
    });
    expect(words(e)).toMatchObject({
      action: "Rol gewijzigd",
      record: "Gebruiker Piet Jansen (piet@example.nl)",
      details: ["Rol: Teamleider → Beheerder"],
    });
    expect(words(e, "en").details).toEqual(["Role: Team lead → Administrator"]);
  });

  test("blocking and unblocking say the state before and after", () => {
    expect(words(event("user.disabled", "user", PIET, { email: "p@x.nl", disabled: true }))).toMatchObject({
      action: "Gebruiker geblokkeerd",
      details: ["Status: Actief → Geblokkeerd"],
    });
    expect(words(event("user.enabled", "user", PIET, { email: "p@x.nl", disabled: false })).details).toEqual([
      "Status: Geblokkeerd → Actief",
    ]);
  });

  test("a blocked user's refused sign-in is not a change of status", () => {
    const blocked = { email: "p@x.nl", address: "192.0.2.7", disabled: true };
    expect(words(event("user.sign_in_failed", "user", PIET, blocked, "p@x.nl"))).toMatchObject({
      action: "Aanmelden mislukt",
      details: ["Aanmelding geweigerd: deze gebruiker is geblokkeerd", "Clientadres: 192.0.2.7"],
    });
    expect(words(event("user.sign_in_failed", "user", PIET, blocked, "p@x.nl"), "en").details).toEqual([
      "Sign-in refused: this user is blocked",
      expect.stringContaining("192.0.2.7"),
    ]);
    for (const locale of LOCALES) {
      const lines = words(event("user.sign_in_failed", "user", PIET, blocked, "p@x.nl"), locale).details.join(" ");
      expect(lines).not.toContain("→");
    }
  });

  test("a password change says in the reader's words how many other sessions ended", () => {
    const e = event("user.password_changed", "user", PIET, { email: "p@x.nl", otherSessionsEnded: 0 }, "p@x.nl");
    expect(words(e).details).toEqual(["Andere sessies beëindigd: 0"]);
    expect(words(e, "en").details).toEqual(["Other sessions ended: 0"]);
  });

  test("the changes of an administration: the logins named, an empty value in words", () => {
    const e = EVERY_SHAPE.filter((x) => x.action === "administration.updated")[0];
    expect(words(e)).toMatchObject({
      action: "Administratie gewijzigd",
      record: "Administratie ONLINE",
      details: [
        "OAuth login: Oude login (verwijderd) → Exact NL productie",
        "Proxy server: proxy.example.nl:8080 → (leeg)",
        "Proxy wachtwoord: gewist",
      ],
    });
  });

  test("a new proxy password alone is the headline", () => {
    const e = EVERY_SHAPE.filter((x) => x.action === "administration.updated")[1];
    expect(words(e)).toMatchObject({
      action: "Proxywachtwoord gewijzigd",
      record: "Administratie ONLINE",
      details: [],
    });
    expect(words(e, "en").action).toBe("Proxy password changed");
  });

  test("a division's before and after: only what changed", () => {
    const e = EVERY_SHAPE.find((x) => x.action === "division.updated") as StoredAuditEvent;
    expect(words(e)).toMatchObject({
      record: "Divisie 100 - Hoofdkantoor",
      details: ["Naam: Hoofdkantoor → Hoofdkantoor BV", "Administratie: (leeg) → ONLINE"],
    });
  });

  test("a record that is gone is named from the stored detail", () => {
    const gone: RecordNames = new Map();
    expect(
      words(EVERY_SHAPE.find((x) => x.action === "oauth_login.deleted") as StoredAuditEvent, "nl", gone).record,
    ).toBe("OAuth login Oude login (verwijderd)");
    expect(
      words(EVERY_SHAPE.find((x) => x.action === "division.updated") as StoredAuditEvent, "nl", gone),
    ).toMatchObject({
      record: "Divisie 100 - Hoofdkantoor BV (verwijderd)",
      details: ["Naam: Hoofdkantoor → Hoofdkantoor BV", "Administratie: (leeg) → ONLINE (verwijderd)"],
    });
    expect(words(event("user.password_reset", "user", PIET, { email: "piet@example.nl" }), "en", gone).record).toBe(
      "User piet@example.nl (deleted)",
    );
    // Nothing stored and nothing left: still no id.
    expect(words(event("user.password_reset", "user", PIET, {}), "nl", gone).record).toBe("Gebruiker (verwijderd)");
  });

  test("a renamed login is named by its name now, or its new name once gone", () => {
    const e = event("oauth_login.renamed", "oauth_login", LOGIN, { description: { from: "A", to: "B" } });
    expect(words(e)).toMatchObject({ record: "OAuth login Exact NL productie", details: ["Omschrijving: A → B"] });
    expect(words(e, "nl", new Map()).record).toBe("OAuth login B (verwijderd)");
  });

  test("a refused action: who, the permission, why and from which page", () => {
    const e = EVERY_SHAPE.find((x) => x.action === "user.action_refused") as StoredAuditEvent;
    expect(words(e)).toEqual({
      at: "2-7-2016 10:05",
      who: "piet@example.nl",
      action: "Handeling geweigerd",
      record: "Gebruiker Piet Jansen (piet@example.nl)",
      details: [
        "Rol: Teamleider",
        "Gevraagd recht: instellingen wijzigen",
        "Reden: de rol geeft dit recht niet",
        "Vanaf pagina: Algemene instellingen (/system/settings)",
      ],
    });
    const forced = event("user.action_refused", "user", PIET, {
      role: "admin",
      permission: "users.manage",
      reason: "password_change_required",
      path: "/users",
    });
    expect(words(forced, "en").details).toEqual([
      "Role: Administrator",
      "Permission asked for: manage users",
      "Reason: must choose their own password first",
      "From page: Users (/users)",
    ]);
  });

  test("a login that needs re-authorization gives the reason in the words of its state", () => {
    const e = EVERY_SHAPE.find((x) => x.action === "oauth_login.needs_reauth") as StoredAuditEvent;
    expect(words(e)).toMatchObject({ who: "systeem", action: "OAuth login moet opnieuw worden geautoriseerd" });
    expect(words(e).details).toEqual([
      expect.stringMatching(/^Reden: Dezelfde Exact-gebruiker gaf later toestemming voor OAuth login Exact NL twee;/),
    ]);
  });

  test("a test notification says what became of each kind", () => {
    const e = EVERY_SHAPE.find((x) => x.action === "notification.test_sent") as StoredAuditEvent;
    expect(words(e)).toMatchObject({
      record: "Omgeving Productie",
      details: [
        "Testmelding per e-mail verstuurd naar 2 ontvangers.",
        "Testmelding naar de webhook niet verstuurd: hooks.example.nl antwoordde met HTTP 500.",
      ],
    });
  });

  test("environment settings, a webhook secret and the system and CLI as actors", () => {
    const e = EVERY_SHAPE.find((x) => x.action === "environment.settings_changed") as StoredAuditEvent;
    expect(words(e).details).toEqual([
      "Dagen vooraf 'verloopt binnenkort': 7 → 10",
      "E-mailontvangers: (leeg) → ops@example.nl",
      "Webhook: (leeg) → hooks.example.nl",
      "Webhook-geheim: ingesteld",
    ]);
    const secretOnly = event("environment.settings_changed", "environment", ENVIRONMENT, {
      name: "Productie",
      webhookCredential: "cleared",
    });
    expect(words(secretOnly)).toMatchObject({
      action: "Webhook-geheim gewist",
      record: "Omgeving Productie",
      details: [],
    });
    expect(words(event("environment.created", "environment", ENVIRONMENT, {}, null)).who).toBe("systeem");
    expect(words(event("api_key.revoked", "api_key", null, { name: "K" }, "cli"), "en").who).toBe("command line");
  });

  test("an API key (a kind this branch does not list yet) reads well, its expiry as a day", () => {
    const e = EVERY_SHAPE.find((x) => x.action === "api_key.created") as StoredAuditEvent;
    expect(words(e)).toMatchObject({
      action: "API-sleutel aangemaakt",
      // "API-sleutel" once the branch that adds the kind is in; readable before that.
      record: expect.stringMatching(/^(Api key|API-sleutel) Facturatie productie$/),
      details: ["Sleutel begint met: a1b2c3d4", "Rechten: alleen lezen", "Verloopt op: 31-12-2016"],
    });
  });

  test("a write through the API: the key as who, the method, the Exact path and Exact's status", () => {
    const e = EVERY_SHAPE.find((x) => x.action === "administration.exact_write") as StoredAuditEvent;
    expect(words(e)).toMatchObject({
      who: "API-sleutel Facturatie productie (kop_a1b2c3d4e5_…)",
      action: "Geschreven in Exact Online via de API",
      record: "Administratie ONLINE",
      details: [
        "Methode: POST",
        "Exact-pad: 100/salesinvoice/SalesInvoices",
        "Antwoord van Exact Online (HTTP-status): 201",
      ],
    });
    const failed = event(
      "administration.exact_write",
      "administration",
      ADMINISTRATION,
      { caller: "F", prefix: "p", method: "DELETE", exactPath: "100/crm/Accounts", reason: "exact_timeout" },
      "api",
    );
    expect(words(failed, "en")).toMatchObject({
      who: "API key F (kop_p_…)",
      action: "Written to Exact Online through the API",
      details: ["Method: DELETE", "Exact path: 100/crm/Accounts", "Reason: Exact Online did not answer in time."],
    });
  });

  test("an action without words yet still reads, with the kind of record in words", () => {
    const e = event("oauth_login.paused", "oauth_login", LOGIN, {
      description: "Exact NL productie",
      untilAt: "2016-07-02T12:30:00Z",
      sessionId: PIET,
    });
    expect(words(e)).toMatchObject({
      action: "OAuth login: paused",
      record: "OAuth login Exact NL productie",
      details: ["Session id: (onbekend record)", "Until at: 2-7-2016 14:30"],
    });
    expect(words(event("Weird Thing", "widget", null, { nested: { a: 1, list: ["x", true] } }))).toMatchObject({
      action: "Widget: weird thing",
      record: "Widget",
      details: ["Nested: A: 1, List: x, ja"],
    });
  });

  // What a person must never see: a raw id, JSON, a code with underscores or a field's code name.
  test.each(LOCALES)("no event of any shape shows an id, JSON or a code, in %s", (locale) => {
    for (const e of [
      ...EVERY_SHAPE.map((x) => words(x, locale)),
      ...EVERY_SHAPE.map((x) => words(x, locale, new Map())),
    ]) {
      const text = [e.action, e.record, ...e.details].join("\n");
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
      expect(text).not.toMatch(/[{}"]|\[object/);
      expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
      expect(text).not.toMatch(/\b[a-z]+[A-Z][a-zA-Z]*\b/);
      expect(text).not.toMatch(/\b(true|false|null|undefined)\b/);
    }
  });
});

describe("referencedRecords", () => {
  test("the events' own records and the records their details name, once each", () => {
    const refs = referencedRecords(EVERY_SHAPE);
    expect(refs).toEqual(
      expect.arrayContaining([
        { kind: "user", id: PIET },
        { kind: "oauth_login", id: LOGIN },
        { kind: "oauth_login", id: OTHER_LOGIN },
        { kind: "administration", id: ADMINISTRATION },
        { kind: "division", id: DIVISION },
        { kind: "environment", id: ENVIRONMENT },
      ]),
    );
    expect(refs).toHaveLength(6);
  });

  test("ids that are no uuid are not looked up", () => {
    expect(referencedRecords([event("x.y", "user", "not-an-id", { oauthLoginId: "1; drop table" })])).toEqual([]);
  });
});
