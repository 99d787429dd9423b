import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { listAdministrations } from "@/lib/data/administrations";
import { listDivisionOverview } from "@/lib/data/division-overview";
import { environmentOf } from "@/lib/data/environments";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

export default async function SettingsPage() {
  const user = await requirePermission("portal.read");
  const environment = await environmentOf(user);
  const [t, admins, divisions] = await Promise.all([
    getTranslations("settings"),
    listAdministrations(environment.id),
    listDivisionOverview(environment.id),
  ]);
  return (
    <>
      <PageHeader title={t("title")} />
      <div role="tablist" aria-label={t("title")} className="mb-4 flex gap-2 border-b border-slate-200">
        <a
          role="tab"
          aria-selected="true"
          href="/system/settings?tab=divisions"
          className="border-b-2 border-blue-700 px-3 py-2 text-sm font-medium text-blue-900"
        >
          {t("tabs.divisions")}
        </a>
      </div>
      <section aria-labelledby="administrations" className="mb-8">
        <h2 id="administrations" className="mb-2 text-lg font-semibold">
          {t("administrations")}
        </h2>
        {admins.length === 0 ? (
          <EmptyState>{t("emptyAdministrations", { environment: environment.name })}</EmptyState>
        ) : (
          <table className="w-full border-collapse bg-white text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-600">
                <th className="px-3 py-2">{t("columns.description")}</th>
                <th className="px-3 py-2">{t("columns.type")}</th>
                <th className="px-3 py-2">{t("columns.oauthLogin")}</th>
                <th className="px-3 py-2">{t("columns.proxy")}</th>
              </tr>
            </thead>
            <tbody>
              {admins.map((a) => (
                <tr key={a.id} className="border-b border-slate-100">
                  <td className="px-3 py-2">{a.description}</td>
                  <td className="px-3 py-2">{t(`types.${a.type}`)}</td>
                  <td className="px-3 py-2">{a.oauthLogin ?? t("none")}</td>
                  <td className="px-3 py-2">{a.proxyServer ?? t("none")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="divisions">
        <h2 id="divisions" className="mb-2 text-lg font-semibold">
          {t("divisions")}
        </h2>
        {divisions.length === 0 ? (
          <EmptyState>{t("emptyDivisions", { environment: environment.name })}</EmptyState>
        ) : (
          <table className="w-full border-collapse bg-white text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-600">
                <th className="px-3 py-2">{t("columns.code")}</th>
                <th className="px-3 py-2">{t("columns.name")}</th>
                <th className="px-3 py-2">{t("columns.administration")}</th>
                <th className="px-3 py-2">{t("columns.exactDivision")}</th>
              </tr>
            </thead>
            <tbody>
              {divisions.map((d) => (
                <tr key={d.id} className="border-b border-slate-100">
                  <td className="px-3 py-2">{d.code}</td>
                  <td className="px-3 py-2">{d.name}</td>
                  <td className="px-3 py-2">{d.administration ?? t("none")}</td>
                  <td className="px-3 py-2">{d.exactDivision ?? t("none")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
