import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { SwitchEnvironmentNotice } from "@/components/shell/switch-environment-notice";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { listDivisions } from "@/lib/data/divisions";
import { environmentOf } from "@/lib/data/environments";
import { loginsOfExactUser } from "@/lib/data/logins-of-exact-user";
import { environmentOfLogin, listOAuthLogins } from "@/lib/data/oauth-logins";
import { siteDisplayUrl } from "@/lib/exact-sites";
import { requirePermission } from "@/lib/guards/require-user";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { formatDate } from "@/lib/i18n/format-date";
import { resolveLocale } from "@/lib/i18n/locales";
import { OAuthLoginsGrid } from "./_components/oauth-logins-grid";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("oauthLogins"))("title") };
}

const SUCCESS = new Set(["authorized"]);
const WARNING = new Set([
  "authorized_other_user",
  "authorized_divisions_missing",
  "authorized_same_exact_user",
  "me_failed",
]);

export default async function OAuthLoginsPage({
  searchParams,
}: {
  searchParams: Promise<{ notice?: string; login?: string; missing?: string }>;
}) {
  const user = await requirePermission("portal.read");
  const canChange = can(user.role, "settings.change");
  const environment = await environmentOf(user);
  const [t, locale, logins, params] = await Promise.all([
    getTranslations("oauthLogins"),
    getLocale(),
    listOAuthLogins(environment.id),
    searchParams,
  ]);
  const loc = resolveLocale(locale);

  // Division codes from the URL are only looked up, never shown as they came.
  const codes = new Set((params.missing ?? "").split(","));
  const missingDivisions = params.missing
    ? (await listDivisions(environment.id))
        .filter((d) => codes.has(d.code))
        .map((d) => `${d.code} - ${d.name}`)
        .join(", ")
    : "";

  // The outcome of the consent round-trip (or of a refused start), in words.
  let initialNotice = null;
  if (params.notice && t.has(`notices.${params.notice}`)) {
    const login = logins.find((l) => l.id === params.login);
    const sameUser =
      params.notice === "authorized_same_exact_user" && login?.exactUserId
        ? await loginsOfExactUser(login.site, login.exactUserId, login.id)
        : [];
    initialNotice = {
      kind: SUCCESS.has(params.notice) ? "success" : WARNING.has(params.notice) ? "warning" : "error",
      text: t(`notices.${params.notice}`, {
        description: login?.description ?? "",
        user: login?.exactFullName ?? login?.exactUserName ?? "",
        date: login?.loginExpiresAt ? formatDate(login.loginExpiresAt, loc) : "",
        divisions: missingDivisions,
        others: sameUser.map((o) => `${o.description} (${o.environment})`).join(", "),
      }),
    } as const;
  }

  // A link to a login of another environment (a notification e-mail's): offer to switch there.
  const elsewhere =
    params.login && !logins.some((l) => l.id === params.login) ? await environmentOfLogin(params.login) : null;

  return (
    <>
      {/* Only those who can make a login are told how. */}
      <PageHeader
        environmentScoped
        title={t("title")}
        intro={canChange ? `${t("intro")} ${t("introChange")}` : t("intro")}
      />
      {elsewhere && elsewhere.environmentId !== environment.id ? (
        <SwitchEnvironmentNotice
          text={t("inOtherEnvironment", {
            description: elsewhere.description,
            environment: elsewhere.environment,
            current: environment.name,
          })}
          environmentId={elsewhere.environmentId}
          environment={elsewhere.environment}
        />
      ) : null}
      {/* The grid and its dialog; a login's state and its reason come from loginState and oauthLogins. */}
      <ClientMessages paths={["oauthLogins", "loginState", "linkState"]}>
        <OAuthLoginsGrid
          environment={environment.name}
          canChange={canChange}
          initialNotice={initialNotice}
          logins={logins.map((l) => ({
            id: l.id,
            description: l.description,
            site: l.site,
            siteUrl: siteDisplayUrl(l.site),
            status: l.status,
            exactUser: l.exactFullName ? `${l.exactFullName} (${l.exactUserName})` : l.exactUserName,
            loginExpiresAt: l.loginExpiresAt?.toISOString() ?? null,
            lastError: l.lastError,
            lastErrorValues: l.lastErrorValues,
          }))}
        />
      </ClientMessages>
    </>
  );
}
