import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listDivisionOverview } from "@/lib/data/division-overview";
import { environmentOf } from "@/lib/data/environments";
import { siteDisplayUrl } from "@/lib/exact/sites";
import { describeLoginState } from "@/lib/i18n/describe-login-state";
import { formatDateTime } from "@/lib/i18n/format-date";
import { resolveLocale } from "@/lib/i18n/locales";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("overview"))("title") };
}

export default async function OverviewPage() {
  const user = await requireUser();
  const environment = await environmentOf(user);
  const [t, tRoot, rows, locale] = await Promise.all([
    getTranslations("overview"),
    getTranslations(),
    listDivisionOverview(environment.id),
    getLocale(),
  ]);
  const loc = resolveLocale(locale);
  // Valid until …, expiring in N days, or what a person must do: the words of every screen.
  const tokenState = (r: (typeof rows)[number]) =>
    r.tokenStatus ? describeLoginState(tRoot, { ...r, status: r.tokenStatus }, loc) : "—";
  return (
    <>
      <PageHeader title={t("title")} intro={t("intro")} />
      {rows.length === 0 ? (
        <EmptyState hint={can(user.role, "settings.change") ? t("emptyAdmin") : undefined}>
          {t("empty", { environment: environment.name })}
        </EmptyState>
      ) : (
        <table className="w-full border-collapse bg-white text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-slate-600">
              <th className="px-3 py-2">{t("columns.division")}</th>
              <th className="px-3 py-2">{t("columns.administration")}</th>
              <th className="px-3 py-2">{t("columns.oauthLogin")}</th>
              <th className="px-3 py-2">{t("columns.site")}</th>
              <th className="px-3 py-2">{t("columns.exactDivision")}</th>
              <th className="px-3 py-2">{t("columns.tokenState")}</th>
              <th className="px-3 py-2">{t("columns.lastCheck")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-division={r.code} className="border-b border-slate-100">
                <td className="px-3 py-2">
                  {r.code} - {r.name}
                </td>
                <td className="px-3 py-2">{r.administration ?? t("notLinked")}</td>
                <td className="px-3 py-2">{r.oauthLogin ?? t("notLinked")}</td>
                <td className="px-3 py-2">{r.site ? siteDisplayUrl(r.site) : "—"}</td>
                <td className="px-3 py-2">{r.exactDivision ?? t("notLinked")}</td>
                <td className="px-3 py-2">{tokenState(r)}</td>
                <td className="px-3 py-2">{r.lastCheckAt ? formatDateTime(r.lastCheckAt, loc) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
