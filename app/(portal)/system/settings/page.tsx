import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { listAdministrations, proxyHostPort } from "@/lib/data/administrations";
import { listDivisions } from "@/lib/data/divisions";
import { environmentOf } from "@/lib/data/environments";
import { notificationOverview } from "@/lib/data/notification-settings";
import { listOAuthLogins } from "@/lib/data/oauth-logins";
import { requirePermission } from "@/lib/guards/require-user";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { DivisionsAndAdministrations, GeneralSettingsForm } from "./_components/settings-tabs";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

const TABS = ["divisions", "general"] as const;
type Tab = (typeof TABS)[number];

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const user = await requirePermission("portal.read");
  const environment = await environmentOf(user);
  const { tab: requested } = await searchParams;
  const tab: Tab = (TABS as readonly string[]).includes(requested ?? "") ? (requested as Tab) : "divisions";
  const canChange = can(user.role, "settings.change");
  const [t, administrations, divisions, logins, notify] = await Promise.all([
    getTranslations("settings"),
    listAdministrations(environment.id),
    listDivisions(environment.id),
    listOAuthLogins(environment.id),
    tab === "general" ? notificationOverview(environment.id) : null,
  ]);
  return (
    <>
      <PageHeader environmentScoped title={t("title")} />
      <div role="tablist" aria-label={t("title")} className="mb-4 flex gap-2 border-b border-slate-200">
        {TABS.map((id) => (
          <Link
            key={id}
            role="tab"
            aria-selected={tab === id}
            href={`/system/settings?tab=${id}`}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
              tab === id ? "border-blue-700 text-blue-900" : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
          >
            {t(`tabs.${id}`)}
          </Link>
        ))}
      </div>
      <div role="tabpanel" aria-label={t(`tabs.${tab}`)}>
        {/* Both tabs' grids, dialogs and form: a login's state and reason (loginState, oauthLogins), */}
        {/* the Acties column (oauthLogins), a division without administration (overview.notLinked). */}
        <ClientMessages paths={["settings", "oauthLogins", "loginState", "linkState", "overview.notLinked"]}>
          {notify ? (
            <GeneralSettingsForm
              environment={environment.name}
              expiryWarningDays={environment.expiryWarningDays}
              colour={environment.colour}
              // A webhook URL's path can hold a key: only those who may change it see it whole.
              notify={
                canChange ? notify : { ...notify, webhookUrl: notify.webhookUrl ? (notify.webhookHost ?? "") : "" }
              }
              canChange={canChange}
            />
          ) : (
            <DivisionsAndAdministrations
              environment={environment.name}
              canChange={canChange}
              logins={logins.map((l) => ({
                id: l.id,
                description: l.description,
                state: {
                  status: l.status,
                  loginExpiresAt: l.loginExpiresAt,
                  lastError: l.lastError,
                  lastErrorValues: l.lastErrorValues,
                },
              }))}
              administrations={administrations.map(
                ({ lastTestAt, lastTestOk, lastTestMessage, lastTestReason, lastTestReasonValues, ...a }) => ({
                  ...a,
                  proxyHostPort: proxyHostPort(a.proxyServer),
                  // An admin reads the precise reason, as told when testing; everyone else what
                  // the overview says ("via de proxy mislukt": no port scanner for viewers).
                  lastTest: lastTestAt
                    ? {
                        at: lastTestAt.toISOString(),
                        ok: Boolean(lastTestOk),
                        message: (canChange && lastTestReason) || lastTestMessage,
                        values: (canChange && lastTestReason && lastTestReasonValues) || null,
                      }
                    : null,
                }),
              )}
              divisions={divisions}
            />
          )}
        </ClientMessages>
      </div>
    </>
  );
}
