import { eq } from "drizzle-orm";
import { createTranslator } from "use-intl/core";
import { beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { listAuditEvents } from "@/lib/audit/audit-events";
import { createAdministration, deleteAdministration, updateAdministration } from "@/lib/data/administrations";
import { auditEventsInWords } from "@/lib/data/audit-in-words";
import { createDivision, deleteDivision, updateDivision } from "@/lib/data/divisions";
import { listEnvironments } from "@/lib/data/environments";
import { createOAuthLogin, deleteOAuthLogin, renameOAuthLogin } from "@/lib/data/oauth-logins";
import { recordRefusedAction } from "@/lib/data/record-refused-action";
import { createUser, setUserDisabled, setUserRole } from "@/lib/data/users";
import type { Translate } from "@/lib/i18n/describe-login-state";
import type { Locale } from "@/lib/i18n/locales";
import en from "@/messages/en.json";
import nl from "@/messages/nl.json";
import { administrationValues } from "../support/administration-values";
import { resetDatabase } from "../support/reset-database";
import { actorOf, makeUser } from "../support/users";

// The audit log's words for events recorded the way the portal records them: through the data
// layer, with the detail shapes it really stores, and records deleted afterwards.

const translator = (locale: Locale) =>
  createTranslator({ locale, messages: { nl, en }[locale], timeZone: "Europe/Amsterdam" }) as unknown as Translate;

const administration = administrationValues;

/** The whole log in words, oldest first, as "action | record | detail; detail". */
async function logInWords(locale: Locale = "nl"): Promise<string[]> {
  const { rows } = await listAuditEvents({ page: 1, pageSize: 500 });
  const described = await auditEventsInWords(rows.reverse(), translator(locale), locale);
  return described.map(({ words }) => [words.action, words.record, words.details.join("; ")].join(" | "));
}

let admin: ReturnType<typeof actorOf>;
let env: string;
beforeEach(async () => {
  process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
  await resetDatabase();
  admin = actorOf(await makeUser("admin@example.nl", "admin"));
  env = (await listEnvironments())[0].id;
  await getDb().execute("truncate audit_events");
});

describe("the audit log in words", () => {
  test("logins, administrations and divisions: named, changes as old → new, deleted ones by their stored names", async () => {
    const first = await createOAuthLogin(admin, env, { description: "Exact NL", site: "NL" });
    await renameOAuthLogin(admin, env, first.id, "Exact NL oud");
    const second = await createOAuthLogin(admin, env, { description: "Exact NL nieuw", site: "BE" });
    const { id: adminId } = await createAdministration(
      admin,
      env,
      administration({
        oauthLoginId: first.id,
        proxyServer: "proxy:3128",
        proxyUsername: "jan",
        proxyPassword: "geheim-123",
      }),
    );
    await updateAdministration(
      admin,
      env,
      adminId,
      administration({
        oauthLoginId: first.id,
        proxyServer: "proxy:3128",
        proxyUsername: "jan",
        proxyPassword: "nieuw-geheim-456",
      }),
    );
    await updateAdministration(
      admin,
      env,
      adminId,
      administration({ oauthLoginId: second.id, proxyServer: "proxy:3128", proxyUsername: "jan" }),
    );
    const { id: divisionId } = await createDivision(admin, env, {
      code: "100",
      name: "Hoofdkantoor",
      administrationId: adminId,
      exact: null,
    });
    await updateDivision(admin, env, divisionId, {
      code: "100",
      name: "Hoofdkantoor BV",
      administrationId: null,
      exact: null,
    });
    await deleteDivision(admin, env, divisionId);
    await deleteAdministration(admin, env, adminId);
    await deleteOAuthLogin(admin, env, first.id);

    expect(await logInWords()).toEqual([
      // A deleted record is named as it was called at the time.
      "OAuth login aangemaakt | OAuth login Exact NL (verwijderd) | Exact-site: https://start.exactonline.nl/",
      "OAuth login hernoemd | OAuth login Exact NL oud (verwijderd) | Omschrijving: Exact NL → Exact NL oud",
      "OAuth login aangemaakt | OAuth login Exact NL nieuw | Exact-site: https://start.exactonline.be/",
      "Administratie aangemaakt | Administratie ONLINE (verwijderd) | Type: Exact Online; OAuth login: Exact NL oud (verwijderd); Proxy server: proxy:3128; Proxy gebruikersnaam: jan; Proxy wachtwoord: ingesteld",
      "Proxywachtwoord gewijzigd | Administratie ONLINE (verwijderd) | ",
      "Administratie gewijzigd | Administratie ONLINE (verwijderd) | OAuth login: Exact NL oud (verwijderd) → Exact NL nieuw",
      "Divisie aangemaakt | Divisie 100 - Hoofdkantoor (verwijderd) | Administratie: ONLINE (verwijderd)",
      "Divisie gewijzigd | Divisie 100 - Hoofdkantoor BV (verwijderd) | Naam: Hoofdkantoor → Hoofdkantoor BV; Administratie: ONLINE (verwijderd) → (leeg)",
      "Divisie verwijderd | Divisie 100 - Hoofdkantoor BV (verwijderd) | ",
      "Administratie verwijderd | Administratie ONLINE (verwijderd) | ",
      "OAuth login verwijderd | OAuth login Exact NL oud (verwijderd) | Exact-site: https://start.exactonline.nl/",
    ]);
    const english = await logInWords("en");
    expect(english[4]).toBe("Proxy password changed | Administration ONLINE (deleted) | ");
    // No id, no JSON, no password, in either language.
    for (const line of [...(await logInWords()), ...english]) {
      expect(line).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|[{}"]|geheim/);
    }
  });

  test("users: created, role and block as old → new, a refusal, and a user gone from the database", async () => {
    const { user: piet } = await createUser(admin, {
      email: "piet@example.nl",
      name: "Piet Jansen",
      role: "viewer",
      password: "a-long-password-1",
    });
    await setUserRole(admin, piet.id, "admin");
    await setUserRole(admin, piet.id, "viewer");
    await setUserDisabled(admin, piet.id, true);
    await setUserDisabled(admin, piet.id, false);
    await recordRefusedAction(piet, { permission: "settings.change", reason: "role", path: "/system/settings" });

    const now = await logInWords();
    expect(now).toEqual([
      "Gebruiker aangemaakt | Gebruiker Piet Jansen (piet@example.nl) | Rol: Teamleider",
      "Rol gewijzigd | Gebruiker Piet Jansen (piet@example.nl) | Rol: Teamleider → Beheerder",
      "Rol gewijzigd | Gebruiker Piet Jansen (piet@example.nl) | Rol: Beheerder → Teamleider",
      "Gebruiker geblokkeerd | Gebruiker Piet Jansen (piet@example.nl) | Status: Actief → Geblokkeerd",
      "Gebruiker gedeblokkeerd | Gebruiker Piet Jansen (piet@example.nl) | Status: Geblokkeerd → Actief",
      "Handeling geweigerd | Gebruiker Piet Jansen (piet@example.nl) | Rol: Teamleider; Gevraagd recht: instellingen wijzigen; Reden: de rol geeft dit recht niet; Vanaf pagina: Algemene instellingen (/system/settings)",
    ]);

    // Gone from the database: named from what the events kept.
    await getDb().delete(users).where(eq(users.id, piet.id));
    const gone = await logInWords();
    expect(gone[0]).toBe(
      "Gebruiker aangemaakt | Gebruiker Piet Jansen (piet@example.nl) (verwijderd) | Rol: Teamleider",
    );
    expect(gone[1]).toBe("Rol gewijzigd | Gebruiker piet@example.nl (verwijderd) | Rol: Teamleider → Beheerder");
  });
});
