import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { environmentOf } from "@/lib/data/environments";
import { listOAuthLogins } from "@/lib/data/oauth-logins";
import { EXACT_SITES } from "@/lib/exact/sites";
import { formatDate } from "@/lib/i18n/format-date";
import { resolveLocale } from "@/lib/i18n/locales";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("oauthLogins"))("title") };
}

export default async function OAuthLoginsPage() {
  const user = await requirePermission("portal.read");
  const environment = await environmentOf(user);
  const [t, locale, logins] = await Promise.all([
    getTranslations("oauthLogins"),
    getLocale(),
    listOAuthLogins(environment.id),
  ]);
  return (
    <>
      <PageHeader title={t("title")} intro={t("intro")} />
      {logins.length === 0 ? (
        <EmptyState>{t("empty", { environment: environment.name })}</EmptyState>
      ) : (
        <table className="w-full border-collapse bg-white text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-slate-600">
              <th className="px-3 py-2">{t("columns.description")}</th>
              <th className="px-3 py-2">{t("columns.url")}</th>
              <th className="px-3 py-2">{t("columns.expires")}</th>
              <th className="px-3 py-2">{t("columns.status")}</th>
              <th className="px-3 py-2">{t("columns.exactUser")}</th>
            </tr>
          </thead>
          <tbody>
            {logins.map((l) => (
              <tr key={l.id} className="border-b border-slate-100">
                <td className="px-3 py-2">{l.description}</td>
                <td className="px-3 py-2">{EXACT_SITES[l.site]}/</td>
                <td className="px-3 py-2">
                  {l.loginExpiresAt ? formatDate(l.loginExpiresAt, resolveLocale(locale)) : "—"}
                </td>
                <td className="px-3 py-2">{t(`status.${l.status}`)}</td>
                <td className="px-3 py-2">{l.exactFullName ?? l.exactUserName ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
