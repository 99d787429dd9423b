import { getTranslations } from "next-intl/server";
import { AttentionBanner } from "@/components/shell/attention-banner";
import { EnvironmentSwitcher } from "@/components/shell/environment-switcher";
import { KeepAliveStatus } from "@/components/shell/keep-alive-status";
import { SideNav } from "@/components/shell/side-nav";
import { UserMenu } from "@/components/shell/user-menu";
import { CurrentEnvironment } from "@/components/ui/current-environment";
import { can } from "@/lib/auth/permissions";
import { administrationsInError } from "@/lib/data/administrations-in-error";
import { currentEnvironment, listEnvironments } from "@/lib/data/environments";
import { loginsNeedingAttention } from "@/lib/data/logins-needing-attention";
import { headerClass } from "@/lib/environments/environment-colours";
import { exactConfig } from "@/lib/exact/exact-config";
import { requireUser } from "@/lib/guards/require-user";
import { recentKeepAliveRuns } from "@/lib/jobs/keep-alive-runs";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const [t, environments] = await Promise.all([getTranslations(), listEnvironments()]);
  const current = currentEnvironment(environments, user.environmentId);
  const [attention, brokenAdministrations, runs] = await Promise.all([
    current ? loginsNeedingAttention(current.id) : null,
    current ? administrationsInError(current.id) : 0,
    recentKeepAliveRuns(),
  ]);
  return (
    <div className="flex min-h-screen flex-col">
      {/* The first stop of Tab: past the header and the navigation, straight to the page. */}
      <a
        href="#main"
        className="sr-only z-50 rounded bg-white px-3 py-2 text-sm font-medium text-blue-800 shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        {t("nav.skipToContent")}
      </a>
      <header
        className={`flex items-center justify-between gap-4 px-4 py-2 text-white ${headerClass(current?.colour ?? "blue")}`}
        data-environment-colour={current?.colour}
      >
        <div className="flex items-center gap-6">
          <span className="text-lg font-semibold">{t("app.name")}</span>
          {exactConfig().simulated ? (
            <span
              title={t("header.simulatedHint")}
              className="rounded bg-amber-300 px-2 py-0.5 text-xs font-semibold text-amber-950"
              data-testid="simulated-badge"
            >
              {t("header.simulated")}
            </span>
          ) : null}
          <EnvironmentSwitcher
            environments={environments.map(({ id, name }) => ({ id, name }))}
            currentId={current?.id}
          />
        </div>
        <div className="flex items-center gap-4">
          <KeepAliveStatus runs={runs} detailed={can(user.role, "settings.change")} />
          <UserMenu name={user.name} email={user.email} role={user.role} />
        </div>
      </header>
      {attention && current ? (
        <AttentionBanner
          attention={attention}
          administrationsInError={brokenAdministrations}
          environment={current.name}
        />
      ) : null}
      <div className="flex flex-1">
        <SideNav showUsers={can(user.role, "users.manage")} showApiKeys={can(user.role, "api_keys.manage")} />
        <main id="main" tabIndex={-1} className="flex-1 overflow-x-auto p-6 focus:outline-none">
          {current ? (
            <CurrentEnvironment value={{ id: current.id, name: current.name, colour: current.colour }}>
              {children}
            </CurrentEnvironment>
          ) : (
            children
          )}
        </main>
      </div>
    </div>
  );
}
