import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listDivisionOverview } from "@/lib/data/division-overview";
import { environmentOf } from "@/lib/data/environments";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("overview"))("title") };
}

export default async function OverviewPage() {
  const user = await requireUser();
  const environment = await environmentOf(user);
  const [t, rows] = await Promise.all([getTranslations("overview"), listDivisionOverview(environment.id)]);
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
              <th className="px-3 py-2">{t("columns.exactDivision")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-b border-slate-100">
                <td className="px-3 py-2">
                  {r.code} - {r.name}
                </td>
                <td className="px-3 py-2">{r.administration ?? t("notLinked")}</td>
                <td className="px-3 py-2">{r.oauthLogin ?? t("notLinked")}</td>
                <td className="px-3 py-2">{r.exactDivision ?? t("notLinked")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
